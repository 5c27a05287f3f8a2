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
  alertRow,
  pairAnalyticsRow,
  TABLES,
  TOPICS,
  validatePairBar,
  type Alert,
  type DeadLetter,
  type PairAnalytics,
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
import { PairEngine } from './pair-engine';
import { asRegistry, sameSpec, type PairRegistry } from './pair-registry';
import { pairName, type PairSpec } from './pair-spec';

export interface PairProcessorOptions {
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold of the runtime (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  /** The pairs to analyse; a fixed list is taken as a registry that never changes. */
  readonly pairs: PairRegistry | readonly PairSpec[];
  readonly groupId?: string;
  readonly start?: StartPosition;
  readonly flushIntervalMs?: number;
  readonly now?: () => number;
}

export interface PairCounters {
  bars: number;
  analyticsWritten: number;
  alerts: number;
  deadLetters: number;
}

interface PairState {
  readonly spec: PairSpec;
  readonly engine: PairEngine;
  /** Offsets of the leg records fed to the engine, oldest first, trimmed to what a rebuild needs. */
  readonly offsets: number[];
  /** Index in `offsets` of the first record whose outputs are not yet written. */
  unwrittenFrom: number | undefined;
  /** Outputs up to this bar time were written before (by this process or an earlier one). */
  readonly writtenThrough: number;
}

/** What a pair's new state starts from, read from ClickHouse before its first bar is processed. */
interface PairStart {
  readonly spec: PairSpec;
  readonly writtenThrough: number;
  /** Final bars of both legs before the first bar read from the log, oldest first. */
  readonly history: ReadonlyArray<{ leg: 'x' | 'y'; start: number; close: number }>;
}

/**
 * Bars per leg read back when a pair's state starts: full windows (twice the warm-up, so the
 * Kalman filter settles too) and, for a pair added at run time, at least this much history.
 */
const HISTORY_BARS = 1_000;

/** Aligned bars a fresh engine needs before every rolling figure has a full window. */
const warmupBars = (s: PairSpec) => s.olsWindow + Math.max(s.zScoreWindow, s.corrWindow + 1);

/**
 * Where a pair's state starts: the last bar time already in `pair_analytics` (outputs up to
 * it are not written again) and the legs' final bars before `before` from `candles`, so
 * every window is full from the first bar read from the log on.
 */
async function readPairStart(
  client: ClickHouseClient,
  spec: PairSpec,
  exchange: string,
  before: number,
): Promise<PairStart> {
  const written = await client.query({
    query: `SELECT toUnixTimestamp64Milli(max(time)) AS t, count() AS n FROM pair_analytics
            WHERE pair = {pair:String} AND bar_interval = {interval:String}`,
    query_params: { pair: pairName(spec), interval: spec.interval },
    format: 'JSONEachRow',
  });
  const [row] = await written.json<{ t: number; n: number }>();
  const bars = await client.query({
    query: `SELECT leg, start, close FROM (
              SELECT if(symbol = {x:String}, 'x', 'y') AS leg,
                     toUnixTimestamp64Milli(bucket_start) AS start, close
              FROM candles FINAL
              WHERE symbol IN ({x:String}, {y:String}) AND bar_interval = {interval:String}
                AND exchange = {exchange:String} AND is_final = 1
                AND bucket_start < fromUnixTimestamp64Milli({before:Int64})
              ORDER BY start DESC LIMIT {depth:UInt32} BY leg
            ) ORDER BY start, leg`,
    query_params: {
      x: spec.symbolX,
      y: spec.symbolY,
      interval: spec.interval,
      exchange,
      before,
      depth: Math.max(2 * warmupBars(spec), HISTORY_BARS),
    },
    format: 'JSONEachRow',
  });
  const history = await bars.json<{ leg: 'x' | 'y'; start: number; close: number }>();
  return {
    spec,
    writtenThrough: row && row.n > 0 ? row.t : Number.NEGATIVE_INFINITY,
    history,
  };
}

/**
 * The stage: one PairEngine per analysed pair, fed by md.pair-bars.v1, writing
 * `pair_analytics` and `alerts` and their topics. Pairs come from a registry, so they can be
 * added, changed and removed while it runs.
 *
 * A pair's state is built when its first bar arrives (at start, after a rebalance, when the
 * pair is added or its spec changes): from the legs' bars already in ClickHouse, then the
 * log. Outputs up to the last bar time already in `pair_analytics` are not written again, so
 * a restart neither duplicates nor skips rows, and a pair added at run time has full windows
 * (and history) at once. The committed offset keeps the last 8 warm-up lengths of leg bars
 * before anything unwritten, so a restart also re-reads them from the log. From the log's
 * start (a replay into emptied tables) the output is the same to the byte.
 */
export function createPairStage(
  options: PairProcessorOptions,
  counters: PairCounters,
): ProcessorStage {
  const now = options.now ?? Date.now;
  const registry = asRegistry(options.pairs);
  const states = new Map<string, PairState>();
  const starts = new Map<string, PairStart>();
  let analytics: PairAnalytics[] = [];
  let history: PairAnalytics[] = [];
  let alerts: Alert[] = [];
  let letters: DeadLetter[] = [];
  const pendingLetters = new PendingOffsets();

  /** The state of a pair, or undefined when it is not analysed (any more). */
  const stateFor = (id: string): PairState | undefined => {
    const spec = registry.get(id);
    let state = states.get(id);
    if (state && (!spec || !sameSpec(state.spec, spec))) {
      states.delete(id);
      state = undefined;
    }
    if (!spec || state) return state;
    const start = starts.get(id);
    starts.delete(id);
    const fresh: PairState = {
      spec,
      engine: new PairEngine(spec),
      offsets: [],
      unwrittenFrom: undefined,
      writtenThrough:
        start && sameSpec(start.spec, spec) ? start.writtenThrough : Number.NEGATIVE_INFINITY,
    };
    if (start && sameSpec(start.spec, spec)) {
      for (const bar of start.history) {
        for (const output of fresh.engine.addLegClose(bar.leg, bar.start, bar.close)) {
          counters.bars += 1;
          // Bars before the log's: analytics not written yet are history (a pair added at run
          // time), stored but neither published live nor alerted on.
          if (output.analytics.time > fresh.writtenThrough) history.push(output.analytics);
        }
      }
    }
    states.set(id, fresh);
    return fresh;
  };

  const trim = (state: PairState) => {
    const spec = state.spec;
    const keep = 8 * warmupBars(spec);
    const from = Math.min(
      Math.max(0, state.offsets.length - keep),
      Math.max(0, (state.unwrittenFrom ?? state.offsets.length) - 4 * warmupBars(spec)),
    );
    if (from >= 256) {
      state.offsets.splice(0, from);
      if (state.unwrittenFrom !== undefined) state.unwrittenFrom -= from;
    }
  };

  return {
    async prepare(records: readonly LogRecord[]) {
      const firstBars = new Map<string, { spec: PairSpec; exchange: string; start: number }>();
      for (const record of records) {
        const decoded = decodeRecord(record, validatePairBar);
        if (!decoded.ok) continue;
        const { pairId: id, candle } = decoded.value;
        const spec = registry.get(id);
        const state = states.get(id);
        if (!spec || (state && sameSpec(state.spec, spec)) || firstBars.has(id)) continue;
        const ready = starts.get(id);
        if (ready && sameSpec(ready.spec, spec)) continue;
        firstBars.set(id, { spec, exchange: candle.exchange, start: candle.start });
      }
      for (const [id, first] of firstBars) {
        starts.set(
          id,
          await readPairStart(options.clickhouse, first.spec, first.exchange, first.start),
        );
      }
    },
    process(records: readonly LogRecord[], batch: RecordBatch) {
      for (const record of records) {
        const decoded = decodeRecord(record, validatePairBar);
        if (!decoded.ok) {
          letters.push(
            deadLetterFor('stream-processors/pairs', record, decoded.code, decoded.reason, now()),
          );
          pendingLetters.note(batch.topic, batch.partition, record.offset);
          continue;
        }
        const state = stateFor(decoded.value.pairId);
        if (!state) continue; // a pair not analysed (any more)
        state.offsets.push(record.offset);
        for (const output of state.engine.addLegBar(decoded.value.leg, decoded.value.candle)) {
          counters.bars += 1;
          if (output.analytics.time <= state.writtenThrough) continue;
          analytics.push(output.analytics);
          alerts.push(...output.alerts);
          state.unwrittenFrom ??= state.offsets.length - 1;
        }
        trim(state);
      }
    },
    flushDue: () => analytics.length + history.length >= 20_000,
    hasPending: () =>
      analytics.length > 0 || history.length > 0 || alerts.length > 0 || letters.length > 0,
    async flush() {
      await insertRows(
        options.clickhouse,
        TABLES.pairAnalytics,
        [...history, ...analytics].map(pairAnalyticsRow),
      );
      await insertRows(options.clickhouse, TABLES.alerts, alerts.map(alertRow));
      await options.eventLog.produce(
        TOPICS.pairAnalytics.name,
        analytics.map((a) => ({
          key: TOPICS.pairAnalytics.keyOf(a),
          value: JSON.stringify(a),
        })),
      );
      await options.eventLog.produce(
        TOPICS.alerts.name,
        alerts.map((a) => ({
          key: TOPICS.alerts.keyOf(a),
          value: JSON.stringify(a),
        })),
      );
      await produceDeadLetters(options.eventLog, letters);
      counters.analyticsWritten += analytics.length + history.length;
      counters.alerts += alerts.length;
      counters.deadLetters += letters.length;
      analytics = [];
      history = [];
      alerts = [];
      letters = [];
      pendingLetters.clear();
      for (const state of states.values()) state.unwrittenFrom = undefined;
    },
    commitOffset(topic, partition, keys, lastOffset) {
      let lowest = pendingLetters.get(topic, partition);
      for (const key of keys) {
        const first = states.get(key)?.offsets[0];
        if (first !== undefined && (lowest === undefined || first < lowest)) lowest = first;
      }
      return lowest ?? lastOffset + 1;
    },
    forget(keys) {
      for (const key of keys) states.delete(key);
    },
  };
}

/** md.pair-bars.v1 → rolling pair analytics and alerts, in ClickHouse and on their topics. */
export function buildPairProcessor(
  options: PairProcessorOptions,
): LogProcessor & { counters: PairCounters } {
  const counters: PairCounters = { bars: 0, analyticsWritten: 0, alerts: 0, deadLetters: 0 };
  const processor = createLogProcessor({
    name: 'pairs',
    eventLog: options.eventLog,
    groupId: options.groupId ?? 'tickstream.pair-analytics',
    topic: TOPICS.pairBars.name,
    stage: createPairStage(options, counters),
    logger: options.logger.child({ processor: 'pairs' }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    flushIntervalMs: options.flushIntervalMs ?? 250,
  });
  return Object.assign(processor, { counters });
}
