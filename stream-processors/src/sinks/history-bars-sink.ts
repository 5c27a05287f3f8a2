import type { ClickHouseClient } from '@tickstream/core';
import { candleRow, TABLES, TOPICS, validateCandle, type CandleRow } from '@tickstream/schema';
import { defineProcessor } from '../runtime/define-processor';
import { PendingOffsets } from '../runtime/pending-offsets';
import { insertRows } from './clickhouse-insert';

export interface HistoryBarsSinkOptions {
  readonly clickhouse: ClickHouseClient;
}

export interface HistoryBarsSinkCounters {
  written: number;
}

/**
 * Bars that reach md.candles.v1 without passing through the candles processor → ClickHouse
 * `candles`: the exchange's own bars (klines) from ingest's history or `tickstream backfill`,
 * and the bars the backfill command builds itself from the exchange's trade files or
 * aggregate trades (imported). Bars the candles processor made are stored by it; this stores
 * only the rest. The row version keeps a bar built from trades ahead of a kline of the same
 * bucket with the same trades, so history never overwrites what was streamed.
 */
export const historyBarsSink = defineProcessor({
  name: 'history-bars',
  group: 'tickstream.history-bars',
  input: TOPICS.candles,
  validate: validateCandle,
  flushIntervalMs: 200,
  counters: (): HistoryBarsSinkCounters => ({ written: 0 }),
  stage(options: HistoryBarsSinkOptions, counters) {
    let rows: CandleRow[] = [];
    const pending = new PendingOffsets();
    return {
      process(candle, record) {
        if (candle.source !== 'klines' && candle.source !== 'imported') return;
        rows.push(candleRow(candle));
        pending.note(record.topic, record.partition, record.offset);
      },
      flushDue: () => rows.length >= 20_000,
      hasPending: () => rows.length > 0,
      async flush() {
        await insertRows(options.clickhouse, TABLES.candles, rows);
        counters.written += rows.length;
        rows = [];
        pending.clear();
      },
      neededFrom: (topic, partition) => pending.get(topic, partition),
    };
  },
});
