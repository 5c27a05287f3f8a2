import type { ClickHouseClient } from '@tickstream/core';
import {
  candleRow,
  TABLES,
  TOPICS,
  createTradeReader,
  validateTrade,
  type Interval,
} from '@tickstream/schema';
import { defineProcessor, type ProcessorRuntimeOptions } from '../runtime/define-processor';
import { publish } from '../runtime/publish';
import { insertRows } from '../sinks/clickhouse-insert';
import { CandleAggregator, type CandleUpdate } from './candle-aggregator';

export interface CandlesProcessorOptions {
  readonly clickhouse: ClickHouseClient;
  readonly intervals: readonly Interval[];
  readonly allowedLatenessMs: number;
  readonly maxLatenessMs: number;
  readonly maxPendingTrades?: number;
}

export interface CandlesCounters {
  trades: number;
  duplicates: number;
  tooLate: number;
  revisions: number;
  candlesWritten: number;
}

/**
 * md.trades.v1 → candles in event time for every configured interval, written to ClickHouse
 * `candles` and to md.candles.v1 (partials throttled by the flush interval, then finals and
 * revisions). Too-late trades go to md.deadletter.v1.
 */
export const candlesProcessor = defineProcessor({
  name: 'candles',
  group: 'tickstream.candles',
  input: TOPICS.trades,
  validate: validateTrade,
  reader: createTradeReader,
  counters: (): CandlesCounters => ({
    trades: 0,
    duplicates: 0,
    tooLate: 0,
    revisions: 0,
    candlesWritten: 0,
  }),
  stage(options: ProcessorRuntimeOptions & CandlesProcessorOptions, counters, { deadLetter }) {
    const { intervals, allowedLatenessMs, maxLatenessMs } = options;
    const aggregator = new CandleAggregator({ intervals, allowedLatenessMs, maxLatenessMs });
    const maxPending = options.maxPendingTrades ?? 200_000;
    // Drained but not yet written, latest state per bucket: a retry writes the newest.
    const unwritten = new Map<string, CandleUpdate>();
    let sinceFlush = 0;

    const collect = () => {
      for (const update of aggregator.drain()) {
        const c = update.candle;
        unwritten.set(`${update.symbolKey}|${c.interval}|${c.start}`, update);
      }
    };

    return {
      process(trade, record) {
        sinceFlush += 1;
        const outcome = aggregator.add(trade, record.offset);
        if (outcome.kind === 'accepted') {
          counters.trades += 1;
          counters.revisions += outcome.revisions;
        } else if (outcome.kind === 'duplicate') {
          counters.duplicates += 1;
        } else {
          counters.tooLate += 1;
          deadLetter(record, 'TOO_LATE', outcome.reason);
        }
      },
      // Flushes write what `unwritten` holds when they start, and neededFrom counts it
      // until it is cleared after the write: processing may go on meanwhile.
      processesWhileFlushing: true,
      flushDue: () => sinceFlush >= maxPending,
      hasPending: () => sinceFlush > 0 || unwritten.size > 0,
      async flush() {
        collect();
        sinceFlush = 0;
        const updates = [...unwritten.values()];
        await insertRows(
          options.clickhouse,
          TABLES.candles,
          updates.map((u) => candleRow(u.candle, u.rowVersion)),
        );
        await publish(
          options.eventLog,
          TOPICS.candles,
          updates.map((u) => u.candle),
        );
        counters.candlesWritten += updates.length;
        unwritten.clear();
      },
      neededFrom(_topic, _partition, keys) {
        let lowest = aggregator.lowestRetainedOffset(keys);
        for (const update of unwritten.values()) {
          if (keys.has(update.symbolKey) && (lowest === undefined || update.minOffset < lowest)) {
            lowest = update.minOffset;
          }
        }
        return lowest;
      },
      forget(keys) {
        for (const key of keys) aggregator.forget(key);
      },
    };
  },
});
