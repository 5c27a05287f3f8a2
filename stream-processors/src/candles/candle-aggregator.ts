import { INTERVAL_MS, TOPICS, type Candle, type Interval, type Trade } from '@tickstream/schema';
import { bucketStart } from './bucket';
import { accumulate, startAccumulator, type CandleAccumulator } from './candle-accumulator';

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
  /** Monotonic per bucket (trade count ×2 + final): the ReplacingMergeTree version. */
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
  maxEventTime: number;
  /** Trade ids seen within the lateness horizon, for de-duplication, in arrival order. */
  readonly seen: Set<number>;
  readonly seenOrder: Array<{ readonly id: number; readonly time: number }>;
  seenHead: number;
  readonly windows: Map<string, Window>;
  /** Earliest end among windows not yet final: finalization only scans when the watermark passes it. */
  nextFinalEnd: number;
}

const windowKey = (interval: Interval, start: number) => `${interval}@${start}`;

/**
 * Tumbling, UTC-aligned candles in event time for any number of symbols and intervals.
 * Pure and deterministic: the same trades in the same per-symbol order give the same
 * candles, versions and final flags, whatever the batch boundaries — processing time
 * never enters. I/O (reading the log, writing ClickHouse) belongs to the processor.
 */
export class CandleAggregator {
  private readonly symbols = new Map<string, SymbolState>();

  constructor(private readonly options: CandleAggregatorOptions) {
    if (options.maxLatenessMs < options.allowedLatenessMs) {
      throw new RangeError('maxLatenessMs must be at least allowedLatenessMs');
    }
  }

  /** Adds one trade read at `offset` of the log. */
  add(trade: Trade, offset: number): AddOutcome {
    const key = TOPICS.trades.keyOf(trade);
    let state = this.symbols.get(key);
    if (!state) {
      state = {
        maxEventTime: trade.tradeTime,
        seen: new Set(),
        seenOrder: [],
        seenHead: 0,
        windows: new Map(),
        nextFinalEnd: Number.POSITIVE_INFINITY,
      };
      this.symbols.set(key, state);
    }
    const horizon = state.maxEventTime - this.options.maxLatenessMs;
    if (trade.tradeTime < horizon) {
      return {
        kind: 'too-late',
        reason: `trade ${trade.tradeId} at ${new Date(trade.tradeTime).toISOString()} is ${
          state.maxEventTime - trade.tradeTime
        } ms behind the newest ${trade.symbol} trade; the maximum lateness is ${this.options.maxLatenessMs} ms`,
      };
    }
    if (state.seen.has(trade.tradeId)) return { kind: 'duplicate' };
    state.seen.add(trade.tradeId);
    state.seenOrder.push({ id: trade.tradeId, time: trade.tradeTime });

    let revisions = 0;
    for (const interval of this.options.intervals) {
      const size = INTERVAL_MS[interval];
      const start = bucketStart(trade.tradeTime, size);
      const wKey = windowKey(interval, start);
      const window = state.windows.get(wKey);
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
        state.windows.set(wKey, {
          interval,
          start,
          end,
          acc: startAccumulator(trade),
          exchange: trade.exchange,
          symbol: trade.symbol,
          minOffset: offset,
          final: false,
          revision: 0,
          dirty: true,
        });
        if (end < state.nextFinalEnd) state.nextFinalEnd = end;
      }
    }

    if (trade.tradeTime > state.maxEventTime) state.maxEventTime = trade.tradeTime;
    this.finalizeUpTo(state, state.maxEventTime - this.options.allowedLatenessMs);
    return { kind: 'accepted', revisions };
  }

  private finalizeUpTo(state: SymbolState, watermark: number): void {
    // A window [start, end) is complete once the watermark reaches its end.
    if (watermark < state.nextFinalEnd) return;
    let next = Number.POSITIVE_INFINITY;
    for (const window of state.windows.values()) {
      if (window.final) continue;
      if (window.end <= watermark) {
        window.final = true;
        window.dirty = true;
      } else if (window.end < next) {
        next = window.end;
      }
    }
    state.nextFinalEnd = next;
  }

  /**
   * Takes every candle changed since the last drain (still-open ones as partials), then
   * forgets windows that no accepted trade can reach any more.
   */
  drain(): CandleUpdate[] {
    const updates: CandleUpdate[] = [];
    for (const [symbolKey, state] of this.symbols) {
      const horizon = state.maxEventTime - this.options.maxLatenessMs;
      for (const [key, window] of state.windows) {
        if (window.dirty) {
          updates.push(toUpdate(symbolKey, window));
          window.dirty = false;
        }
        if (window.final && window.end <= horizon) state.windows.delete(key);
      }
      while (state.seenHead < state.seenOrder.length) {
        const oldest = state.seenOrder[state.seenHead];
        if (!oldest || oldest.time >= horizon) break;
        state.seen.delete(oldest.id);
        state.seenHead += 1;
      }
      if (state.seenHead > 4096 && state.seenHead * 2 > state.seenOrder.length) {
        state.seenOrder.splice(0, state.seenHead);
        state.seenHead = 0;
      }
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
    this.symbols.delete(symbolKey);
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
  return {
    symbolKey,
    minOffset: window.minOffset,
    candle: {
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
    },
    rowVersion: acc.tradeCount * 2 + (window.final ? 1 : 0),
  };
}
