import type { ClickHouseClient } from '@tickstream/core';
import type { PairAnalyticsRow } from '@tickstream/schema';
import type { Alert, FigureReason, PairAnalytics } from '../generated/graphql';
import {
  csvBoolean,
  csvIso,
  csvNumber,
  csvText,
  selectRows,
  streamCsvLines,
  TIME_MAX,
  TIME_MIN,
  type CsvColumn,
} from './rows';

/** The table's row (schema/src/tables.ts), with `time` read as epoch ms. */
type PairAnalyticsDbRow = Omit<PairAnalyticsRow, 'time'> & { readonly time_ms: number };

export const reasonsList = (reasons: Readonly<Record<string, string>>): FigureReason[] =>
  Object.entries(reasons)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([figure, reason]) => ({ figure, reason }));

function toPairAnalytics(r: PairAnalyticsDbRow): PairAnalytics {
  const adf =
    r.adf_statistic === null ||
    r.adf_pvalue === null ||
    r.adf_crit_1 === null ||
    r.adf_crit_5 === null ||
    r.adf_crit_10 === null
      ? null
      : {
          statistic: r.adf_statistic,
          pValue: r.adf_pvalue,
          usedLag: Number(r.adf_used_lag ?? 0),
          nobs: Number(r.adf_nobs ?? 0),
          criticalValues: { p1: r.adf_crit_1, p5: r.adf_crit_5, p10: r.adf_crit_10 },
          isStationary: r.adf_pvalue < 0.05,
        };
  const coint =
    r.coint_statistic === null ||
    r.coint_pvalue === null ||
    r.coint_crit_1 === null ||
    r.coint_crit_5 === null ||
    r.coint_crit_10 === null
      ? null
      : {
          statistic: r.coint_statistic,
          pValue: r.coint_pvalue,
          criticalValues: { p1: r.coint_crit_1, p5: r.coint_crit_5, p10: r.coint_crit_10 },
          isCointegrated: r.coint_pvalue < 0.05,
        };
  return {
    pair: r.pair,
    symbolX: r.symbol_x,
    symbolY: r.symbol_y,
    interval: r.bar_interval,
    time: Number(r.time_ms),
    priceX: r.price_x,
    priceY: r.price_y,
    olsWindow: Number(r.ols_window),
    zScoreWindow: Number(r.zscore_window),
    corrWindow: Number(r.corr_window),
    hedgeRatio: r.hedge_ratio,
    intercept: r.intercept,
    rSquared: r.r_squared,
    stdError: r.std_error,
    hedgeRatioThroughOrigin: r.hedge_ratio_through_origin,
    spread: r.spread,
    spreadMean: r.spread_mean,
    spreadStd: r.spread_std,
    zScore: r.zscore,
    correlation: r.correlation,
    returnCorrelation: r.return_correlation,
    kalmanHedgeRatio: r.kalman_hedge_ratio,
    kalmanIntercept: r.kalman_intercept,
    kalmanZScore: r.kalman_zscore,
    halfLife: r.half_life,
    hurst: r.hurst,
    adf,
    coint,
    nullReasons: reasonsList(r.null_reasons),
    version: Number(r.version),
  };
}

export interface PairAnalyticsQuery {
  readonly pair: string;
  readonly interval: string;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly after?: number | undefined;
  readonly before?: number | undefined;
}

const PAIR_SQL = (order: 'ASC' | 'DESC') => `
  SELECT * EXCEPT (time), toUnixTimestamp64Milli(time) AS time_ms
  FROM pair_analytics FINAL
  WHERE pair = {pair:String} AND bar_interval = {interval:String}
    AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})
    AND toUnixTimestamp64Milli(time) > {after:Int64} AND toUnixTimestamp64Milli(time) < {before:Int64}
  ORDER BY time ${order}
  LIMIT {limit:UInt64}`;

const pairParams = (q: PairAnalyticsQuery, limit: number) => ({
  pair: q.pair,
  interval: q.interval,
  from: q.from ?? TIME_MIN,
  to: q.to ?? TIME_MAX,
  after: q.after ?? -1,
  before: q.before ?? TIME_MAX + 1,
  limit,
});

export async function selectPairAnalytics(
  client: ClickHouseClient,
  q: PairAnalyticsQuery,
  order: 'ASC' | 'DESC',
  limit: number,
): Promise<PairAnalytics[]> {
  const rows = await selectRows<PairAnalyticsDbRow>(
    client,
    PAIR_SQL(order),
    pairParams(q, limit),
    `reading pair analytics of ${q.pair}`,
  );
  return rows.map(toPairAnalytics);
}

// A test's figures exist only when all of them are numbers (toPairAnalytics: JSON carried
// NaN as null, and one missing figure made the whole test null).
const present = (columns: readonly string[]) =>
  columns.map((c) => `isFinite(ifNull(${c}, nan))`).join(' AND ');
const ADF = present(['adf_statistic', 'adf_pvalue', 'adf_crit_1', 'adf_crit_5', 'adf_crit_10']);
const COINT = present([
  'coint_statistic',
  'coint_pvalue',
  'coint_crit_1',
  'coint_crit_5',
  'coint_crit_10',
]);
const ifPresent = (condition: string, sql: string) => `if(${condition}, ${sql}, '')`;

export const PAIR_ANALYTICS_CSV: readonly CsvColumn[] = [
  { name: 'timestamp', sql: csvIso('time_ms') },
  { name: 'time', sql: csvNumber('time_ms') },
  { name: 'pair', sql: csvText('pair') },
  { name: 'symbol_x', sql: csvText('symbol_x') },
  { name: 'symbol_y', sql: csvText('symbol_y') },
  { name: 'interval', sql: csvText('bar_interval') },
  ...(
    [
      ['price_x', 'price_x'],
      ['price_y', 'price_y'],
      ['hedge_ratio', 'hedge_ratio'],
      ['intercept', 'intercept'],
      ['r_squared', 'r_squared'],
      ['std_error', 'std_error'],
      ['spread', 'spread'],
      ['spread_mean', 'spread_mean'],
      ['spread_std', 'spread_std'],
      ['z_score', 'zscore'],
      ['correlation', 'correlation'],
      ['return_correlation', 'return_correlation'],
      ['kalman_hedge_ratio', 'kalman_hedge_ratio'],
      ['half_life', 'half_life'],
      ['hurst', 'hurst'],
    ] as const
  ).map(([name, column]) => ({ name, sql: csvNumber(column) })),
  { name: 'adf_statistic', sql: ifPresent(ADF, csvNumber('adf_statistic')) },
  { name: 'adf_p_value', sql: ifPresent(ADF, csvNumber('adf_pvalue')) },
  { name: 'is_stationary', sql: ifPresent(ADF, csvBoolean('adf_pvalue < 0.05')) },
  { name: 'coint_p_value', sql: ifPresent(COINT, csvNumber('coint_pvalue')) },
  { name: 'version', sql: csvNumber('version') },
];

/** Stored rows of the range as CSV lines (time order, at most `limit`), printed by ClickHouse. */
export function streamPairAnalyticsCsv(
  client: ClickHouseClient,
  q: PairAnalyticsQuery,
  limit: number,
) {
  return streamCsvLines(
    client,
    PAIR_ANALYTICS_CSV,
    PAIR_SQL('ASC'),
    pairParams(q, limit),
    `exporting pair analytics of ${q.pair}`,
  );
}

/** Pairs with stored analytics, with their intervals. */
export async function analysedPairs(
  client: ClickHouseClient,
): Promise<{ symbol_x: string; symbol_y: string; intervals: string[] }[]> {
  return selectRows(
    client,
    `SELECT symbol_x, symbol_y, arraySort(groupUniqArray(bar_interval)) AS intervals
     FROM pair_analytics GROUP BY symbol_x, symbol_y ORDER BY symbol_y, symbol_x`,
    {},
    'listing analysed pairs',
  );
}

export interface AlertsQuery {
  readonly pair?: string | undefined;
  readonly kind?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly after?: readonly [number, string] | undefined;
  readonly before?: readonly [number, string] | undefined;
}

interface AlertDbRow {
  readonly id: string;
  readonly kind: string;
  readonly pair: string;
  readonly bar_interval: string;
  readonly time_ms: number;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
  readonly from_state: string;
  readonly to_state: string;
}

export async function selectAlerts(
  client: ClickHouseClient,
  q: AlertsQuery,
  order: 'ASC' | 'DESC',
  limit: number,
): Promise<Alert[]> {
  const rows = await selectRows<AlertDbRow>(
    client,
    `SELECT id, kind, pair, bar_interval, toUnixTimestamp64Milli(time) AS time_ms, value, threshold, message,
            from_state, to_state
     FROM alerts FINAL
     WHERE ({pair:String} = '' OR pair = {pair:String}) AND ({kind:String} = '' OR kind = {kind:String})
       AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})
       AND (toUnixTimestamp64Milli(time), id) > ({afterTime:Int64}, {afterId:String})
       AND (toUnixTimestamp64Milli(time), id) < ({beforeTime:Int64}, {beforeId:String})
     ORDER BY time ${order}, id ${order}
     LIMIT {limit:UInt64}`,
    {
      pair: q.pair ?? '',
      kind: q.kind ?? '',
      from: q.from ?? TIME_MIN,
      to: q.to ?? TIME_MAX,
      afterTime: q.after?.[0] ?? -1,
      afterId: q.after?.[1] ?? '',
      beforeTime: q.before?.[0] ?? TIME_MAX + 1,
      beforeId: q.before?.[1] ?? '',
      limit,
    },
    'reading alerts',
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    pair: r.pair,
    interval: r.bar_interval,
    time: Number(r.time_ms),
    value: r.value,
    threshold: r.threshold,
    message: r.message,
    // '' is an alert stored before states were recorded: unknown, not a state.
    fromState: r.from_state === '' ? null : r.from_state,
    toState: r.to_state === '' ? null : r.to_state,
  }));
}
