import type { Registry } from 'prom-client';
import {
  createPairRegistry,
  type ClickHouseClient,
  type EventLog,
  type Logger,
  type PairRegistry,
  type StartPosition,
} from '@tickstream/core';
import type { Interval, PairSpec, ScreenerSpec, StatsWindow } from '@tickstream/schema';
import { candlesProcessor } from './candles/candles-processor';
import { buildProcessor, type DeclaredProcessor } from './runtime/define-processor';
import type { HealthStatus } from './runtime/health';
import type { ProcessorSupervision } from './runtime/log-processor';
import { historyBarsSink } from './sinks/history-bars-sink';
import { tradesSink } from './sinks/trades-sink';
import { pairProcessor } from './pairs/pair-processor';
import { pairRepartitioner } from './pairs/pair-repartitioner';
import { screenerProcessor } from './screener/screener-processor';
import { statsProcessor } from './stats/stats-processor';

/** The processors of the pipeline, in topological order: the one source of groups and topics. */
const PIPELINE = [
  tradesSink,
  candlesProcessor,
  historyBarsSink,
  statsProcessor,
  pairRepartitioner,
  pairProcessor,
  screenerProcessor,
] as const;

export interface ProcessorEntry {
  /**
   * The consumer group's short name, as the status lists lag (`pair-analytics` for the pair
   * processor, whose health key is `pairs`): lag belongs to the group, not to the stage.
   */
  readonly name: string;
  readonly groupId: string;
  /** The topic it consumes (its lag is measured there). */
  readonly topic: string;
}

/** Every processor's name, consumer group and input topic, for those who watch their lag. */
export const PROCESSORS: readonly ProcessorEntry[] = PIPELINE.map((p) => ({
  name: p.group.replace(/^tickstream\./, ''),
  groupId: p.group,
  topic: p.input.name,
}));

export interface PipelineOptions {
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly metrics?: Registry;
  readonly intervals: readonly Interval[];
  readonly allowedLatenessMs: number;
  readonly maxLatenessMs: number;
  readonly statsWindows: readonly StatsWindow[];
  /** Configured pairs; run-time changes come from md.pair-config.v1 unless `pairRegistry` is given. */
  readonly pairs?: readonly PairSpec[];
  /** The pairs to analyse, when the caller owns the registry (a fixed set for a replay). */
  readonly pairRegistry?: PairRegistry;
  readonly flushIntervalMs?: number;
  /** When a processor's lag makes it degraded (default PROCESSOR_LAG_DEGRADED_*). */
  readonly lagDegraded?: ProcessorSupervision['lagDegraded'];
  /** Backoff between restarts of a crashed consumer (default 1 s doubling to 15 s). */
  readonly restartDelay?: ProcessorSupervision['restartDelay'];
  readonly start?: StartPosition;
  /** Where the stats processor starts reading candles, when it must differ from `start` (replays). */
  readonly statsStart?: StartPosition;
  /** Where the pair stages start, when it must differ from `start` (replays need warm-up bars). */
  readonly pairsStart?: StartPosition;
  /** The pair screener (every pair of a universe); absent or null: not run. */
  readonly screener?: ScreenerSpec | null;
}

export interface Pipeline {
  readonly processors: Readonly<Record<string, DeclaredProcessor<object>>>;
  readonly pairs: PairRegistry;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every processor has handled and written all records produced so far. */
  drained(): Promise<void>;
  health(): Record<string, HealthStatus>;
}

/** Every stream processor of tickstream, wired to one event log and one ClickHouse. */
export function buildPipeline(options: PipelineOptions): Pipeline {
  const common = {
    eventLog: options.eventLog,
    clickhouse: options.clickhouse,
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.start ? { start: options.start } : {}),
    ...(options.flushIntervalMs ? { flushIntervalMs: options.flushIntervalMs } : {}),
    supervision: {
      ...(options.lagDegraded ? { lagDegraded: options.lagDegraded } : {}),
      ...(options.restartDelay ? { restartDelay: options.restartDelay } : {}),
    },
  };
  const pairs =
    options.pairRegistry ??
    createPairRegistry({
      eventLog: options.eventLog,
      logger: options.logger.child({ component: 'pair-registry' }),
      base: options.pairs ?? [],
    });
  const processors: Record<string, DeclaredProcessor<object>> = {
    [tradesSink.name]: buildProcessor(tradesSink, common),
    [candlesProcessor.name]: buildProcessor(candlesProcessor, {
      ...common,
      intervals: options.intervals,
      allowedLatenessMs: options.allowedLatenessMs,
      maxLatenessMs: options.maxLatenessMs,
    }),
    [historyBarsSink.name]: buildProcessor(historyBarsSink, {
      ...common,
      ...(options.statsStart ? { start: options.statsStart } : {}),
    }),
    [statsProcessor.name]: buildProcessor(statsProcessor, {
      ...common,
      windows: options.statsWindows,
      ...(options.statsStart ? { start: options.statsStart } : {}),
    }),
    [pairRepartitioner.name]: buildProcessor(pairRepartitioner, {
      ...common,
      pairs,
      ...(options.pairsStart ? { start: options.pairsStart } : {}),
    }),
    [pairProcessor.name]: buildProcessor(pairProcessor, {
      ...common,
      pairs,
      ...(options.pairsStart ? { start: options.pairsStart } : {}),
    }),
    ...(options.screener
      ? {
          [screenerProcessor.name]: buildProcessor(screenerProcessor, {
            ...common,
            screener: options.screener,
            ...(options.pairsStart ? { start: options.pairsStart } : {}),
          }),
        }
      : {}),
  };
  const all = Object.values(processors);
  return {
    processors,
    pairs,
    async start() {
      // Run-time pairs are known before the first bar is routed or analysed.
      await pairs.start();
      for (const p of all) await p.start();
    },
    async stop() {
      await Promise.all(all.map((p) => p.stop()));
      await pairs.stop();
    },
    async drained() {
      // In topological order: a stage is drained only once its input topic is complete.
      for (const p of all) await p.drained();
    },
    health: () =>
      Object.fromEntries(Object.entries(processors).map(([name, p]) => [name, p.health()])),
  };
}
