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
  TABLES,
  TOPICS,
  tradeRow,
  validateTrade,
  type DeadLetter,
  type TradeRow,
} from '@tickstream/schema';
import { deadLetterFor, produceDeadLetters } from '../runtime/dead-letters';
import { decodeRecord } from '../runtime/decode';
import {
  createLogProcessor,
  type LogProcessor,
  type ProcessorStage,
  type ProcessorSupervision,
} from '../runtime/log-processor';
import { insertRows } from './clickhouse-insert';
import { PendingOffsets } from './pending-offsets';

export interface TradesSinkOptions {
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold of the runtime (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly groupId?: string;
  readonly start?: StartPosition;
  /** Rows buffered before an insert is forced; the flush interval bounds the wait otherwise. */
  readonly maxBufferedRows?: number;
  readonly flushIntervalMs?: number;
  readonly now?: () => number;
}

export interface TradesSinkCounters {
  written: number;
  deadLetters: number;
}

/** The stage: buffers valid trades as rows and invalid records as dead letters. */
export function createTradesSinkStage(
  options: Pick<TradesSinkOptions, 'eventLog' | 'clickhouse' | 'maxBufferedRows' | 'now'>,
  counters: TradesSinkCounters,
): ProcessorStage {
  const maxRows = options.maxBufferedRows ?? 50_000;
  const now = options.now ?? Date.now;
  let rows: TradeRow[] = [];
  let letters: DeadLetter[] = [];
  const pending = new PendingOffsets();

  return {
    process(records: readonly LogRecord[], batch: RecordBatch) {
      for (const record of records) {
        const decoded = decodeRecord(record, validateTrade);
        if (decoded.ok) rows.push(tradeRow(decoded.value));
        else
          letters.push(
            deadLetterFor(
              'stream-processors/trades-sink',
              record,
              decoded.code,
              decoded.reason,
              now(),
            ),
          );
        pending.note(batch.topic, batch.partition, record.offset);
      }
    },
    flushDue: () => rows.length + letters.length >= maxRows,
    hasPending: () => rows.length + letters.length > 0,
    async flush() {
      await insertRows(options.clickhouse, TABLES.trades, rows);
      await produceDeadLetters(options.eventLog, letters);
      counters.written += rows.length;
      counters.deadLetters += letters.length;
      rows = [];
      letters = [];
      pending.clear();
    },
    commitOffset: (topic, partition, _keys, lastOffset) =>
      pending.get(topic, partition) ?? lastOffset + 1,
    forget: () => undefined,
  };
}

/** md.trades.v1 → ClickHouse `trades`, batched by size and time, committed after each insert. */
export function buildTradesSink(
  options: TradesSinkOptions,
): LogProcessor & { counters: TradesSinkCounters } {
  const counters: TradesSinkCounters = { written: 0, deadLetters: 0 };
  const processor = createLogProcessor({
    name: 'trades-sink',
    eventLog: options.eventLog,
    groupId: options.groupId ?? 'tickstream.trades-sink',
    topic: TOPICS.trades.name,
    stage: createTradesSinkStage(options, counters),
    logger: options.logger.child({ processor: 'trades-sink' }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    flushIntervalMs: options.flushIntervalMs ?? 500,
  });
  return Object.assign(processor, { counters });
}
