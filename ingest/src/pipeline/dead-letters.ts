import type { Logger } from '@tickstream/core';
import type { DeadLetter } from '@tickstream/schema';
import type { Rejection } from '../types';
import { RateLimitedLog } from '../util/rate-limited-log';
import type { BatchingProducer } from './batching-producer';
import type { IngestMetrics } from './ingest-metrics';

export interface DeadLetterSinkOptions {
  readonly producer: BatchingProducer<DeadLetter>;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  /** The topic the rejected input was meant for (md.trades.v1 or the caller's name for it). */
  readonly topic: string;
  /** Payloads longer than this are truncated (default 64 KiB). */
  readonly maxRawBytes?: number;
}

/**
 * Input ingest cannot use: written to the dead-letter topic with its code and reason, counted,
 * and logged at a bounded rate (a broken feed must not flood the log).
 */
export class DeadLetterSink {
  private readonly log: RateLimitedLog;
  private readonly maxRaw: number;
  private readonly perCode = new Map<string, number>();
  private total = 0;

  constructor(private readonly options: DeadLetterSinkOptions) {
    this.log = new RateLimitedLog(options.logger);
    this.maxRaw = options.maxRawBytes ?? 65_536;
  }

  get count(): number {
    return this.total;
  }

  byCode(): Record<string, number> {
    return Object.fromEntries(this.perCode);
  }

  /** Rejects one raw input; the Sequencer's emitRejected has this signature. */
  readonly reject = (raw: string, rejection: Rejection, sourceName: string): void => {
    const maxRaw = this.maxRaw;
    const letter: DeadLetter = {
      type: 'dead-letter',
      source: sourceName,
      code: rejection.code,
      reason:
        raw.length > maxRaw
          ? `${rejection.reason} (payload truncated from ${raw.length} characters)`
          : rejection.reason,
      raw: raw.length > maxRaw ? raw.slice(0, maxRaw) : raw,
      time: Date.now(),
      topic: this.options.topic,
    };
    this.total++;
    this.perCode.set(rejection.code, (this.perCode.get(rejection.code) ?? 0) + 1);
    this.options.metrics.deadLetters.inc({ code: rejection.code, source: sourceName });
    this.log.warn(
      rejection.code,
      {
        code: rejection.code,
        reason: rejection.reason,
        source: sourceName,
        raw: raw.slice(0, 200),
      },
      'input rejected to the dead-letter topic',
    );
    this.options.producer.add(letter);
  };
}
