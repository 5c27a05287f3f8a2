import type { Logger } from '@tickstream/core';
import type { HistoryRunner } from '../history/history-runner';
import type { IngestSource } from '../types';
import type { BatchingProducer } from './batching-producer';
import type { DeadLetterSink } from './dead-letters';
import type { IngestCounters } from './ingest-counters';
import { ingestHealth, type IngestHealth } from './ingest-health';
import type { IngestProducers } from './ingest-producers';
import type { Sequencer } from './sequencer';
import { formatStatusLine, type IngestState, type IngestStatus } from './status';

/** The parts of a built ingest that status() reads. */
export interface ReportParts {
  readonly source: IngestSource;
  readonly counters: IngestCounters;
  readonly deadLetters: DeadLetterSink;
  readonly sequencer: Sequencer;
  readonly producers: IngestProducers;
  readonly history?: HistoryRunner | undefined;
}

/** Where the lifecycle stands. */
export interface RunState {
  readonly state: IngestState;
  readonly startedAt: number | undefined;
  readonly failure: unknown;
}

export function ingestStatus(parts: ReportParts, run: RunState): IngestStatus {
  const { source, sequencer, producers, deadLetters } = parts;
  const connections = source.connections();
  const s = sequencer.stats;
  return {
    state: run.state,
    source: source.name,
    ...(run.startedAt !== undefined ? { startedAt: run.startedAt } : {}),
    symbols: parts.counters.symbolStatuses(),
    connections,
    reconnects: connections.reduce((n, c) => n + c.reconnects, 0),
    rotations: connections.reduce((n, c) => n + c.rotations, 0),
    queued: source.buffered ?? 0,
    pendingProduce: producers.trades.pending,
    produced: producers.trades.producedCount,
    deadLetters: deadLetters.count,
    deadLettersByCode: deadLetters.byCode(),
    gaps: {
      detected: s.gapsDetected,
      backfilled: s.gapsBackfilled,
      unrecoverable: s.gapsUnrecoverable,
      open: sequencer.activeGaps(),
      missingTrades: sequencer.missingNow(),
    },
    duplicates: s.duplicates,
    ...(parts.history !== undefined ? { history: parts.history.status() } : {}),
    ...(run.failure !== undefined
      ? { error: run.failure instanceof Error ? run.failure.message : String(run.failure) }
      : {}),
  };
}

export function ingestHealthOf(
  status: IngestStatus,
  producers: readonly BatchingProducer<unknown>[],
  lastDataAt: number | undefined,
  staleAfterMs: number,
): IngestHealth {
  // The producer waiting longest for the log speaks for all three.
  const waiting = producers
    .map((p) => p.waiting)
    .filter((w) => w !== undefined)
    .sort((a, b) => a.since - b.since)[0];
  return ingestHealth({
    now: Date.now(),
    state: status.state,
    connections: status.connections,
    staleAfterMs,
    ...(status.startedAt !== undefined ? { startedAt: status.startedAt } : {}),
    ...(status.error !== undefined ? { error: status.error } : {}),
    ...(lastDataAt !== undefined ? { lastDataAt } : {}),
    ...(waiting !== undefined ? { logFailingSince: waiting.since } : {}),
    ...(waiting?.error !== undefined ? { logError: waiting.error } : {}),
    ...(status.history !== undefined ? { history: status.history } : {}),
  });
}

/** The timers of a running ingest: counters sampled every second, the status line every `statusIntervalMs`. */
export class StatusReporter {
  private sampleTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly source: IngestSource,
    private readonly counters: IngestCounters,
    private readonly status: () => IngestStatus,
    /** 0 turns the status line off. */
    private readonly statusIntervalMs: number,
  ) {}

  start(): void {
    this.counters.restartRates();
    this.sampleTimer = setInterval(() => this.counters.sample(this.source), 1_000);
    this.sampleTimer.unref();
    if (this.statusIntervalMs > 0) {
      this.statusTimer = setInterval(
        () => this.logger.info({ status: this.status() }, formatStatusLine(this.status())),
        this.statusIntervalMs,
      );
      this.statusTimer.unref();
    }
  }

  /** Stops the timers and takes a last sample, so the final status has the final numbers. */
  stop(): void {
    clearInterval(this.statusTimer);
    clearInterval(this.sampleTimer);
    this.counters.sample(this.source);
  }
}
