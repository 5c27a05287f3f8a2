import type { ClickHouseClient } from '@tickstream/core';
import {
  TABLES,
  TOPICS,
  tradeRow,
  createTradeReader,
  validateTrade,
  type TradeRow,
} from '@tickstream/schema';
import { defineProcessor } from '../runtime/define-processor';
import { PendingOffsets } from '../runtime/pending-offsets';
import { insertRows } from './clickhouse-insert';

export interface TradesSinkOptions {
  readonly clickhouse: ClickHouseClient;
  /** Rows buffered before an insert is forced; the flush interval bounds the wait otherwise. */
  readonly maxBufferedRows?: number;
}

export interface TradesSinkCounters {
  written: number;
}

/** md.trades.v1 → ClickHouse `trades`, batched by size and time, committed after each insert. */
export const tradesSink = defineProcessor({
  name: 'trades-sink',
  group: 'tickstream.trades-sink',
  input: TOPICS.trades,
  validate: validateTrade,
  reader: createTradeReader,
  flushIntervalMs: 500,
  counters: (): TradesSinkCounters => ({ written: 0 }),
  stage(options: TradesSinkOptions, counters) {
    const maxRows = options.maxBufferedRows ?? 50_000;
    let rows: TradeRow[] = [];
    const pending = new PendingOffsets();
    return {
      process(trade, record) {
        rows.push(tradeRow(trade));
        pending.note(record.topic, record.partition, record.offset);
      },
      flushDue: () => rows.length >= maxRows,
      hasPending: () => rows.length > 0,
      async flush() {
        await insertRows(options.clickhouse, TABLES.trades, rows);
        counters.written += rows.length;
        rows = [];
        pending.clear();
      },
      neededFrom: (topic, partition) => pending.get(topic, partition),
    };
  },
});
