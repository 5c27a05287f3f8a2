import { INTERVAL_MS, type HistoryProgress, type Interval } from '@tickstream/schema';

// What history to fetch for one symbol, as a pure function of the clock, the settings and
// what earlier runs already wrote. Bars from the trade lookback on are built from aggregate
// trades by the candles processor (exact for every interval whose bars start inside it); the
// exchange's klines cover the older part of the lookback, for 1m and coarser.

export interface HistorySettings {
  /** How far back bars are fetched (klines), ms. */
  readonly lookbackMs: number;
  /** How far back trades are fetched (aggregate trades, for 1s bars and exact bars), ms. */
  readonly tradesLookbackMs: number;
  /** The intervals the candles processor materializes. */
  readonly intervals: readonly Interval[];
}

/** The exchange has no 1s klines: 1s bars come from trades. */
export type KlineInterval = Exclude<Interval, '1s'>;

export interface KlineRange {
  readonly interval: KlineInterval;
  /** First bar start to fetch (inclusive) and the end of the last bar (exclusive). */
  readonly from: number;
  readonly to: number;
}

export interface TradesRange {
  /** Start at this time, or after this aggregate id when an earlier run got that far. */
  readonly fromTime: number;
  readonly afterAggId: number | undefined;
}

export interface HistoryPlan {
  /** Where bars built from trades start; klines end here. */
  readonly tradesFrom: number;
  readonly klines: readonly KlineRange[];
  /** Undefined: no trades to fetch (resumed from the log, or covered). */
  readonly trades: TradesRange | undefined;
  /**
   * The live stream stopped within the trade lookback: it continues after this trade id, and
   * the trades missed meanwhile are a gap filled by id (trade by trade, exact).
   */
  readonly resumeAfterId: number | undefined;
}

const floorTo = (t: number, size: number) => Math.floor(t / size) * size;

/**
 * The coarsest materialized interval that fits in the trade lookback (at least 1m): trade
 * history starts on one of its bar boundaries, so every bar of it and of the finer intervals
 * that starts inside the trade lookback is built from complete trades.
 */
export function tradeAlignment(settings: HistorySettings): number {
  let size = INTERVAL_MS['1m'];
  for (const interval of settings.intervals) {
    const ms = INTERVAL_MS[interval];
    if (ms <= settings.tradesLookbackMs && ms > size) size = ms;
  }
  return size;
}

export function planHistory(
  now: number,
  settings: HistorySettings,
  progress: ReadonlyMap<HistoryProgress['series'], HistoryProgress>,
  resumedFromLog: boolean,
): HistoryPlan {
  const tradesFrom = floorTo(now - settings.tradesLookbackMs, tradeAlignment(settings));
  // What an earlier live stream wrote: after a stop shorter than the trade lookback it resumes
  // by trade id; after a longer one, history starts at the bar that holds its last trade.
  const live = progress.get('live');
  const resumeAfterId =
    !resumedFromLog && live?.lastTradeId !== undefined && live.coveredTo >= tradesFrom
      ? live.lastTradeId
      : undefined;
  const klines: KlineRange[] = [];
  for (const interval of settings.intervals) {
    if (interval === '1s') continue; // the exchange has no 1s klines; 1s bars come from trades
    const size = INTERVAL_MS[interval];
    const covered = Math.max(
      progress.get(interval)?.coveredTo ?? 0,
      live === undefined ? 0 : floorTo(live.coveredTo - 1, size),
    );
    const from = Math.max(floorTo(now - settings.lookbackMs, size), covered);
    // A coarse bar that starts before tradesFrom is taken whole from the exchange once it has
    // closed; an open one is left to the live bars.
    const to = Math.min(Math.ceil(tradesFrom / size) * size, floorTo(now, size));
    if (to > from) klines.push({ interval, from, to });
  }
  const done = progress.get('trades');
  let trades: TradesRange | undefined;
  if (!resumedFromLog && resumeAfterId === undefined) {
    trades =
      done !== undefined && done.coveredTo >= tradesFrom && done.lastId !== undefined
        ? { fromTime: done.coveredTo, afterAggId: done.lastId }
        : { fromTime: tradesFrom, afterAggId: undefined };
  }
  return { tradesFrom, klines, trades, resumeAfterId };
}
