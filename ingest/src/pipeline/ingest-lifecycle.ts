import { TickstreamError, type EventLog, type Logger } from '@tickstream/core';
import type { IngestSource } from '../types';
import { createIngestTopics, type IngestTopics } from './ingest-topics';
import { runIngestLoop, type IngestLoopParts } from './ingest-loop';
import { ingestStatus, StatusReporter, type ReportParts } from './ingest-report';
import { readLastTradeIds } from './last-trade-ids';
import { JsonlWriter } from './recorder';
import type { Sequencer } from './sequencer';
import { formatStatusLine, type IngestState, type IngestStatus } from './status';
import type { TailChecker } from './tail-checker';

export interface LifecycleSettings {
  readonly eventLog: EventLog;
  readonly topics: IngestTopics;
  readonly createTopics: boolean;
  /** Resume after the last trade ids of this long a tail of the trades topic (0: do not). */
  readonly resumeLookbackMs: number;
  /** Only this exchange's trades are resumed (undefined: every exchange's). */
  readonly resumeExchange: string | undefined;
  readonly statusIntervalMs: number;
  readonly stopTimeoutMs: number;
  readonly recordPath: string | undefined;
}

export interface LifecycleParts extends ReportParts {
  readonly logger: Logger;
  readonly source: IngestSource;
  readonly sequencer: Sequencer;
  readonly tails: TailChecker;
  readonly handle: IngestLoopParts['handle'];
}

/** Continues each symbol after the highest trade id among the last `lookbackMs` of the log. */
async function resumeFromLog(
  settings: LifecycleSettings,
  sequencer: Sequencer,
  logger: Logger,
): Promise<void> {
  const exchange = settings.resumeExchange;
  const last = (
    await readLastTradeIds({
      eventLog: settings.eventLog,
      topic: settings.topics.trades,
      sinceMs: Date.now() - settings.resumeLookbackMs,
      logger,
    })
  ).filter((l) => exchange === undefined || l.exchange === exchange);
  sequencer.resume(last);
  if (last.length > 0)
    logger.info(
      { symbols: Object.fromEntries(last.map((l) => [l.symbol, l.lastId])) },
      'resuming after the last trade ids in the log',
    );
}

/**
 * Ingest's states (idle → starting → running → stopping → stopped, or finished / failed) and
 * what each transition starts or ends. Building one starts nothing; start() does.
 */
export class IngestLifecycle {
  private current: IngestState = 'idle';
  private startedAt: number | undefined;
  private failure: unknown;
  private recorder: JsonlWriter | undefined;
  private run: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly historyAbort = new AbortController();
  private checkpointTimer: NodeJS.Timeout | undefined;
  private readonly reporter: StatusReporter;
  private settleDone: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** Settles when ingest ends by itself or fails; stop() settles it too. */
  readonly done: Promise<void>;

  constructor(
    private readonly parts: LifecycleParts,
    private readonly settings: LifecycleSettings,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settleDone = { resolve, reject };
    });
    // A caller that never awaits `done` must not get an unhandled rejection.
    this.done.catch(() => undefined);
    this.reporter = new StatusReporter(
      parts.logger,
      parts.source,
      parts.counters,
      () => this.status(),
      settings.statusIntervalMs,
    );
  }

  get state(): IngestState {
    return this.current;
  }

  status(): IngestStatus {
    return ingestStatus(this.parts, {
      state: this.current,
      startedAt: this.startedAt,
      failure: this.failure,
    });
  }

  /** The first failure wins: ingest is failed, and the source is closed so the loop ends. */
  readonly fail = (error: unknown): void => {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.current = 'failed';
    this.parts.logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'ingest failed',
    );
    void this.parts.source.return();
  };

  async start(): Promise<void> {
    const { logger, source, tails } = this.parts;
    const settings = this.settings;
    if (this.current !== 'idle')
      throw new TickstreamError('INGEST_ALREADY_STARTED', `ingest is ${this.current}`);
    if (settings.recordPath !== undefined) this.recorder = new JsonlWriter(settings.recordPath);
    this.current = 'starting';
    this.startedAt = Date.now();
    if (settings.createTopics) await createIngestTopics(settings.eventLog, settings.topics);
    if (settings.resumeLookbackMs > 0) await resumeFromLog(settings, this.parts.sequencer, logger);
    // Typed as the wider union again: stop() may have run while the topics were being created.
    if ((this.current as IngestState) !== 'starting') return;
    this.current = 'running';
    tails.start();
    this.reporter.start();
    logger.info({ source: source.name, topics: settings.topics }, 'ingest started');
    if (this.parts.history !== undefined) {
      this.checkpointTimer = setInterval(() => void this.checkpoint(), 10_000);
      this.checkpointTimer.unref();
    }
    this.run = this.fetchHistory()
      .then(() =>
        this.current === 'running'
          ? runIngestLoop({
              ...this.parts,
              recorder: this.recorder,
              stopTimeoutMs: settings.stopTimeoutMs,
              fail: this.fail,
            })
          : undefined,
      )
      .then(() => this.ended());
  }

  /** Where the live stream got to, for a restart after any stop (history's own topic). */
  private async checkpoint(): Promise<void> {
    try {
      await this.parts.history?.checkpoint(this.parts.counters.symbolStatuses());
    } catch (error) {
      this.parts.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not record where the live stream got to; a restart re-fetches a little more',
      );
    }
  }

  /**
   * The exchange's history up to now, before the live stream opens: per symbol the log then
   * holds history before live, in time order, and live continues from history's last trade id
   * (the trades in between are a gap like any other). A failed history is logged and visible
   * in status; the live stream starts anyway.
   */
  private async fetchHistory(): Promise<void> {
    const { history, source, sequencer, logger } = this.parts;
    if (history === undefined || source.history === undefined) return;
    const resumed = new Set(sequencer.lastIds().keys());
    try {
      const last = await history.run(source.history.symbols(), resumed, this.historyAbort.signal);
      sequencer.resume(last);
    } catch (error) {
      if (this.historyAbort.signal.aborted) return;
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'history could not be fetched; the live stream starts without it',
      );
    }
  }

  private async ended(): Promise<void> {
    this.reporter.stop();
    clearInterval(this.checkpointTimer);
    await this.checkpoint();
    if (this.failure !== undefined) {
      this.settleDone?.reject(this.failure);
      return;
    }
    if (this.current === 'running') this.current = 'finished';
    const status = this.status();
    this.parts.logger.info({ status }, `${formatStatusLine(status)} (ingest ended)`);
    this.settleDone?.resolve();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const { logger, source, tails } = this.parts;
      if (this.current === 'idle' || this.current === 'starting') {
        this.current = 'stopped';
        tails.stop();
        await source.return();
        await this.recorder?.close();
        this.settleDone?.resolve();
        return;
      }
      if (this.current === 'running') this.current = 'stopping';
      this.historyAbort.abort();
      logger.info({}, 'stopping ingest: closing the source, then writing everything received');
      await source.stop();
      await this.run;
      if (this.current === 'stopping' || this.current === 'finished') this.current = 'stopped';
      if (this.failure !== undefined) throw this.failure;
    })();
    return this.stopping;
  }
}
