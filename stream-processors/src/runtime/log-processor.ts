import type {
  Consumer,
  EventLog,
  Logger,
  LogRecord,
  RecordBatch,
  StartPosition,
} from '@tickstream/core';
import { StorageError, TickstreamError } from '@tickstream/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { backoffDelay, sleep } from './backoff';
import { createConsumerSupervisor, type ConsumerSupervisor } from './consumer-supervisor';
import { HealthTracker, type HealthStatus } from './health';
import { LagWatch, type LagThreshold } from './lag-watch';
import { PartitionProgress } from './partition-progress';
import { createSerial } from './serial';
import { PROCESS_SETTINGS } from '../settings';

/** What a processing stage does; the runner owns consuming, flushing, retrying and committing. */
export interface ProcessorStage {
  /**
   * Reads what process() will need for these records (stored state of keys it has not seen),
   * before it, in order. Called again with the same records when it fails: idempotent.
   */
  prepare?(records: readonly LogRecord[], batch: RecordBatch): Promise<void>;
  /** Applies fresh records to in-memory state (pure, synchronous). */
  process(records: readonly LogRecord[], batch: RecordBatch): void;
  /** True when buffered output should be written now (by size); the timer covers time. */
  flushDue(): boolean;
  hasPending(): boolean;
  /** Writes buffered output (ClickHouse, topics). Throws when it could not; called again later. */
  flush(): Promise<void>;
  /**
   * The stage takes what it writes when flush() starts, and keeps counting it in
   * commitOffset() until written: the runner may then go on reading and processing the next
   * batches while that write is in flight (one flush outstanding at most).
   */
  readonly processesWhileFlushing?: boolean;
  /** The offset to commit for a partition: nothing before it is needed again. */
  commitOffset(
    topic: string,
    partition: number,
    keys: ReadonlySet<string>,
    lastOffset: number,
  ): number;
  /** Drops state for record keys now owned elsewhere. */
  forget(keys: readonly string[]): void;
}

export interface LogProcessorOptions {
  readonly name: string;
  readonly eventLog: EventLog;
  readonly groupId: string;
  readonly topic: string;
  readonly stage: ProcessorStage;
  readonly logger: Logger;
  readonly start?: StartPosition;
  readonly flushIntervalMs?: number;
  readonly maxBatchSize?: number;
  readonly onFlushError?: (error: unknown) => void;
  /** The role's registry; the processor adds its series, labelled by processor name. */
  readonly metrics?: Registry;
  readonly supervision?: ProcessorSupervision;
}

export interface ProcessorSupervision {
  /** When a growing lag makes the processor degraded (default PROCESSOR_LAG_DEGRADED_*). */
  readonly lagDegraded?: LagThreshold;
  /** Backoff between restarts of a crashed consumer (default 1 s doubling to 15 s). */
  readonly restartDelay?: { readonly initialMs: number; readonly maxMs: number };
}

export const DEFAULT_LAG_DEGRADED: LagThreshold = {
  records: PROCESS_SETTINGS.processorLagDegradedRecords.default,
  forMs: PROCESS_SETTINGS.processorLagDegradedMs.default,
};

const DEFAULT_FLUSH_INTERVAL_MS = PROCESS_SETTINGS.processorFlushIntervalMs.default;

class StaleConsumerError extends Error {
  constructor() {
    super('batch of a replaced consumer: not processed, not committed');
  }
}

export interface LogProcessor {
  start(): Promise<void>;
  /** Stops consuming, writes what is buffered, leaves the group. */
  stop(): Promise<void>;
  health(): HealthStatus;
  /** Resolves once everything produced to the topic so far is processed and written. */
  drained(): Promise<void>;
}

function restartDelayOf(supervision: ProcessorSupervision | undefined) {
  const delay = supervision?.restartDelay;
  return delay ? { initialDelayMs: delay.initialMs, maxDelayMs: delay.maxMs } : {};
}

function describe(error: unknown): string {
  if (error instanceof TickstreamError) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

type Labels = { readonly processor: string };

/** Writing and reading through the stage, with the stall, backoff and recovery that go with them. */
interface FlowControl {
  /**
   * Writes buffered output, after the flush in flight if there is one; on failure pauses
   * consumption, says stalled and throws.
   */
  flushNow(): Promise<void>;
  /**
   * Starts a flush without waiting for it, once the one before has succeeded (throws that
   * one's error otherwise, after the backoff): at most one flush is outstanding.
   */
  startFlush(): Promise<void>;
  /** Resolves when no flush is in flight (whatever its outcome). */
  settled(): Promise<void>;
  /** The stage's reads before a batch; on failure says stalled, backs off and throws. */
  prepare(batch: RecordBatch): Promise<void>;
  failures(): number;
  lastFlush(): number;
}

function createFlowControl(
  options: LogProcessorOptions,
  health: HealthTracker,
  metrics: ProcessorMetrics | undefined,
  consumer: () => Consumer | undefined,
  stopped: () => boolean,
): FlowControl {
  const { stage, logger, name } = options;
  const labels: Labels = { processor: name };
  let failures = 0;
  let lastFlush = Date.now();
  let inFlight: Promise<void> | undefined;

  const stall = (error: unknown, reason: string) => {
    failures += 1;
    metrics?.sinkErrors.inc(labels);
    const described = `${reason}: ${describe(error)}; retrying (attempt ${failures})`;
    if (health.get().state !== 'stalled')
      logger.warn({ err: error }, `${name} stalled: ${described}`);
    health.set('stalled', described);
    return described;
  };

  const recovered = () => {
    if (failures > 0) logger.info({ attempts: failures }, `${name} recovered`);
    failures = 0;
    health.set('running');
  };

  const flushOnce = async () => {
    lastFlush = Date.now();
    const timer = metrics?.flushSeconds.startTimer(labels);
    try {
      await stage.flush();
      timer?.();
    } catch (error) {
      metrics?.stalled.set(labels, 1);
      const reason = stall(error, 'cannot write output');
      options.onFlushError?.(error);
      const c = consumer();
      if (c && !c.isPaused()) c.pause();
      throw error instanceof TickstreamError
        ? error
        : new StorageError('SINK_WRITE_FAILED', reason, undefined, {
            retriable: true,
            cause: error,
          });
    }
    recovered();
    metrics?.stalled.set(labels, 0);
    const c = consumer();
    if (c?.isPaused() && !stopped()) c.resume();
  };

  return {
    failures: () => failures,
    lastFlush: () => lastFlush,
    flushNow() {
      const previous = inFlight;
      const run = (async () => {
        if (previous) await previous.catch(() => undefined);
        await flushOnce();
      })();
      inFlight = run;
      void run
        .finally(() => {
          if (inFlight === run) inFlight = undefined;
        })
        .catch(() => undefined);
      return run;
    },
    async startFlush() {
      const previous = inFlight;
      if (previous) {
        try {
          await previous;
        } catch (error) {
          await sleep(backoffDelay(failures, 200, 5_000));
          throw error;
        }
      }
      // Its failure is handled where it happens (stall, pause) and retried by the timer, or
      // by the next batch's startFlush.
      this.flushNow().catch(() => undefined);
    },
    settled: async () => {
      await inFlight?.catch(() => undefined);
    },
    async prepare(batch) {
      if (!stage.prepare) return;
      try {
        await stage.prepare(batch.records, batch);
        if (failures > 0 && health.get().reason?.startsWith('cannot read stored state')) {
          recovered();
        }
      } catch (error) {
        stall(error, 'cannot read stored state');
        await sleep(backoffDelay(failures, 200, 5_000));
        throw error;
      }
    },
  };
}

/** Handles one batch: reads, skips what was processed, processes, flushes when due; says what to commit. */
function createBatchHandler(
  options: LogProcessorOptions,
  flow: FlowControl,
  progress: PartitionProgress,
  lagWatch: LagWatch,
  metrics: ProcessorMetrics | undefined,
) {
  const { stage } = options;
  const labels: Labels = { processor: options.name };
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  return async (batch: RecordBatch): Promise<{ commitOffset: number }> => {
    // Before progress.accept: a failed read re-delivers the batch, which must then be fresh.
    await flow.prepare(batch);
    const { fresh, staleKeys } = progress.accept(batch);
    const newest = batch.records[batch.records.length - 1];
    if (newest) {
      const lag = batch.highWatermark - newest.offset - 1;
      lagWatch.observe(batch.topic, batch.partition, lag, Date.now());
      metrics?.records.inc(labels, fresh.length);
      metrics?.lag.set({ ...labels, partition: String(batch.partition) }, lag);
    }
    if (staleKeys.length > 0) stage.forget(staleKeys);
    if (fresh.length > 0) stage.process(fresh, batch);
    // Flushing by time here too: under a steady stream the timer alone may fire late.
    if (
      stage.flushDue() ||
      (stage.hasPending() && Date.now() - flow.lastFlush() >= flushIntervalMs)
    ) {
      if (stage.processesWhileFlushing) {
        await flow.startFlush();
      } else {
        try {
          await flow.flushNow();
        } catch (error) {
          await sleep(backoffDelay(flow.failures(), 200, 5_000));
          throw error;
        }
      }
    }
    const lastOffset = newest ? newest.offset : -1;
    return {
      commitOffset: stage.commitOffset(
        batch.topic,
        batch.partition,
        progress.keysOf(batch.topic, batch.partition),
        lastOffset,
      ),
    };
  };
}

/** Resolves once every partition of the topic is processed to its end and nothing is buffered. */
async function untilDrained(
  options: LogProcessorOptions,
  progress: PartitionProgress,
  serial: ReturnType<typeof createSerial>,
): Promise<void> {
  const { eventLog, topic, stage } = options;
  for (;;) {
    const ends = await eventLog.endOffsets(topic);
    const caughtUp = [...ends].every(
      ([partition, end]) => end === 0 || (progress.nextOffset(topic, partition) ?? 0) >= end,
    );
    const idle = await serial(async () => !stage.hasPending());
    if (caughtUp && idle) return;
    await sleep(50);
  }
}

/** The health of the flow, unless the consumer is restarting or the lag says it falls behind. */
function composeHealth(
  flow: HealthStatus,
  stopped: boolean,
  supervisor: ConsumerSupervisor,
  lagWatch: LagWatch,
): HealthStatus {
  if (stopped) return flow;
  const restarting = supervisor.restarting();
  if (restarting) return { state: 'restarting', ...restarting };
  if (flow.state !== 'running') return flow;
  const behind = lagWatch.verdict(Date.now());
  return behind ? { state: 'degraded', ...behind } : flow;
}

/**
 * Consumes one topic as a consumer group and drives a stage with at-least-once delivery and
 * idempotent output: offsets are committed only up to what the stage no longer needs, after
 * the writes covering them were acknowledged. A failing sink stalls consumption (pause,
 * backoff, retry) without dropping anything; health says why.
 */
export function createLogProcessor(options: LogProcessorOptions): LogProcessor {
  const { stage, logger, eventLog } = options;
  const serial = createSerial();
  const progress = new PartitionProgress();
  const health = new HealthTracker();
  const lagWatch = new LagWatch(options.supervision?.lagDegraded ?? DEFAULT_LAG_DEGRADED);
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const metrics = processorMetrics(options.metrics);
  const labels: Labels = { processor: options.name };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // The supervisor is made below; these closures run only once it exists.
  const flow = createFlowControl(
    options,
    health,
    metrics,
    () => supervisor.consumer(),
    () => stopped,
  );
  const handle = createBatchHandler(options, flow, progress, lagWatch, metrics);

  const handler = (generation: number, batch: RecordBatch) =>
    serial(async () => {
      if (generation !== supervisor.generation()) throw new StaleConsumerError();
      return handle(batch);
    });

  const tick = () => {
    if (stopped || !stage.hasPending()) return;
    void serial(flow.flushNow).catch(() => undefined);
  };

  /**
   * Before a replacement consumer starts: write what can be written, then drop every key's
   * state, as a fresh member would have none; the new consumer starts from the committed
   * offsets, which are never past a record this state still needed.
   */
  const reset = () =>
    serial(async () => {
      if (stage.hasPending()) await flow.flushNow().catch(() => undefined);
      stage.forget(progress.reset());
      lagWatch.reset();
    });

  // Only the first start reads from `start`: a restart continues from the committed offsets.
  let position: StartPosition = options.start ?? 'committed';
  const supervisor: ConsumerSupervisor = createConsumerSupervisor({
    name: options.name,
    logger,
    reset,
    onRestart: () => metrics?.restarts.inc(labels),
    ...restartDelayOf(options.supervision),
    open: async (generation, events) => {
      const consumer = await eventLog.consume({
        groupId: options.groupId,
        topics: [options.topic],
        start: position,
        handler: (batch) => handler(generation, batch),
        maxBatchSize: options.maxBatchSize ?? 5_000,
        retryDelayMs: 100,
        onHandlerError: (error) =>
          logger.debug({ err: error }, `${options.name}: batch will be retried`),
        ...events,
      });
      position = 'committed';
      return consumer;
    },
  });

  return {
    async start() {
      await supervisor.start();
      timer = setInterval(tick, flushIntervalMs);
      health.set('running');
      logger.info({ groupId: options.groupId, topic: options.topic }, `${options.name} started`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await supervisor.stop();
      // Best effort: what is not written here is re-read from the log at the next start.
      await serial(async () => {
        await flow.settled();
        if (stage.hasPending()) await stage.flush();
      }).catch((error: unknown) =>
        logger.warn({ err: error }, `${options.name}: final flush failed`),
      );
      health.set('stopped');
    },
    health: () => composeHealth(health.get(), stopped, supervisor, lagWatch),
    drained: () => untilDrained(options, progress, serial),
  };
}

interface ProcessorMetrics {
  readonly records: Counter<'processor'>;
  readonly lag: Gauge<'processor' | 'partition'>;
  readonly flushSeconds: Histogram<'processor'>;
  readonly sinkErrors: Counter<'processor'>;
  readonly stalled: Gauge<'processor'>;
  readonly restarts: Counter<'processor'>;
}

const registered = new WeakMap<Registry, ProcessorMetrics>();

/** One set of series per registry, shared by every processor of the role (label: processor). */
function processorMetrics(registry: Registry | undefined): ProcessorMetrics | undefined {
  if (!registry) return undefined;
  let metrics = registered.get(registry);
  if (!metrics) {
    metrics = {
      records: new Counter({
        name: 'tickstream_processor_records_total',
        help: 'Records handled by a processor',
        labelNames: ['processor'],
        registers: [registry],
      }),
      lag: new Gauge({
        name: 'tickstream_processor_consumer_lag',
        help: 'Records behind the end of the input partition, as of the last batch',
        labelNames: ['processor', 'partition'],
        registers: [registry],
      }),
      flushSeconds: new Histogram({
        name: 'tickstream_processor_flush_seconds',
        help: 'Time to write a batch of output (ClickHouse and topics)',
        labelNames: ['processor'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
      sinkErrors: new Counter({
        name: 'tickstream_processor_sink_errors_total',
        help: 'Failed output writes (retried)',
        labelNames: ['processor'],
        registers: [registry],
      }),
      stalled: new Gauge({
        name: 'tickstream_processor_stalled',
        help: '1 while a processor cannot write its output and has paused consumption',
        labelNames: ['processor'],
        registers: [registry],
      }),
      restarts: new Counter({
        name: 'tickstream_processor_restarts_total',
        help: 'Consumers started again after a crash or a failed start',
        labelNames: ['processor'],
        registers: [registry],
      }),
    };
    registered.set(registry, metrics);
  }
  return metrics;
}
