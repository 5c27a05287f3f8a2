import {
  candleVersion,
  INTERVAL_MS,
  TOPICS,
  type Candle,
  type Interval,
  type Trade,
} from '@tickstream/schema';
import { bucketStart } from './bucket';
import { accumulate, startAccumulator, type CandleAccumulator } from './candle-accumulator';
import { RecentTradeIds } from './recent-trade-ids';

export interface CandleAggregatorOptions {
  readonly intervals: readonly Interval[];
  /** The watermark trails the highest trade time by this much; a window is final once the watermark passes its end. */
  readonly allowedLatenessMs: number;
  /** A trade older than (highest trade time − this) is too late: it goes to the dead-letter topic. Up to it, a late trade revises its final candle. */
  readonly maxLatenessMs: number;
}

export type AddOutcome =
  | { readonly kind: 'accepted'; readonly revisions: number }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'too-late'; readonly reason: string };

export interface CandleUpdate {
  readonly candle: Candle;
  /** Record key of the symbol (`exchange:symbol`) and lowest log offset the candle was built from. */
  readonly symbolKey: string;
  readonly minOffset: number;
  /** Monotonic per bucket (schema's candleVersion): the ReplacingMergeTree version. */
  readonly rowVersion: number;
}

interface Window {
  readonly interval: Interval;
  readonly start: number;
  readonly end: number;
  readonly acc: CandleAccumulator;
  readonly exchange: string;
  readonly symbol: string;
  minOffset: number;
  final: boolean;
  revision: number;
  dirty: boolean;
}

interface SymbolState {
  /** The record key, `exchange:symbol`. */
  readonly key: string;
  readonly exchange: string;
  readonly symbol: string;
  maxEventTime: number;
  /** Trade ids seen within the lateness horizon, for de-duplication. */
  readonly seen: RecentTradeIds;
  /** Keyed by windowId(interval index, start). */
  readonly windows: Map<number, Window>;
  /** The windows not final yet (a few per interval), so finalizing does not scan the retained final ones. */
  open: Window[];
  /** Per interval index, the window its last trade went to: nearly every trade lands in the same bucket as the one before, which then needs no map lookup. */
  readonly recent: Array<Window | undefined>;
  /** Earliest end among windows not yet final: finalization only scans when the watermark passes it. */
  nextFinalEnd: number;
}

/**
 * A number rather than a string key: building `${interval}@${start}` for every trade and
 * interval was a tenth of the candles processor's time. Starts are integers, so
 * start × count + index is unique per (interval, start) and exact far beyond epoch ms.
 */
const windowId = (start: number, intervalCount: number, index: number) =>
  start * intervalCount + index;

// Shared outcomes for the common cases: outcomes are read-only, so one object serves all.
const ACCEPTED: AddOutcome = { kind: 'accepted', revisions: 0 };
const DUPLICATE: AddOutcome = { kind: 'duplicate' };

/**
 * Tumbling, UTC-aligned candles in event time for any number of symbols and intervals.
 * Pure and deterministic: the same trades in the same per-symbol order give the same
 * candles, versions and final flags, whatever the batch boundaries — processing time
 * never enters. I/O (reading the log, writing ClickHouse) belongs to the processor.
 */
export class CandleAggregator {
  /** By record key (`exchange:symbol`), for draining, offsets and rebalances. */
  private readonly symbols = new Map<string, SymbolState>();
  /** The same states by exchange, then symbol: finding a trade's state builds no key string. */
  private readonly byExchange = new Map<string, Map<string, SymbolState>>();
  private readonly intervals: readonly Interval[];
  private readonly sizes: readonly number[];

  constructor(private readonly options: CandleAggregatorOptions) {
    if (options.maxLatenessMs < options.allowedLatenessMs) {
      throw new RangeError('maxLatenessMs must be at least allowedLatenessMs');
    }
    this.intervals = [...options.intervals];
    this.sizes = this.intervals.map((i) => INTERVAL_MS[i]);
  }

  private stateOf(trade: Trade): SymbolState {
    let bySymbol = this.byExchange.get(trade.exchange);
    if (!bySymbol) {
      bySymbol = new Map();
      this.byExchange.set(trade.exchange, bySymbol);
    }
    let state = bySymbol.get(trade.symbol);
    if (!state) {
      const key = TOPICS.trades.keyOf(trade);
      state = {
        key,
        exchange: trade.exchange,
        symbol: trade.symbol,
        maxEventTime: trade.tradeTime,
        seen: new RecentTradeIds(),
        windows: new Map(),
        open: [],
        recent: this.intervals.map(() => undefined),
        nextFinalEnd: Number.POSITIVE_INFINITY,
      };
      bySymbol.set(trade.symbol, state);
      this.symbols.set(key, state);
    }
    return state;
  }

  /** Adds one trade read at `offset` of the log. */
  add(trade: Trade, offset: number): AddOutcome {
    const state = this.stateOf(trade);
    const horizon = state.maxEventTime - this.options.maxLatenessMs;
    if (trade.tradeTime < horizon) {
      return {
        kind: 'too-late',
        reason: `trade ${trade.tradeId} at ${new Date(trade.tradeTime).toISOString()} is ${
          state.maxEventTime - trade.tradeTime
        } ms behind the newest ${trade.symbol} trade; the maximum lateness is ${this.options.maxLatenessMs} ms`,
      };
    }
    if (!state.seen.add(trade.tradeId, trade.tradeTime)) return DUPLICATE;

    let revisions = 0;
    const count = this.intervals.length;
    for (let i = 0; i < count; i++) {
      const size = this.sizes[i] as number;
      const start = bucketStart(trade.tradeTime, size);
      let window = state.recent[i];
      if (window === undefined || window.start !== start) {
        window = state.windows.get(windowId(start, count, i));
      }
      if (window) {
        accumulate(window.acc, trade);
        window.dirty = true;
        if (offset < window.minOffset) window.minOffset = offset;
        if (window.final) {
          window.revision += 1;
          revisions += 1;
        }
      } else {
        const end = start + size;
        window = {
          interval: this.intervals[i] as Interval,
          start,
          end,
          acc: startAccumulator(trade),
          exchange: trade.exchange,
          symbol: trade.symbol,
          minOffset: offset,
          final: false,
          revision: 0,
          dirty: true,
        };
        state.windows.set(windowId(start, count, i), window);
        state.open.push(window);
        if (end < state.nextFinalEnd) state.nextFinalEnd = end;
      }
      state.recent[i] = window;
    }

    if (trade.tradeTime > state.maxEventTime) state.maxEventTime = trade.tradeTime;
    this.finalizeUpTo(state, state.maxEventTime - this.options.allowedLatenessMs);
    return revisions === 0 ? ACCEPTED : { kind: 'accepted', revisions };
  }

  /**
   * Makes final every window of every symbol that ends at or before `watermark`. A stream
   * learns that a window is complete only from a later trade; a bounded history (the backfill
   * command reading a day of trades) knows where its range ends and says so here.
   */
  advanceWatermark(watermark: number): void {
    for (const state of this.symbols.values()) this.finalizeUpTo(state, watermark);
  }

  private finalizeUpTo(state: SymbolState, watermark: number): void {
    // A window [start, end) is complete once the watermark reaches its end.
    if (watermark < state.nextFinalEnd) return;
    let next = Number.POSITIVE_INFINITY;
    const open: Window[] = [];
    for (const window of state.open) {
      if (window.end <= watermark) {
        window.final = true;
        window.dirty = true;
      } else {
        open.push(window);
        if (window.end < next) next = window.end;
      }
    }
    state.open = open;
    state.nextFinalEnd = next;
  }

  /**
   * Takes every candle changed since the last drain (still-open ones as partials), then
   * forgets windows that no accepted trade can reach any more.
   */
  drain(): CandleUpdate[] {
    const updates: CandleUpdate[] = [];
    for (const state of this.symbols.values()) {
      const horizon = state.maxEventTime - this.options.maxLatenessMs;
      for (const [id, window] of state.windows) {
        if (window.dirty) {
          updates.push(toUpdate(state.key, window));
          window.dirty = false;
        }
        if (window.final && window.end <= horizon) {
          state.windows.delete(id);
          const recent = state.recent.indexOf(window);
          if (recent >= 0) state.recent[recent] = undefined;
        }
      }
      state.seen.forgetOlderThan(horizon);
    }
    return updates;
  }

  /**
   * The lowest log offset that rebuilding the retained windows of these symbols needs;
   * undefined when nothing is retained. Committing it (not the last offset read) means a
   * restart re-reads exactly what the open windows were built from.
   */
  lowestRetainedOffset(symbolKeys: Iterable<string>): number | undefined {
    let lowest: number | undefined;
    for (const key of symbolKeys) {
      const state = this.symbols.get(key);
      if (!state) continue;
      for (const window of state.windows.values()) {
        if (lowest === undefined || window.minOffset < lowest) lowest = window.minOffset;
      }
    }
    return lowest;
  }

  /** Drops a symbol's state (its partition moved to another consumer). */
  forget(symbolKey: string): void {
    const state = this.symbols.get(symbolKey);
    if (!state) return;
    this.symbols.delete(symbolKey);
    this.byExchange.get(state.exchange)?.delete(state.symbol);
  }

  /** Number of windows held, for metrics. */
  retainedWindows(): number {
    let n = 0;
    for (const state of this.symbols.values()) n += state.windows.size;
    return n;
  }
}

function toUpdate(symbolKey: string, window: Window): CandleUpdate {
  const acc = window.acc;
  const candle: Candle = {
    type: 'candle',
    exchange: window.exchange,
    symbol: window.symbol,
    interval: window.interval,
    start: window.start,
    end: window.end,
    open: acc.open,
    high: acc.high,
    low: acc.low,
    close: acc.close,
    volume: acc.volume,
    quoteVolume: acc.quoteVolume,
    buyVolume: acc.buyVolume,
    sellVolume: acc.sellVolume,
    tradeCount: acc.tradeCount,
    vwap: acc.quoteVolume / acc.volume,
    firstTradeId: acc.firstTradeId,
    lastTradeId: acc.lastTradeId,
    version: window.revision + 1,
    final: window.final,
    // Live bars carry no source field: absent means live, and keeps their events as before.
    ...(acc.aggregated ? { source: 'aggTrades' as const } : {}),
  };
  return { symbolKey, minOffset: window.minOffset, candle, rowVersion: candleVersion(candle) };
}
