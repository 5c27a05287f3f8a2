import {
  BACKTEST_DEFAULTS,
  BacktestLimitError,
  BacktestParamError,
  LegAligner,
  resolveParams,
  runBacktest,
  runSweep,
  type AlignedBar,
  type BacktestLimits,
  type BacktestMetrics,
  type BacktestParams,
  type EquityPoint,
  type Fill,
  type SweepCell,
  type SweepMetric,
  type Trade,
} from '@tickstream/analytics';
import type { Interval } from '@tickstream/schema';
import { ApiError } from '../errors';
import type { BarClose } from '../storage/candles-store';
import {
  decodeCursor,
  encodeCursor,
  parseCount,
  parseExchange,
  parseInterval,
  parseRange,
  parseSymbol,
} from './args';
import type { CandlesOperations } from './candles';
import { cacheKey, tags, type OperationsDeps } from './context';
import type { Page } from './relay';

/** The backtest's arguments as GraphQL or a JSON body gives them; checked here. */
export interface BacktestArgs {
  readonly symbolX?: unknown;
  readonly symbolY?: unknown;
  readonly exchange?: unknown;
  readonly interval?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly fill?: unknown;
  readonly hedge?: unknown;
  readonly entry?: unknown;
  readonly exit?: unknown;
  readonly stop?: unknown;
  readonly maxBars?: unknown;
  readonly capital?: unknown;
  readonly feeBps?: unknown;
  readonly slippageBps?: unknown;
  readonly window?: unknown;
  readonly zWindow?: unknown;
}

export interface BacktestSweepArgs extends BacktestArgs {
  readonly entries?: unknown;
  readonly exits?: unknown;
  readonly windows?: unknown;
  readonly metric?: unknown;
}

/** An equity point with the drawdown the dashboard charts beside it. */
export interface EquityPointOut extends EquityPoint {
  readonly drawdown: number;
}

/** One run as every surface returns it (GraphQL pages `equity` itself). */
export interface BacktestRun {
  readonly pair: string;
  readonly symbolX: string;
  readonly symbolY: string;
  readonly interval: Interval;
  readonly from: number;
  readonly to: number;
  readonly bars: number;
  readonly params: BacktestParams;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly Trade[];
  readonly fills: readonly Fill[];
  readonly equity: readonly EquityPointOut[];
}

export interface BacktestSweepOut {
  readonly pair: string;
  readonly symbolX: string;
  readonly symbolY: string;
  readonly interval: Interval;
  readonly from: number;
  readonly to: number;
  readonly bars: number;
  readonly metric: SweepMetric;
  readonly entries: number[];
  readonly exits: number[];
  readonly windows: number[];
  readonly cells: SweepCell[];
}

/** The metrics a sweep can report, in the order BacktestMetrics lists them. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  'totalPnl',
  'totalReturn',
  'sharpe',
  'barsPerYear',
  'maxDrawdown',
  'maxDrawdownAbs',
  'tradeCount',
  'hitRate',
  'avgBarsHeld',
  'exposure',
  'turnover',
  'feesPaid',
  'bars',
];

/** Most values per axis of a sweep grid. */
export const MAX_GRID_VALUES = 50;
export const DEFAULT_EQUITY_PAGE = 1_000;

const given = (v: unknown) => v !== undefined && v !== null;

const NUMERIC_PARAMS = [
  'entry',
  'exit',
  'stop',
  'maxBars',
  'capital',
  'feeBps',
  'slippageBps',
  'window',
  'zWindow',
] as const satisfies readonly (keyof BacktestParams)[];

/**
 * The parameters given (absent ones take resolveParams' defaults). Types are checked here,
 * values by resolveParams, so the message names the parameter either way.
 */
function partialParams(args: BacktestArgs): Partial<BacktestParams> {
  const out: { -readonly [K in keyof BacktestParams]?: BacktestParams[K] } = {};
  for (const field of ['fill', 'hedge'] as const) {
    const v = args[field];
    if (!given(v)) continue;
    if (typeof v !== 'string')
      throw new BacktestParamError(field, `${field} must be a string, got ${typeof v}`);
    // resolveParams names the allowed values when this one is not among them.
    (out as Record<string, unknown>)[field] = v;
  }
  for (const field of NUMERIC_PARAMS) {
    const v = args[field];
    if (!given(v)) continue;
    if (typeof v !== 'number')
      throw new BacktestParamError(field, `${field} must be a number, got ${JSON.stringify(v)}`);
    out[field] = v;
  }
  return out;
}

function paramError(error: BacktestParamError): ApiError {
  return new ApiError('invalid-backtest-params', error.message, {
    field: error.field,
    argument: `input.${error.field}`,
  });
}

function limitError(error: BacktestLimitError): ApiError {
  return new ApiError(error.code, error.message, { limit: error.limit, actual: error.actual });
}

/** The analytics' typed errors as the API's, with their codes kept. */
function asApiError(error: unknown): unknown {
  if (error instanceof BacktestParamError) return paramError(error);
  if (error instanceof BacktestLimitError) return limitError(error);
  return error;
}

function checkParams(partial: Partial<BacktestParams>): BacktestParams {
  try {
    return resolveParams(partial);
  } catch (error) {
    throw asApiError(error);
  }
}

interface RangeRequest {
  readonly symbolX: string;
  readonly symbolY: string;
  readonly exchange: string | undefined;
  readonly interval: Interval;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

function parseRangeRequest(args: BacktestArgs): RangeRequest {
  const symbolX = parseSymbol(args.symbolX, 'symbolX');
  const symbolY = parseSymbol(args.symbolY, 'symbolY');
  if (symbolX === symbolY) {
    throw new ApiError('BAD_USER_INPUT', 'symbolX and symbolY must differ', {
      argument: 'symbolY',
    });
  }
  const range = parseRange(args.from, args.to);
  return {
    symbolX,
    symbolY,
    exchange: parseExchange(args.exchange),
    interval: parseInterval(args.interval ?? '1m'),
    from: range.from,
    to: range.to,
  };
}

function gridValues(raw: unknown, name: 'entries' | 'exits' | 'windows'): number[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_GRID_VALUES) {
    throw new ApiError('BAD_USER_INPUT', `${name} must list 1 to ${MAX_GRID_VALUES} numbers`, {
      argument: name,
    });
  }
  return raw.map((v: unknown) => {
    const ok =
      typeof v === 'number' && Number.isFinite(v) && (name !== 'windows' || Number.isInteger(v));
    if (!ok) {
      throw new ApiError(
        'BAD_USER_INPUT',
        `${name} must hold ${name === 'windows' ? 'integers' : 'finite numbers'}, got ${JSON.stringify(v)}`,
        { argument: name },
      );
    }
    return v as number;
  });
}

function parseMetric(raw: unknown): SweepMetric {
  const metric = SWEEP_METRICS.find((m) => m === (raw ?? 'sharpe'));
  if (metric === undefined) {
    throw new ApiError('BAD_USER_INPUT', `metric must be one of ${SWEEP_METRICS.join(', ')}`, {
      argument: 'metric',
    });
  }
  return metric;
}

/**
 * As-of join of the legs, exactly as the live pair stage joins them (LegAligner). The legs
 * are fed merged in time order, as they arrive live: the aligner's result does not depend on
 * the order, but fed one whole leg first it would queue all of it (86,400 1s bars: 0.3 s).
 */
export function alignLegs(legX: readonly BarClose[], legY: readonly BarClose[]): AlignedBar[] {
  const aligner = new LegAligner();
  const out: AlignedBar[] = [];
  const take = (bars: readonly AlignedBar[]) => {
    for (const bar of bars) out.push(bar);
  };
  let i = 0;
  let j = 0;
  while (i < legX.length || j < legY.length) {
    const x = legX[i];
    const y = legY[j];
    if (x !== undefined && (y === undefined || x.start <= y.start)) {
      take(aligner.add('x', x.start, x.close));
      i += 1;
    } else if (y !== undefined) {
      take(aligner.add('y', y.start, y.close));
      j += 1;
    }
  }
  return out;
}

/** Equity points with the fall from the running peak (from capital), as the metrics count it. */
export function withDrawdown(equity: readonly EquityPoint[], capital: number): EquityPointOut[] {
  let peak = capital;
  // Literal objects of one shape: a spread per point cost several times as much (86,400 points).
  return equity.map((p) => {
    if (p.equity > peak) peak = p.equity;
    return {
      index: p.index,
      time: p.time,
      equity: p.equity,
      realized: p.realized,
      unrealized: p.unrealized,
      position: p.position,
      drawdown: (peak - p.equity) / peak,
    };
  });
}

/** A forward Relay page of an in-memory list, cursors holding the index. */
export function pageOf<T>(
  items: readonly T[],
  args: { first?: unknown; after?: unknown },
  maxRows: number,
): Page<T> & { totalCount: number } {
  const first = given(args.first)
    ? parseCount(args.first, 'first', { min: 0, max: maxRows })
    : Math.min(DEFAULT_EQUITY_PAGE, maxRows);
  const start = given(args.after) ? (decodeCursor(args.after, 'after', ['n'])[0] as number) + 1 : 0;
  if (start < 0 || start > items.length) {
    throw new ApiError('INVALID_CURSOR', 'after is not a cursor of this backtest', {
      argument: 'after',
    });
  }
  const edges = items
    .slice(start, start + first)
    .map((node, i) => ({ cursor: encodeCursor([start + i]), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

/**
 * Both legs' final closes of the range, as-of aligned. Each leg is read up to what the bar
 * limit leaves per cell, one bar more to tell that it is over; the read counts against the
 * time budget.
 */
async function readAlignedBars(
  candles: Pick<CandlesOperations, 'finalCloses'>,
  q: RangeRequest,
  cells: number,
  limits: Required<Pick<BacktestLimits, 'maxBars' | 'timeBudgetMs' | 'now' | 'startedAt'>>,
): Promise<AlignedBar[]> {
  const { maxBars, timeBudgetMs, now } = limits;
  const perLeg = Math.max(1, Math.floor(maxBars / cells));
  const legs = await Promise.all(
    [q.symbolX, q.symbolY].map((symbol) =>
      candles.finalCloses(
        { symbol, interval: q.interval, exchange: q.exchange, from: q.from, to: q.to },
        perLeg + 1,
      ),
    ),
  );
  for (const [i, leg] of legs.entries()) {
    if (leg.length > perLeg) {
      const symbol = i === 0 ? q.symbolX : q.symbolY;
      throw limitError(
        new BacktestLimitError(
          'bars-limit-exceeded',
          maxBars,
          leg.length * cells,
          `backtest would read more than ${perLeg} ${q.interval} bars of ${symbol}${cells > 1 ? ` for each of ${cells} cells` : ''}, over the limit of ${maxBars}${cells > 1 ? ' bar-runs' : ' bars'}: shorten the time range, use a longer bar interval${cells > 1 ? ' or fewer grid values' : ''}`,
        ),
      );
    }
  }
  const bars = alignLegs(legs[0] ?? [], legs[1] ?? []);
  const spent = now() - limits.startedAt;
  if (spent > timeBudgetMs) {
    throw limitError(
      new BacktestLimitError(
        'time-budget-exceeded',
        timeBudgetMs,
        spent,
        `backtest stopped after ${Math.round(spent)} ms reading its bars, over its time budget of ${timeBudgetMs} ms: shorten the time range or use a longer bar interval`,
      ),
    );
  }
  return bars;
}

export interface BacktestDeps {
  readonly settings: Pick<OperationsDeps['settings'], 'backtestMaxBars' | 'backtestTimeBudgetMs'>;
  readonly cache: OperationsDeps['cache'];
  /** The clock of the time budget, ms; performance.now by default. */
  readonly now?: () => number;
}

export interface BacktestOperations {
  /** Null when the legs have no aligned bar in the range. */
  backtest(args: BacktestArgs): Promise<BacktestRun | null>;
  backtestSweep(args: BacktestSweepArgs): Promise<BacktestSweepOut | null>;
}

/**
 * Backtests over stored bars: read both legs' final closes of the range (no more than the
 * bar limit allows), align them as the pair stage does, run analytics' backtester. The
 * limits cover the whole call: the read counts against the time budget.
 */
export function createBacktestOperations(
  deps: BacktestDeps,
  candles: Pick<CandlesOperations, 'finalCloses'>,
): BacktestOperations {
  const now = deps.now ?? (() => performance.now());
  const { backtestMaxBars: maxBars, backtestTimeBudgetMs: timeBudgetMs } = deps.settings;

  const limitsFrom = () => ({ maxBars, timeBudgetMs, now, startedAt: now() });
  const pairTags = (q: RangeRequest) => [
    tags.finalCandles(q.symbolX),
    tags.finalCandles(q.symbolY),
  ];

  /**
   * Reads and aligns the range's bars (`cells` runs of them count against the bar limit),
   * then runs `work` on them; null when the legs have no aligned bar in the range. The
   * backtester's own errors become API errors.
   */
  async function overRange<T extends object>(
    q: RangeRequest,
    cells: number,
    work: (bars: AlignedBar[], limits: ReturnType<typeof limitsFrom>) => T,
  ) {
    const limits = limitsFrom();
    const bars = await readAlignedBars(candles, q, cells, limits);
    const first = bars[0];
    const last = bars[bars.length - 1];
    if (first === undefined || last === undefined) return null;
    let result: T;
    try {
      result = work(bars, limits);
    } catch (error) {
      throw asApiError(error);
    }
    return {
      pair: `${q.symbolY}/${q.symbolX}`,
      symbolX: q.symbolX,
      symbolY: q.symbolY,
      interval: q.interval,
      from: first.time,
      to: last.time,
      bars: bars.length,
      ...result,
    };
  }

  return {
    async backtest(args) {
      const q = parseRangeRequest(args);
      let partial: Partial<BacktestParams>;
      try {
        partial = partialParams(args);
      } catch (error) {
        throw asApiError(error);
      }
      const params = checkParams(partial);
      return deps.cache.get(cacheKey('backtest', { q, params }), pairTags(q), () =>
        overRange(q, 1, (bars, limits) => {
          const result = runBacktest({ interval: q.interval, bars }, params, limits);
          return {
            params: result.params,
            metrics: result.metrics,
            trades: result.trades,
            fills: result.fills,
            equity: withDrawdown(result.equity, result.params.capital),
          };
        }),
      );
    },

    async backtestSweep(args) {
      const q = parseRangeRequest(args);
      const entries = gridValues(args.entries, 'entries');
      const exits = gridValues(args.exits, 'exits');
      const windows = gridValues(args.windows, 'windows');
      const metric = parseMetric(args.metric);
      let base: Partial<BacktestParams>;
      try {
        base = partialParams({ ...args, entry: undefined, exit: undefined, window: undefined });
      } catch (error) {
        throw asApiError(error);
      }
      // The parameters the grid does not vary are checked once: a bad one is the request's
      // fault, not a cell's. The stop is checked per cell, as it depends on the entry.
      checkParams({
        ...base,
        entry: BACKTEST_DEFAULTS.entry,
        exit: BACKTEST_DEFAULTS.exit,
        window: BACKTEST_DEFAULTS.window,
        stop: undefined,
      });
      const cells = entries.length * exits.length * windows.length;
      const key = cacheKey('backtest-sweep', { q, base, entries, exits, windows, metric });
      return deps.cache.get(key, pairTags(q), () =>
        overRange(q, cells, (bars, limits) => {
          const result = runSweep(
            { interval: q.interval, bars },
            base,
            { entry: entries, exit: exits, window: windows },
            metric,
            limits,
          );
          return { metric, entries, exits, windows, cells: [...result.cells] };
        }),
      );
    },
  };
}
