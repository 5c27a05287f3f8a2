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
} from '../runtime/log-processor';
import { insertRows } from '../sinks/clickhouse-insert';
import { PendingOffsets } from '../sinks/pending-offsets';
import { PairEngine } from './pair-engine';
import { pairId, type PairSpec } from './pair-spec';

export interface PairProcessorOptions {
  readonly metrics?: Registry;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly pairs: readonly PairSpec[];
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
  engine: PairEngine;
  /** Offsets of the leg records fed to the engine, oldest first, trimmed to what a rebuild needs. */
  readonly offsets: number[];
  /** Index in `offsets` of the first record whose outputs are not yet written. */
  unwrittenFrom: number | undefined;
  /** Aligned bars still to be suppressed while re-feeding after a restart. */
  warmup: number;
}

/** Aligned bars a fresh engine needs before every rolling figure has a full window. */
const warmupBars = (s: PairSpec) => s.olsWindow + Math.max(s.zScoreWindow, s.corrWindow + 1);

/**
 * The stage: one PairEngine per configured pair, fed by md.pair-bars.v1, writing
 * `pair_analytics` and `alerts` and their topics.
 *
 * The engines' rolling state (and the Kalman filter's, which never forgets entirely) cannot
 * be rebuilt from a bounded stretch of log bit for bit. So the committed offset keeps the
 * last 8 warm-up lengths of leg bars before anything unwritten; after a restart they are
 * re-fed, and outputs of the first 2 warm-up lengths — bars already written before — are not
 * written again. From the log's start (a replay) the output is the same to the byte.
 */
export function createPairStage(
  options: PairProcessorOptions,
  counters: PairCounters,
): ProcessorStage {
  const now = options.now ?? Date.now;
  const specs = new Map(options.pairs.map((s) => [pairId(s), s]));
  const states = new Map<string, PairState>();
  const startedAtZero = new Set<string>();
  let analytics: PairAnalytics[] = [];
  let alerts: Alert[] = [];
  let letters: DeadLetter[] = [];
  const pendingLetters = new PendingOffsets();

  const stateFor = (id: string, spec: PairSpec, partitionId: string): PairState => {
    let state = states.get(id);
    if (!state) {
      state = {
        engine: new PairEngine(spec),
        offsets: [],
        unwrittenFrom: undefined,
        warmup: startedAtZero.has(partitionId) ? 0 : 2 * warmupBars(spec),
      };
      states.set(id, state);
    }
    return state;
  };

  const trim = (state: PairState, spec: PairSpec) => {
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
    process(records: readonly LogRecord[], batch: RecordBatch) {
      const partitionId = `${batch.topic}:${batch.partition}`;
      if (records[0]?.offset === 0) startedAtZero.add(partitionId);
      for (const record of records) {
        const decoded = decodeRecord(record, validatePairBar);
        if (!decoded.ok) {
          letters.push(
            deadLetterFor('stream-processors/pairs', record, decoded.code, decoded.reason, now()),
          );
          pendingLetters.note(batch.topic, batch.partition, record.offset);
          continue;
        }
        const spec = specs.get(decoded.value.pairId);
        if (!spec) continue; // a pair no longer configured
        const state = stateFor(decoded.value.pairId, spec, partitionId);
        state.offsets.push(record.offset);
        for (const output of state.engine.addLegBar(decoded.value.leg, decoded.value.candle)) {
          counters.bars += 1;
          if (state.warmup > 0) {
            state.warmup -= 1;
            continue;
          }
          analytics.push(output.analytics);
          alerts.push(...output.alerts);
          state.unwrittenFrom ??= state.offsets.length - 1;
        }
        trim(state, spec);
      }
    },
    flushDue: () => analytics.length >= 20_000,
    hasPending: () => analytics.length > 0 || alerts.length > 0 || letters.length > 0,
    async flush() {
      await insertRows(options.clickhouse, TABLES.pairAnalytics, analytics.map(pairAnalyticsRow));
      await insertRows(options.clickhouse, TABLES.alerts, alerts.map(alertRow));
      await options.eventLog.produce(
        TOPICS.pairAnalytics.name,
        analytics.map((a) => ({
          key: TOPICS.pairAnalytics.keyOf(a),
          value: JSON.stringify(a),
          timestamp: a.time,
        })),
      );
      await options.eventLog.produce(
        TOPICS.alerts.name,
        alerts.map((a) => ({
          key: TOPICS.alerts.keyOf(a),
          value: JSON.stringify(a),
          timestamp: a.time,
        })),
      );
      await produceDeadLetters(options.eventLog, letters);
      counters.analyticsWritten += analytics.length;
      counters.alerts += alerts.length;
      counters.deadLetters += letters.length;
      analytics = [];
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
    flushIntervalMs: options.flushIntervalMs ?? 250,
  });
  return Object.assign(processor, { counters });
}
