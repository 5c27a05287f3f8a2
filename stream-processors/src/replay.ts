import { toStorageError, type ClickHouseClient } from '@tickstream/core';
import { INTERVAL_MS, TABLES } from '@tickstream/schema';
import { bucketStart } from './candles/bucket';
import { buildPipeline, type PipelineOptions } from './pipeline';

export interface ReplayOptions extends Omit<PipelineOptions, 'start'> {
  /**
   * 'earliest' rebuilds everything; a time (epoch ms, trade time) rebuilds the rows from the
   * bucket holding it on, leaving the rows before it as they are.
   */
  readonly from: 'earliest' | number;
}

export interface ReplayResult {
  /** Where the rebuild started: the requested time aligned down to the coarsest interval. */
  readonly fromMs: number | null;
}

const DERIVED = [
  { table: TABLES.candles, time: 'bucket_start' },
  { table: TABLES.symbolStats, time: 'time' },
  { table: TABLES.pairAnalytics, time: 'time' },
  { table: TABLES.alerts, time: 'time' },
  { table: TABLES.signals, time: 'time' },
] as const;

async function clearDerived(clickhouse: ClickHouseClient, fromMs: number | null): Promise<void> {
  try {
    for (const { table, time } of DERIVED) {
      if (fromMs === null) {
        await clickhouse.command({
          query: 'TRUNCATE TABLE IF EXISTS {t:Identifier}',
          query_params: { t: table },
        });
      } else {
        await clickhouse.command({
          query:
            'ALTER TABLE {t:Identifier} DELETE WHERE {c:Identifier} >= fromUnixTimestamp64Milli({from:Int64})',
          query_params: { t: table, c: time, from: fromMs },
          clickhouse_settings: { mutations_sync: '2' },
        });
      }
    }
  } catch (error) {
    throw toStorageError(error, 'clearing derived tables before a replay');
  }
}

type InsertParams = Parameters<ClickHouseClient['insert']>[0];

/**
 * The client the replay's processors write through: rows of the derived tables before
 * `fromMs` are dropped. The log is read from its start, so a window before `fromMs` may be
 * rebuilt from fewer trades than it was (retention deleted its first ones): the stored row
 * stays authoritative.
 */
export function keepingRowsBefore(client: ClickHouseClient, fromMs: number): ClickHouseClient {
  const timeColumn = new Map<string, string>(DERIVED.map((d) => [d.table, d.time]));
  const insert = async (params: InsertParams) => {
    const column = timeColumn.get(params.table);
    const { values, columns } = params as { values?: unknown; columns?: unknown };
    if (column === undefined || !Array.isArray(values) || !Array.isArray(columns)) {
      return client.insert(params);
    }
    const at = columns.indexOf(column);
    if (at < 0) return client.insert(params);
    const kept = values.filter((row: unknown) => {
      const time: unknown = Array.isArray(row) ? row[at] : undefined;
      return typeof time !== 'number' || time >= fromMs;
    });
    if (kept.length === values.length) return client.insert(params);
    if (kept.length === 0) return { executed: false as const, query_id: '', response_headers: {} };
    return client.insert({ ...params, values: kept } as InsertParams);
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'insert') return insert;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/**
 * Rebuilds the derived tables from md.trades.v1: clears them from the start point, moves the
 * processors' consumer groups there and runs them until they have caught up. The same log
 * gives the same tables. The processors must not be running elsewhere meanwhile.
 */
export async function replayDerivedTables(options: ReplayOptions): Promise<ReplayResult> {
  const { intervals } = options;
  const coarsest = Math.max(...intervals.map((i) => INTERVAL_MS[i]));
  // A bucket is rebuilt whole only if replay starts at its beginning.
  const fromMs = options.from === 'earliest' ? null : bucketStart(options.from, coarsest);
  await clearDerived(options.clickhouse, fromMs);
  // Records carry their append time, which says nothing of their trade time (a backfill
  // appends 2024 trades today), so no offset of the log is known to hold only trades before
  // fromMs: every stage reads from the start, and only rows from fromMs on are written.
  const pipeline = buildPipeline({
    ...options,
    ...(fromMs === null ? {} : { clickhouse: keepingRowsBefore(options.clickhouse, fromMs) }),
    start: 'earliest',
    statsStart: 'earliest',
    pairsStart: 'earliest',
  });
  await pipeline.start();
  try {
    await pipeline.drained();
  } finally {
    await pipeline.stop();
  }
  return { fromMs };
}
