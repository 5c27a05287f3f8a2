import type { Registry } from 'prom-client';
import type {
  ClickHouseClient,
  EventLog,
  Logger,
  LogRecord,
  RecordBatch,
  StartPosition,
} from '@tickstream/core';
import {
  candleRow,
  TABLES,
  TOPICS,
  validateTrade,
  type DeadLetter,
  type Interval,
} from '@tickstream/schema';
import { deadLetterFor, produceDeadLetters } from '../runtime/dead-letters';
import { decodeRecord } from '../runtime/decode';
import {
  createLogProcessor,
  type LogProcessor,
  type ProcessorStage,
  type ProcessorSupervision,
} from '../runtime/log-processor';
import { insertRows } from '../sinks/clickhouse-insert';
import { PendingOffsets } from '../sinks/pending-offsets';
import { CandleAggregator, type CandleUpdate } from './candle-aggregator';

export const DEFAULT_INTERVALS: readonly Interval[] = ['1s', '1m', '5m'];

export interface CandlesProcessorOptions {
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold of the runtime (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly intervals?: readonly Interval[];
  readonly allowedLatenessMs?: number;
  readonly maxLatenessMs?: number;
  readonly groupId?: string;
  readonly start?: StartPosition;
  /** Also the throttle of partial candle updates. */
  readonly flushIntervalMs?: number;
  readonly maxPendingTrades?: number;
  readonly now?: () => number;
}

export interface CandlesCounters {
  trades: number;
  duplicates: number;
  tooLate: number;
  revisions: number;
  candlesWritten: number;
  deadLetters: number;
}

const SOURCE = 'stream-processors/candles';

export function createCandlesStage(
  options: CandlesProcessorOptions,
  counters: CandlesCounters,
): ProcessorStage & { aggregator: CandleAggregator } {
  const aggregator = new CandleAggregator({
    intervals: options.intervals ?? DEFAULT_INTERVALS,
    allowedLatenessMs: options.allowedLatenessMs ?? 2_000,
    maxLatenessMs: options.maxLatenessMs ?? 60_000,
  });
  const now = options.now ?? Date.now;
  const maxPending = options.maxPendingTrades ?? 200_000;
  // Drained but not yet written, latest state per bucket: a retry writes the newest.
  const unwritten = new Map<string, CandleUpdate>();
  let letters: DeadLetter[] = [];
  const pendingLetters = new PendingOffsets();
  let sinceFlush = 0;

  const collect = () => {
    for (const update of aggregator.drain()) {
      const c = update.candle;
      unwritten.set(`${update.symbolKey}|${c.interval}|${c.start}`, update);
    }
  };

  return {
    aggregator,
    process(records: readonly LogRecord[], batch: RecordBatch) {
      for (const record of records) {
        sinceFlush += 1;
        const decoded = decodeRecord(record, validateTrade);
        if (!decoded.ok) {
          letters.push(deadLetterFor(SOURCE, record, decoded.code, decoded.reason, now()));
          pendingLetters.note(batch.topic, batch.partition, record.offset);
          continue;
        }
        const outcome = aggregator.add(decoded.value, record.offset);
        if (outcome.kind === 'accepted') {
          counters.trades += 1;
          counters.revisions += outcome.revisions;
        } else if (outcome.kind === 'duplicate') {
          counters.duplicates += 1;
        } else {
          counters.tooLate += 1;
          letters.push(deadLetterFor(SOURCE, record, 'TOO_LATE', outcome.reason, now()));
          pendingLetters.note(batch.topic, batch.partition, record.offset);
        }
      }
    },
    flushDue: () => sinceFlush >= maxPending,
    hasPending: () => sinceFlush > 0 || unwritten.size > 0 || letters.length > 0,
    async flush() {
      collect();
      sinceFlush = 0;
      const updates = [...unwritten.values()];
      await insertRows(
        options.clickhouse,
        TABLES.candles,
        updates.map((u) => candleRow(u.candle, u.rowVersion)),
      );
      await options.eventLog.produce(
        TOPICS.candles.name,
        updates.map((u) => ({
          key: TOPICS.candles.keyOf(u.candle),
          value: JSON.stringify(u.candle),
        })),
      );
      await produceDeadLetters(options.eventLog, letters);
      counters.candlesWritten += updates.length;
      counters.deadLetters += letters.length;
      unwritten.clear();
      letters = [];
      pendingLetters.clear();
    },
    commitOffset(topic, partition, keys, lastOffset) {
      let lowest = aggregator.lowestRetainedOffset(keys);
      for (const update of unwritten.values()) {
        if (keys.has(update.symbolKey) && (lowest === undefined || update.minOffset < lowest)) {
          lowest = update.minOffset;
        }
      }
      const letter = pendingLetters.get(topic, partition);
      if (letter !== undefined && (lowest === undefined || letter < lowest)) lowest = letter;
      return lowest ?? lastOffset + 1;
    },
    forget(keys) {
      for (const key of keys) aggregator.forget(key);
    },
  };
}

/**
 * md.trades.v1 → candles in event time for every configured interval, written to ClickHouse
 * `candles` and to md.candles.v1 (partials throttled by the flush interval, then finals and
 * revisions). Too-late trades go to md.deadletter.v1.
 */
export function buildCandlesProcessor(
  options: CandlesProcessorOptions,
): LogProcessor & { counters: CandlesCounters } {
  const counters: CandlesCounters = {
    trades: 0,
    duplicates: 0,
    tooLate: 0,
    revisions: 0,
    candlesWritten: 0,
    deadLetters: 0,
  };
  const processor = createLogProcessor({
    name: 'candles',
    eventLog: options.eventLog,
    groupId: options.groupId ?? 'tickstream.candles',
    topic: TOPICS.trades.name,
    stage: createCandlesStage(options, counters),
    logger: options.logger.child({ processor: 'candles' }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    flushIntervalMs: options.flushIntervalMs ?? 250,
  });
  return Object.assign(processor, { counters });
}
