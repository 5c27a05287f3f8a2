import { toStorageError, type ClickHouseClient } from '@tickstream/core';
import { INTERVAL_MS, TABLES } from '@tickstream/schema';
import { bucketStart } from './candles/bucket';
import { DEFAULT_INTERVALS } from './candles/candles-processor';
import { DEFAULT_STATS_WINDOWS } from './stats/stats-processor';
import { buildPipeline, type PipelineOptions } from './pipeline';

export interface ReplayOptions extends Omit<PipelineOptions, 'start'> {
  /** 'earliest' rebuilds everything; a time (epoch ms) rebuilds from the bucket holding it. */
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

/**
 * Rebuilds the derived tables from md.trades.v1: clears them from the start point, moves the
 * processors' consumer groups there and runs them until they have caught up. The same log
 * gives the same tables. The processors must not be running elsewhere meanwhile.
 */
export async function replayDerivedTables(options: ReplayOptions): Promise<ReplayResult> {
  const intervals = options.intervals ?? DEFAULT_INTERVALS;
  const coarsest = Math.max(...intervals.map((i) => INTERVAL_MS[i]));
  // A bucket is rebuilt whole only if replay starts at its beginning.
  const fromMs = options.from === 'earliest' ? null : bucketStart(options.from, coarsest);
  await clearDerived(options.clickhouse, fromMs);
  // Stats rows after the start point need the bars before it: read candles from earlier.
  const statsWindows = options.statsWindows ?? DEFAULT_STATS_WINDOWS;
  const statsSpan = Math.max(...statsWindows.map((w) => (w.bars + 1) * INTERVAL_MS[w.interval]));
  // The pair stages re-feed warm-up bars before the start point (see pair-processor.ts).
  const pairSpan = Math.max(
    0,
    ...(options.pairs ?? []).map(
      (p) =>
        8 * (p.olsWindow + Math.max(p.zScoreWindow, p.corrWindow + 1)) * INTERVAL_MS[p.interval],
    ),
  );
  const pipeline = buildPipeline({
    ...options,
    intervals,
    start: fromMs === null ? 'earliest' : { timestamp: fromMs },
    statsStart: fromMs === null ? 'earliest' : { timestamp: Math.max(0, fromMs - statsSpan) },
    pairsStart: fromMs === null ? 'earliest' : { timestamp: Math.max(0, fromMs - pairSpan) },
  });
  await pipeline.start();
  try {
    await pipeline.drained();
  } finally {
    await pipeline.stop();
  }
  return { fromMs };
}
