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
  symbolStatsRow,
  TABLES,
  TOPICS,
  validateCandle,
  type Candle,
  type DeadLetter,
  type SymbolStats,
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
import { computeSymbolStats, windowName, type StatsWindow } from './rolling-stats';

export const DEFAULT_STATS_WINDOWS: readonly StatsWindow[] = [
  { interval: '1s', bars: 60 },
  { interval: '1m', bars: 60 },
  { interval: '1m', bars: 1440 },
];

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

const rowVersionOf = (c: Candle) => c.tradeCount * 2 + (c.final ? 1 : 0);

export interface StatsProcessorOptions {
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold of the runtime (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly windows?: readonly StatsWindow[];
  readonly groupId?: string;
  readonly start?: StartPosition;
  readonly flushIntervalMs?: number;
  readonly now?: () => number;
}

export interface StatsCounters {
  rowsWritten: number;
  liveUpdates: number;
  deadLetters: number;
}

/**
 * The stage: keeps the last bars of each symbol and interval from md.candles.v1. A final bar
 * yields one stats row per window (table and topic), computed from final bars only, so a
 * replay writes the same rows; partial bars yield live updates on the topic only.
 */
export function createStatsStage(
  options: StatsProcessorOptions,
  counters: StatsCounters,
): ProcessorStage {
  const windows = options.windows ?? DEFAULT_STATS_WINDOWS;
  const now = options.now ?? Date.now;
  const keepBars = new Map<string, number>();
  for (const w of windows)
    keepBars.set(w.interval, Math.max(keepBars.get(w.interval) ?? 0, w.bars + REVISION_SLACK));
  const series = new Map<string, Bar[]>();
  const staged = new Map<string, StagedRow>();
  const live = new Set<string>();
  let letters: DeadLetter[] = [];
  const pendingLetters = new PendingOffsets();

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
        const stats = computeSymbolStats(
          slice.map((b) => b.candle),
          window,
        );
        staged.set(`${recordKey}|${windowName(window)}|${bar.candle.start}`, {
          stats,
          rowVersion: slice.reduce((sum, b) => sum + b.rowVersion, 0),
          recordKey,
          minOffset: Math.min(...slice.map((b) => b.offset)),
        });
      });
    }
  };

  const apply = (candle: Candle, record: LogRecord) => {
    const keep = keepBars.get(candle.interval);
    if (keep === undefined) return;
    let bars = series.get(record.key);
    if (!bars) {
      bars = [];
      series.set(record.key, bars);
    }
    const version = rowVersionOf(candle);
    let index = bars.length - 1;
    while (index >= 0 && (bars[index]?.candle.start ?? 0) > candle.start) index -= 1;
    const existing = bars[index];
    if (existing && existing.candle.start === candle.start) {
      if (version < existing.rowVersion) return;
      existing.candle = candle;
      existing.offset = record.offset;
      existing.rowVersion = version;
    } else {
      if (index < 0 && bars.length >= keep) return; // older than anything kept
      bars.splice(index + 1, 0, { candle, offset: record.offset, rowVersion: version });
      if (bars.length > keep) bars.splice(0, bars.length - keep);
    }
    if (candle.final) stageFinalRows(record.key, bars, candle.start);
    live.add(record.key);
  };

  const liveUpdates = (): SymbolStats[] => {
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
  };

  return {
    process(records: readonly LogRecord[], batch: RecordBatch) {
      for (const record of records) {
        const decoded = decodeRecord(record, validateCandle);
        if (!decoded.ok) {
          letters.push(
            deadLetterFor('stream-processors/stats', record, decoded.code, decoded.reason, now()),
          );
          pendingLetters.note(batch.topic, batch.partition, record.offset);
          continue;
        }
        apply(decoded.value, record);
      }
    },
    flushDue: () => staged.size >= 10_000,
    hasPending: () => staged.size > 0 || live.size > 0 || letters.length > 0,
    async flush() {
      const rows = [...staged.values()];
      const updates = liveUpdates();
      await insertRows(
        options.clickhouse,
        TABLES.symbolStats,
        rows.map((r) => symbolStatsRow(r.stats, r.rowVersion)),
      );
      await options.eventLog.produce(
        TOPICS.stats.name,
        [...rows.map((r) => r.stats), ...updates].map((s) => ({
          key: TOPICS.stats.keyOf(s),
          value: JSON.stringify(s),
        })),
      );
      await produceDeadLetters(options.eventLog, letters);
      counters.rowsWritten += rows.length;
      counters.liveUpdates += updates.length;
      counters.deadLetters += letters.length;
      staged.clear();
      letters = [];
      pendingLetters.clear();
    },
    commitOffset(topic, partition, keys, lastOffset) {
      let lowest = pendingLetters.get(topic, partition);
      const consider = (offset: number) => {
        if (lowest === undefined || offset < lowest) lowest = offset;
      };
      for (const key of keys) for (const bar of series.get(key) ?? []) consider(bar.offset);
      for (const row of staged.values()) if (keys.has(row.recordKey)) consider(row.minOffset);
      return lowest ?? lastOffset + 1;
    },
    forget(keys) {
      for (const key of keys) series.delete(key);
    },
  };
}

/** md.candles.v1 → rolling statistics per symbol and window: ClickHouse `symbol_stats` and md.stats.v1. */
export function buildStatsProcessor(
  options: StatsProcessorOptions,
): LogProcessor & { counters: StatsCounters } {
  const counters: StatsCounters = { rowsWritten: 0, liveUpdates: 0, deadLetters: 0 };
  const processor = createLogProcessor({
    name: 'stats',
    eventLog: options.eventLog,
    groupId: options.groupId ?? 'tickstream.stats',
    topic: TOPICS.candles.name,
    stage: createStatsStage(options, counters),
    logger: options.logger.child({ processor: 'stats' }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    flushIntervalMs: options.flushIntervalMs ?? 250,
  });
  return Object.assign(processor, { counters });
}
