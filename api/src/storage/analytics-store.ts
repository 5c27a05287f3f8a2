import type { ClickHouseClient } from '@tickstream/core';
import type { PairAnalyticsRow } from '@tickstream/schema';
import type { Alert, FigureReason, PairAnalytics } from '../generated/graphql';
import { selectRows, streamRows, TIME_MAX, TIME_MIN } from './rows';

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

export async function* streamPairAnalytics(
  client: ClickHouseClient,
  q: PairAnalyticsQuery,
  limit: number,
): AsyncGenerator<PairAnalytics> {
  for await (const row of streamRows<PairAnalyticsDbRow>(
    client,
    PAIR_SQL('ASC'),
    pairParams(q, limit),
    `exporting pair analytics of ${q.pair}`,
  )) {
    yield toPairAnalytics(row);
  }
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
}

export async function selectAlerts(
  client: ClickHouseClient,
  q: AlertsQuery,
  order: 'ASC' | 'DESC',
  limit: number,
): Promise<Alert[]> {
  const rows = await selectRows<AlertDbRow>(
    client,
    `SELECT id, kind, pair, bar_interval, toUnixTimestamp64Milli(time) AS time_ms, value, threshold, message
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
  }));
}
