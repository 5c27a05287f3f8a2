import { computeSymbolStats, windowName, type StatsWindow } from '@tickstream/analytics';
import type { ClickHouseClient } from '@tickstream/core';
import {
  candleVersion,
  symbolStatsRow,
  TABLES,
  TOPICS,
  validateCandle,
  type Candle,
  type SymbolStats,
} from '@tickstream/schema';
import { defineProcessor, type ProcessorRuntimeOptions } from '../runtime/define-processor';
import { publish } from '../runtime/publish';
import { insertRows } from '../sinks/clickhouse-insert';

/** Bars kept beyond the largest window, so a late revision of a recent bar can be re-applied. */
const REVISION_SLACK = 16;

interface Bar {
  candle: Candle;
  offset: number;
  rowVersion: number;
}

interface StagedRow {
  readonly stats: SymbolStats;
  readonly rowVersion: number;
  readonly recordKey: string;
  readonly minOffset: number;
}

export interface StatsProcessorOptions {
  readonly clickhouse: ClickHouseClient;
  readonly windows: readonly StatsWindow[];
}

export interface StatsCounters {
  rowsWritten: number;
  liveUpdates: number;
}

/** Bars kept per interval: the largest window over it, and the revision slack. */
function keepBarsOf(windows: readonly StatsWindow[]): Map<string, number> {
  const keepBars = new Map<string, number>();
  for (const w of windows)
    keepBars.set(w.interval, Math.max(keepBars.get(w.interval) ?? 0, w.bars + REVISION_SLACK));
  return keepBars;
}

/**
 * Puts a bar into a key's series in time order: a newer version replaces the bar of the same
 * start, an older one is ignored. False when the bar was not kept.
 */
function placeBar(bars: Bar[], candle: Candle, offset: number, keep: number): boolean {
  const version = candleVersion(candle);
  let index = bars.length - 1;
  while (index >= 0 && (bars[index]?.candle.start ?? 0) > candle.start) index -= 1;
  const existing = bars[index];
  if (existing && existing.candle.start === candle.start) {
    if (version < existing.rowVersion) return false;
    existing.candle = candle;
    existing.offset = offset;
    existing.rowVersion = version;
    return true;
  }
  if (index < 0 && bars.length >= keep) return false; // older than anything kept
  bars.splice(index + 1, 0, { candle, offset, rowVersion: version });
  if (bars.length > keep) bars.splice(0, bars.length - keep);
  return true;
}

/**
 * The last bars of each record key and what they yield: one row per window for each final
 * bar (from final bars only, so a replay writes the same rows) and live updates from partial
 * bars.
 */
function createStatsSeries(windows: readonly StatsWindow[]) {
  const keepBars = keepBarsOf(windows);
  const series = new Map<string, Bar[]>();
  const staged = new Map<string, StagedRow>();
  const live = new Set<string>();

  const stageFinalRows = (recordKey: string, bars: Bar[], fromStart: number) => {
    const interval = bars[0]?.candle.interval;
    for (const window of windows) {
      if (window.interval !== interval) continue;
      bars.forEach((bar, i) => {
        if (bar.candle.start < fromStart || !bar.candle.final) return;
        const slice = bars.slice(Math.max(0, i + 1 - window.bars), i + 1);
        // After a restart the oldest bars of a window may not have been re-read: such a row
        // repeats an earlier one with fewer bars, and its lower version (a sum over fewer
        // bars) never replaces the complete row in ClickHouse.
        if (!slice.every((b) => b.candle.final)) return;
        const rowKey = `${recordKey}|${windowName(window)}|${bar.candle.start}`;
        const rowVersion = slice.reduce((sum, b) => sum + b.rowVersion, 0);
        // The same rule as the table's: a repeat over fewer bars (a re-sent bar at the edge of
        // what is kept) must not displace the complete row while it still waits for a flush.
        const waiting = staged.get(rowKey);
        if (waiting && waiting.rowVersion > rowVersion) return;
        staged.set(rowKey, {
          stats: computeSymbolStats(
            slice.map((b) => b.candle),
            window,
          ),
          rowVersion,
          recordKey,
          minOffset: Math.min(...slice.map((b) => b.offset)),
        });
      });
    }
  };

  return {
    staged,
    apply(candle: Candle, recordKey: string, offset: number): void {
      const keep = keepBars.get(candle.interval);
      if (keep === undefined) return;
      let bars = series.get(recordKey);
      if (!bars) {
        bars = [];
        series.set(recordKey, bars);
      }
      if (!placeBar(bars, candle, offset, keep)) return;
      if (candle.final) stageFinalRows(recordKey, bars, candle.start);
      live.add(recordKey);
    },
    hasLive: () => live.size > 0,
    /** Stats of the keys whose newest bar is partial, since the last call. */
    takeLiveUpdates(): SymbolStats[] {
      const out: SymbolStats[] = [];
      for (const key of live) {
        const bars = series.get(key);
        const latest = bars?.[bars.length - 1];
        if (!bars || !latest || latest.candle.final) continue;
        for (const window of windows) {
          if (window.interval !== latest.candle.interval) continue;
          out.push(
            computeSymbolStats(
              bars.slice(-window.bars).map((b) => b.candle),
              window,
            ),
          );
        }
      }
      live.clear();
      return out;
    },
    /** The lowest offset of a kept bar or of a staged row of these keys. */
    lowestOffset(keys: ReadonlySet<string>): number | undefined {
      let lowest: number | undefined;
      const consider = (offset: number) => {
        if (lowest === undefined || offset < lowest) lowest = offset;
      };
      for (const key of keys) for (const bar of series.get(key) ?? []) consider(bar.offset);
      for (const row of staged.values()) if (keys.has(row.recordKey)) consider(row.minOffset);
      return lowest;
    },
    forget(keys: readonly string[]): void {
      for (const key of keys) series.delete(key);
    },
  };
}

/**
 * md.candles.v1 → rolling statistics per symbol and window: ClickHouse `symbol_stats` and
 * md.stats.v1. Keeps the last bars of each symbol and interval; a final bar yields one stats
 * row per window (table and topic), partial bars live updates on the topic only.
 */
export const statsProcessor = defineProcessor({
  name: 'stats',
  group: 'tickstream.stats',
  input: TOPICS.candles,
  validate: validateCandle,
  counters: (): StatsCounters => ({ rowsWritten: 0, liveUpdates: 0 }),
  stage(options: ProcessorRuntimeOptions & StatsProcessorOptions, counters) {
    const series = createStatsSeries(options.windows);
    const { staged } = series;
    return {
      process: (candle, record) => series.apply(candle, record.key, record.offset),
      flushDue: () => staged.size >= 10_000,
      hasPending: () => staged.size > 0 || series.hasLive(),
      async flush() {
        const rows = [...staged.values()];
        const updates = series.takeLiveUpdates();
        await insertRows(
          options.clickhouse,
          TABLES.symbolStats,
          rows.map((r) => symbolStatsRow(r.stats, r.rowVersion)),
        );
        await publish(options.eventLog, TOPICS.stats, [...rows.map((r) => r.stats), ...updates]);
        counters.rowsWritten += rows.length;
        counters.liveUpdates += updates.length;
        staged.clear();
      },
      neededFrom: (_topic, _partition, keys) => series.lowestOffset(keys),
      forget: (keys) => series.forget(keys),
    };
  },
});
