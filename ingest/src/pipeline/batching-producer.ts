import type { EventLog, Logger, ProduceRecord } from '@tickstream/core';
import { isRetriable, TickstreamError } from '@tickstream/core';
import { Backoff } from '../util/backoff';
import { sleep } from '../util/sleep';

export interface BatchingProducerOptions<T> {
  readonly eventLog: EventLog;
  readonly topic: string;
  readonly toRecord: (item: T) => ProduceRecord;
  readonly logger: Logger;
  /** A batch is sent as soon as it holds this many records (default 2,000). */
  readonly maxBatchRecords?: number;
  /** Longest a record waits for its batch to fill (default 5 ms). */
  readonly lingerMs?: number;
  /** Records buffered or in flight above which `waitForCapacity()` makes callers wait (default 50,000). */
  readonly maxBuffered?: number;
  /** Attempts for an error the log calls non-retriable before giving up (default 3). */
  readonly maxNonRetriableAttempts?: number;
  readonly onFlushed?: (items: readonly T[], startedAt: number, ackedAt: number) => void;
  /** A batch could not be written at all: ingest must stop (the CLI exits non-zero). */
  readonly onFatal?: (error: unknown) => void;
}

/**
 * Buffers records and produces them in batches (size or linger, whichever comes first), one
 * batch in flight at a time so a retry can never reorder a key's records. Retriable log
 * errors are retried with backoff for as long as it takes: a record accepted here is written
 * or ingest fails loudly, never dropped silently.
 */
export class BatchingProducer<T> {
  private buffer: T[] = [];
  private inFlight = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private capacityWaiters: Array<() => void> = [];
  private failed: unknown;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly maxBuffered: number;
  private produced = 0;
  /** Since when the batch in flight has waited for the log (first attempt), and why it failed last. */
  private waitingSince: number | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: BatchingProducerOptions<T>) {
    this.maxBatch = options.maxBatchRecords ?? 2_000;
    this.lingerMs = options.lingerMs ?? 5;
    this.maxBuffered = options.maxBuffered ?? 50_000;
  }

  get pending(): number {
    return this.buffer.length + this.inFlight;
  }

  get producedCount(): number {
    return this.produced;
  }

  /**
   * While a batch waits for the log: since when, and its last error. A long wait is a log that
   * fails or hangs (a frozen broker answers nothing until a request times out).
   */
  get waiting(): { readonly since: number; readonly error?: string } | undefined {
    if (this.waitingSince === undefined) return undefined;
    return {
      since: this.waitingSince,
      ...(this.lastError !== undefined ? { error: this.lastError } : {}),
    };
  }

  add(item: T): void {
    if (this.failed !== undefined) throw this.failed;
    this.buffer.push(item);
    if (this.buffer.length >= this.maxBatch) this.kick();
    else if (this.lingerTimer === undefined && this.sending === undefined) {
      this.lingerTimer = setTimeout(() => this.kick(), this.lingerMs);
    }
  }

  /** Undefined when there is room; else a promise resolved once the backlog drained below the limit. */
  waitForCapacity(): Promise<void> | undefined {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    if (this.pending < this.maxBuffered) return undefined;
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  private kick(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.sending ??= this.sendLoop().finally(() => {
      this.sending = undefined;
      if (this.buffer.length > 0 && this.failed === undefined) this.kick();
    });
  }

  private async sendLoop(): Promise<void> {
    while (this.buffer.length > 0 && this.failed === undefined) {
      const batch =
        this.buffer.length <= this.maxBatch ? this.buffer : this.buffer.slice(0, this.maxBatch);
      this.buffer = batch === this.buffer ? [] : this.buffer.slice(this.maxBatch);
      this.inFlight = batch.length;
      const records = batch.map(this.options.toRecord);
      const startedAt = Date.now();
      try {
        await this.produceWithRetry(records);
      } catch (error) {
        this.failed = error;
        this.inFlight = 0;
        this.wakeCapacity(true);
        this.options.logger.error(
          { topic: this.options.topic, err: String(error), lost: batch.length },
          'cannot write to the event log',
        );
        this.options.onFatal?.(error);
        return;
      }
      this.inFlight = 0;
      this.produced += batch.length;
      this.options.onFlushed?.(batch, startedAt, Date.now());
      this.wakeCapacity(false);
      // Let a partial batch gather more records unless a full one is already waiting.
      if (this.buffer.length > 0 && this.buffer.length < this.maxBatch && this.lingerMs > 0) {
        await sleep(this.lingerMs);
      }
    }
  }

  private wakeCapacity(all: boolean): void {
    if (!all && this.pending >= this.maxBuffered) return;
    for (const wake of this.capacityWaiters.splice(0)) wake();
  }

  private async produceWithRetry(records: ProduceRecord[]): Promise<void> {
    const backoff = new Backoff({ initialMs: 100, maxMs: 5_000 });
    let hardFailures = 0;
    this.waitingSince = Date.now();
    this.lastError = undefined;
    for (;;) {
      try {
        await this.options.eventLog.produce(this.options.topic, records);
        this.waitingSince = undefined;
        return;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        const retriable = isRetriable(error);
        if (!retriable && ++hardFailures >= (this.options.maxNonRetriableAttempts ?? 3)) {
          throw error instanceof TickstreamError
            ? error
            : new TickstreamError('PRODUCE_FAILED', `producing to ${this.options.topic} failed`, {
                cause: error,
              });
        }
        const delay = backoff.nextDelay(Date.now());
        this.options.logger.warn(
          { topic: this.options.topic, err: String(error), retriable, delayMs: delay },
          'produce failed, retrying',
        );
        await sleep(delay);
      }
    }
  }

  /** Sends everything buffered and resolves when the log acknowledged it. */
  async flush(): Promise<void> {
    while ((this.buffer.length > 0 || this.sending !== undefined) && this.failed === undefined) {
      if (this.sending === undefined) this.kick();
      await this.sending;
    }
    if (this.failed !== undefined) throw this.failed;
  }
}
