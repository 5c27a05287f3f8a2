import {
  PAIR_SCREEN_COLUMNS,
  PAIR_SCREEN_SELECT,
  pairScreenOfRow,
  TABLES,
  type Interval,
  type PairScreenReadRow,
  type ScreenerSpec,
} from '@tickstream/schema';
import { ApiError } from '../errors';
import type {
  PairScreenOrder,
  PairScreenRanking,
  ScreenedPair,
  ScreenZScorePoint,
} from '../generated/graphql';
import { reasonsList } from '../storage/analytics-store';
import { selectRows, type Params } from '../storage/rows';
import { parseBoolean, parseCount, parseInterval, parseSymbol } from './args';
import type { OperationsDeps } from './context';

export interface PairScreenArgs {
  readonly interval?: unknown;
  readonly window?: unknown;
  readonly orderBy?: unknown;
  readonly descending?: unknown;
  readonly top?: unknown;
  readonly offset?: unknown;
  readonly filters?: unknown;
}

/** A screened pair as the operation returns it: its sparkline is read when asked for. */
export type ScreenedPairRow = Omit<ScreenedPair, 'zScoreHistory'> & {
  /** The pair's last `points` z-scores, oldest first; one read serves the whole page. */
  readonly history: (points: unknown) => Promise<ScreenZScorePoint[]>;
};

export type PairScreenRankingOut = Omit<PairScreenRanking, 'rows'> & {
  readonly rows: ScreenedPairRow[];
};

interface ScreenFilters {
  readonly minCorrelation?: number;
  readonly maxPValue?: number;
  readonly minHalfLife?: number;
  readonly maxHalfLife?: number;
  readonly minAbsZScore?: number;
  readonly symbols?: readonly string[];
}

/** A ranking request with every argument checked and every default applied. */
export interface PairScreenRequest {
  readonly interval: Interval;
  readonly window: number;
  readonly orderBy: PairScreenOrder;
  readonly descending: boolean;
  readonly top: number;
  readonly offset: number;
  readonly filters: ScreenFilters;
}

export const MAX_SCREEN_TOP = 10_000;
export const MAX_SCREEN_POINTS = 500;
const DEFAULT_TOP = 50;
const MAX_WINDOW = 5_000;
const MAX_FILTER_SYMBOLS = 400;

/**
 * Each order's SQL expression and natural direction (small p-values, half-lives and Hurst
 * exponents first; large correlations and |z| first). The expressions are fixed text: no
 * argument ever reaches the ORDER BY.
 */
export const SCREEN_ORDERS: Readonly<
  Record<PairScreenOrder, { readonly sql: string; readonly descending: boolean }>
> = {
  P_VALUE: { sql: PAIR_SCREEN_COLUMNS.pValue, descending: false },
  COINT_P_VALUE: { sql: PAIR_SCREEN_COLUMNS.cointPValue, descending: false },
  COINT_P_VALUE_REVERSE: { sql: PAIR_SCREEN_COLUMNS.cointPValueReverse, descending: false },
  ADF_P_VALUE: { sql: PAIR_SCREEN_COLUMNS.adfPValue, descending: false },
  CORRELATION: { sql: PAIR_SCREEN_COLUMNS.correlation, descending: true },
  RETURN_CORRELATION: { sql: PAIR_SCREEN_COLUMNS.returnCorrelation, descending: true },
  HALF_LIFE: { sql: PAIR_SCREEN_COLUMNS.halfLife, descending: false },
  HURST: { sql: PAIR_SCREEN_COLUMNS.hurst, descending: false },
  ABS_Z_SCORE: { sql: `abs(${PAIR_SCREEN_COLUMNS.zScore})`, descending: true },
  PAIR: { sql: 'pair', descending: false },
};

export const SCREEN_ORDER_NAMES = Object.keys(SCREEN_ORDERS) as PairScreenOrder[];

type NumericFilter = Exclude<keyof ScreenFilters, 'symbols'>;

/** Each numeric filter's condition; a null figure compares as NULL, so it fails the filter. */
const NUMERIC_FILTERS: Readonly<Record<NumericFilter, string>> = {
  minCorrelation: `${PAIR_SCREEN_COLUMNS.correlation} >= {minCorrelation:Float64}`,
  maxPValue: `${PAIR_SCREEN_COLUMNS.pValue} <= {maxPValue:Float64}`,
  minHalfLife: `${PAIR_SCREEN_COLUMNS.halfLife} >= {minHalfLife:Float64}`,
  maxHalfLife: `${PAIR_SCREEN_COLUMNS.halfLife} <= {maxHalfLife:Float64}`,
  minAbsZScore: `abs(${PAIR_SCREEN_COLUMNS.zScore}) >= {minAbsZScore:Float64}`,
};
const NUMERIC_FILTER_NAMES = Object.keys(NUMERIC_FILTERS) as NumericFilter[];

const absent = (raw: unknown) => raw === undefined || raw === null || raw === '';

function parseOrder(raw: unknown): PairScreenOrder {
  if (absent(raw)) return 'P_VALUE';
  const name = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  const order = SCREEN_ORDER_NAMES.find((o) => o === name);
  if (order === undefined) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `orderBy must be one of ${SCREEN_ORDER_NAMES.join(', ')} (any case)`,
      { argument: 'orderBy' },
    );
  }
  return order;
}

function parseNumber(raw: unknown, name: string): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ApiError('BAD_USER_INPUT', `${name} must be a finite number`, { argument: name });
  }
  return value;
}

function parseFilters(raw: unknown): ScreenFilters {
  if (absent(raw)) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ApiError('BAD_USER_INPUT', 'filters must be an object of PairScreenFilters', {
      argument: 'filters',
    });
  }
  const input = raw as Readonly<Record<string, unknown>>;
  const filters: { -readonly [K in keyof ScreenFilters]: ScreenFilters[K] } = {};
  for (const name of NUMERIC_FILTER_NAMES) {
    if (!absent(input[name])) filters[name] = parseNumber(input[name], name);
  }
  if (
    filters.minHalfLife !== undefined &&
    filters.maxHalfLife !== undefined &&
    filters.minHalfLife > filters.maxHalfLife
  ) {
    throw new ApiError('BAD_USER_INPUT', 'minHalfLife must not exceed maxHalfLife', {
      argument: 'minHalfLife',
    });
  }
  const symbols = input['symbols'];
  if (!absent(symbols)) {
    if (!Array.isArray(symbols) || symbols.length === 0 || symbols.length > MAX_FILTER_SYMBOLS) {
      throw new ApiError(
        'BAD_USER_INPUT',
        `symbols must list 1 to ${MAX_FILTER_SYMBOLS} symbols, e.g. ["BTCUSDT", "ETHUSDT"]`,
        { argument: 'symbols' },
      );
    }
    filters.symbols = [...new Set(symbols.map((s) => parseSymbol(s, 'symbols')))];
  }
  return filters;
}

/** interval and window: the arguments', else the screener's (SCREENER_INTERVAL, SCREENER_WINDOW). */
function universeOf(
  args: Pick<PairScreenArgs, 'interval' | 'window'>,
  screener: ScreenerSpec | null,
): { interval: Interval; window: number } {
  const missing = [absent(args.interval) && 'interval', absent(args.window) && 'window'].filter(
    (m): m is string => typeof m === 'string',
  );
  if (screener === null && missing.length > 0) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `the screener is off on this server (SCREENER_SYMBOLS=none), so ${missing.join(' and ')} has no default: give ${missing.join(' and ')} of the stored screener rows to read`,
      { argument: missing[0] },
    );
  }
  return {
    interval: absent(args.interval)
      ? (screener as ScreenerSpec).interval
      : parseInterval(args.interval),
    window: absent(args.window)
      ? (screener as ScreenerSpec).window
      : parseCount(args.window, 'window', { min: 2, max: MAX_WINDOW }),
  };
}

/** Checks a ranking request and applies its defaults; the same checks for every entry point. */
export function parsePairScreenArgs(
  args: PairScreenArgs,
  screener: ScreenerSpec | null,
): PairScreenRequest {
  const orderBy = parseOrder(args.orderBy);
  return {
    ...universeOf(args, screener),
    orderBy,
    descending: parseBoolean(args.descending, 'descending', SCREEN_ORDERS[orderBy].descending),
    top: absent(args.top) ? DEFAULT_TOP : parseCount(args.top, 'top', { max: MAX_SCREEN_TOP }),
    offset: absent(args.offset)
      ? 0
      : parseCount(args.offset, 'offset', { min: 0, max: 2_147_483_647 }),
    filters: parseFilters(args.filters),
  };
}

/** The WHERE conditions of the filters given, with their parameters. */
function filterSql(filters: ScreenFilters): { conditions: string[]; params: Params } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const name of NUMERIC_FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined) continue;
    conditions.push(NUMERIC_FILTERS[name]);
    params[name] = value;
  }
  if (filters.symbols !== undefined) {
    conditions.push(
      'has({symbols:Array(String)}, symbol_x) AND has({symbols:Array(String)}, symbol_y)',
    );
    params['symbols'] = filters.symbols;
  }
  return { conditions, params };
}

interface SummaryRow {
  readonly pairs: number | string;
  readonly total: number | string;
  readonly time_ms: number | string | null;
  readonly symbols: string[];
}

interface HistoryRow {
  readonly pair: string;
  readonly time_ms: number | string;
  readonly zscore: number | null;
}

// FINAL in a subquery: the ranking orders and filters the deduplicated rows, never a row a
// newer one of its pair has replaced (a screener writes every pair each bar, so parts merge
// while it is read; with FINAL beside ORDER BY … LIMIT a page once showed new values in an
// older row's order, in the demo's end-to-end test).
const UNIVERSE = `FROM (
    SELECT * FROM ${TABLES.pairScreenLatest} FINAL
    WHERE bar_interval = {interval:String} AND screen_window = {window:UInt32}
  ) WHERE 1`;

/**
 * The z-score sparklines of a page, read once per `points` asked for (a page asks once): the
 * rows' resolvers share it, so a page of any size costs one query, not one per row.
 */
function historyLoader(
  deps: OperationsDeps,
  request: PairScreenRequest,
  pairs: readonly string[],
): (pair: string, rawPoints: unknown) => Promise<ScreenZScorePoint[]> {
  const loads = new Map<number, Promise<Map<string, ScreenZScorePoint[]>>>();
  const load = async (points: number) => {
    const rows = await selectRows<HistoryRow>(
      deps.clickhouse,
      `SELECT pair, toUnixTimestamp64Milli(time) AS time_ms, zscore
       FROM ${TABLES.pairScreen} FINAL
       WHERE bar_interval = {interval:String} AND screen_window = {window:UInt32}
         AND pair IN {pairs:Array(String)}
       ORDER BY pair, time DESC
       LIMIT {points:UInt32} BY pair`,
      { interval: request.interval, window: request.window, pairs, points },
      'reading the screener z-score history',
    );
    const byPair = new Map<string, ScreenZScorePoint[]>();
    for (const row of rows) {
      const list = byPair.get(row.pair) ?? [];
      list.push({ time: Number(row.time_ms), zScore: row.zscore === null ? null : row.zscore });
      byPair.set(row.pair, list);
    }
    for (const list of byPair.values()) list.reverse();
    return byPair;
  };
  return async (pair, rawPoints) => {
    const points = parseCount(rawPoints, 'points', { max: MAX_SCREEN_POINTS });
    let loaded = loads.get(points);
    if (loaded === undefined) loads.set(points, (loaded = load(points)));
    return (await loaded).get(pair) ?? [];
  };
}

/**
 * The screener's ranking: the newest row of every pair of the universe (`pair_screen_latest`
 * FINAL) for the interval and window, filtered, ordered nulls last with ties by pair name,
 * one page of it. Not cached: the screener rewrites every row each screened bar, and the
 * subscription, which reads it most, shares one execution per group of subscribers.
 */
export async function pairScreen(
  deps: OperationsDeps,
  request: PairScreenRequest,
): Promise<PairScreenRankingOut> {
  const { conditions, params } = filterSql(request.filters);
  const filtered = conditions.length === 0 ? '1' : conditions.join(' AND ');
  const order = SCREEN_ORDERS[request.orderBy];
  const direction = request.descending ? 'DESC' : 'ASC';
  const base = { interval: request.interval, window: request.window, ...params };
  const [summaries, rows] = await Promise.all([
    selectRows<SummaryRow>(
      deps.clickhouse,
      `SELECT count() AS pairs, countIf(${filtered}) AS total,
         if(count() = 0, NULL, toUnixTimestamp64Milli(max(time))) AS time_ms,
         arraySort(arrayDistinct(arrayConcat(
           groupUniqArray(toString(symbol_x)), groupUniqArray(toString(symbol_y))))) AS symbols
       ${UNIVERSE}`,
      base,
      'reading the screener universe',
    ),
    selectRows<PairScreenReadRow>(
      deps.clickhouse,
      `SELECT ${PAIR_SCREEN_SELECT} ${UNIVERSE} AND ${filtered}
       ORDER BY ${order.sql} ${direction} NULLS LAST, pair ASC
       LIMIT {top:UInt32} OFFSET {offset:UInt64}`,
      { ...base, top: request.top, offset: request.offset },
      'reading the screener ranking',
    ),
  ]);
  const summary = summaries[0];
  const history = historyLoader(
    deps,
    request,
    rows.map((r) => r.pair),
  );
  return {
    interval: request.interval,
    window: request.window,
    orderBy: request.orderBy,
    descending: request.descending,
    time: summary?.time_ms === null || summary === undefined ? null : Number(summary.time_ms),
    symbols: summary?.symbols ?? [],
    pairs: Number(summary?.pairs ?? 0),
    total: Number(summary?.total ?? 0),
    rows: rows.map((row, i) => screenedPair(row, request.offset + i + 1, history)),
  };
}

function screenedPair(
  row: PairScreenReadRow,
  rank: number,
  history: (pair: string, points: unknown) => Promise<ScreenZScorePoint[]>,
): ScreenedPairRow {
  const { type: _type, nullReasons, ...event } = pairScreenOfRow(row);
  return {
    rank,
    ...event,
    nullReasons: reasonsList(nullReasons),
    history: (points) => history(event.pair, points),
  };
}
