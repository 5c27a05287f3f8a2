import type { EventLog, Logger, Registry } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import { DeadLetterSink } from './pipeline/dead-letters';
import type { HistorySettings } from './history/history-plan';
import { HistoryRunner } from './history/history-runner';
import { IngestCounters } from './pipeline/ingest-counters';
import type { IngestHealth } from './pipeline/ingest-health';
import { IngestLifecycle } from './pipeline/ingest-lifecycle';
import { createMessageHandler } from './pipeline/ingest-loop';
import { IngestMetrics } from './pipeline/ingest-metrics';
import { createIngestProducers } from './pipeline/ingest-producers';
import { ingestHealthOf } from './pipeline/ingest-report';
import { resolveTopics, type IngestTopics } from './pipeline/ingest-topics';
import { Sequencer } from './pipeline/sequencer';
import type { IngestStatus } from './pipeline/status';
import { subscriptions } from './pipeline/subscriptions';
import { TailChecker } from './pipeline/tail-checker';
import { buildSource, type SourceSpec } from './sources/source-spec';
import { INGEST_SETTINGS } from './settings';
import type { IngestSource } from './types';

export type { IngestTopics } from './pipeline/ingest-topics';
export type { SourceSpec } from './sources/source-spec';

export interface IngestOptions {
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** The role's registry (core's createMetricsRegistry); ingest registers its metrics there. */
  readonly metrics: Registry;
  readonly source: IngestSource | SourceSpec;
  /** Topic names (default: the schema's md.trades.v1, md.deadletter.v1, md.trade-gaps.v1). */
  readonly topics?: Partial<IngestTopics>;
  /** Create the topics at start, idempotently (default true). */
  readonly createTopics?: boolean;
  readonly batch?: {
    /** Records per produce call at most (default 2,000). */
    readonly maxRecords?: number;
    /** Longest a record waits for a batch to fill (default 5 ms). */
    readonly lingerMs?: number;
    /** Records buffered for the log above which reading pauses (default 50,000). */
    readonly maxBuffered?: number;
  };
  readonly sequencing?: {
    readonly gapGraceMs?: number;
    readonly maxHeld?: number;
    readonly maxHoldMs?: number;
  };
  /**
   * Continue after the trades already in the log (live sources with sequential ids): the
   * highest id per symbol among the last `lookbackMs` of md.trades.v1 is where a restart
   * resumes, so the trades missed while ingest was down are a gap that is backfilled.
   * `exchange`: only its trades are continued, when a source that starts its ids over on
   * every run (a synthetic market) is read beside the exchange.
   */
  readonly resume?: { readonly lookbackMs: number; readonly exchange?: string };
  /**
   * A symbol without a trade this long is asked for its newest id again, so a gap at the end
   * of a connection is found without a later trade (default INGEST_TAIL_CHECK_MS).
   */
  readonly tailCheckMs?: number;
  /** health() is down/degraded past this long without a connection, data or a writable log (default INGEST_STALE_AFTER_MS). */
  readonly staleAfterMs?: number;
  /** Status line period (default INGEST_STATUS_INTERVAL_MS; 0 turns it off). */
  readonly statusIntervalMs?: number;
  /**
   * Fetch the exchange's history before the live stream (live exchange sources only): bars
   * over `lookbackMs`, aggregate trades over `tradesLookbackMs`. Undefined: no history.
   */
  readonly history?: HistorySettings;
  /** At stop, how long backfills in flight may still run (default 5 s). */
  readonly stopTimeoutMs?: number;
  /** Also append every raw message to this JSONL file (.gz compresses). */
  readonly recordPath?: string;
  /** Dead-letter payloads longer than this are truncated (default 64 KiB). */
  readonly maxDeadLetterBytes?: number;
  /** Told about every batch of trades the log acknowledged (benchmarks, tests). */
  readonly onTradesProduced?: (trades: readonly Trade[], ackedAt: number) => void;
}

export interface Ingest {
  /** Creates topics and starts reading; resolves once running. */
  start(): Promise<void>;
  /** Stops reading, writes everything received, closes sockets. Idempotent. */
  stop(): Promise<void>;
  status(): IngestStatus;
  /** Whether ingest does its job now, and if not, why (for /health). */
  health(): IngestHealth;
  /** Settles when ingest ends by itself (a replay ran out) or fails; stop() settles it too. */
  readonly done: Promise<void>;
  subscribe(symbols: readonly string[]): Promise<void>;
  unsubscribe(symbols: readonly string[]): Promise<void>;
}

/**
 * Builds the ingest role: source → mapper → sequencer → batched producer, with its counters,
 * dead letters and lifecycle. Only wires the parts: nothing runs until start().
 */
export function buildIngest(options: IngestOptions): Ingest {
  const logger = options.logger.child({ role: 'ingest' });
  const metrics = new IngestMetrics(options.metrics);
  const source = buildSource(options.source, logger, metrics);
  const topics = resolveTopics(options.topics);
  const counters = new IngestCounters(metrics, topics.trades);
  // The lifecycle is built last (it reads every part); producers reach it only once running.
  const fail = (error: unknown) => lifecycle.fail(error);
  const producers = createIngestProducers({
    eventLog: options.eventLog,
    topics,
    logger,
    ...(options.batch !== undefined ? { batch: options.batch } : {}),
    onTradesFlushed: (batch, startedAtMs, ackedAt) => {
      counters.produced(batch, startedAtMs, ackedAt);
      options.onTradesProduced?.(batch, ackedAt);
    },
    onFatal: fail,
  });
  const deadLetters = new DeadLetterSink({
    producer: producers.deadLetters,
    metrics,
    logger,
    topic: topics.trades,
    ...(options.maxDeadLetterBytes !== undefined
      ? { maxRawBytes: options.maxDeadLetterBytes }
      : {}),
  });
  const sequencing = options.sequencing;
  const sequencer = new Sequencer({
    logger,
    emitTrade: (t) => producers.trades.add(t),
    emitGap: (g) => {
      counters.gap(g);
      producers.gaps.add(g);
    },
    emitRejected: deadLetters.reject,
    onDuplicate: (t) => counters.duplicate(t),
    onBackfilled: (t) => counters.backfilled(t),
    waitForCapacity: () => producers.trades.waitForCapacity(),
    ...(sequencing?.gapGraceMs !== undefined ? { gapGraceMs: sequencing.gapGraceMs } : {}),
    ...(sequencing?.maxHeld !== undefined ? { maxHeld: sequencing.maxHeld } : {}),
    ...(sequencing?.maxHoldMs !== undefined ? { maxHoldMs: sequencing.maxHoldMs } : {}),
  });
  const tails = new TailChecker({
    sequencer,
    logger,
    intervalMs: options.tailCheckMs ?? INGEST_SETTINGS.ingestTailCheckMs.default,
  });
  source.onSubscribed?.((list, origin) => tails.subscribed(list, origin));
  const handle = createMessageHandler({ counters, tails, sequencer, deadLetters });
  const history =
    options.history !== undefined && source.history !== undefined
      ? new HistoryRunner({
          eventLog: options.eventLog,
          topics,
          history: source.history.fetcher,
          settings: options.history,
          exchange: source.history.exchange,
          trades: producers.trades,
          logger,
          requests: source.history.requests,
        })
      : undefined;
  const lifecycle: IngestLifecycle = new IngestLifecycle(
    { logger, source, counters, deadLetters, sequencer, producers, tails, handle, history },
    {
      eventLog: options.eventLog,
      topics,
      createTopics: options.createTopics !== false,
      resumeLookbackMs: options.resume?.lookbackMs ?? 0,
      resumeExchange: options.resume?.exchange,
      statusIntervalMs: options.statusIntervalMs ?? INGEST_SETTINGS.ingestStatusIntervalMs.default,
      stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
      recordPath: options.recordPath,
    },
  );
  const staleAfterMs = options.staleAfterMs ?? INGEST_SETTINGS.ingestStaleAfterMs.default;

  return {
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
    status: () => lifecycle.status(),
    health: () =>
      ingestHealthOf(lifecycle.status(), producers.all, counters.lastDataAt, staleAfterMs),
    done: lifecycle.done,
    ...subscriptions(source, tails),
  };
}
