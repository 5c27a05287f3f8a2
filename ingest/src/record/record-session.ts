import { silentLogger, type Logger } from '@tickstream/core';
import { JsonlWriter } from '../pipeline/recorder';
import type { IngestSource } from '../types';

export interface RecordSessionOptions {
  /** Usually `binanceSource(...)` pointed at Binance or the mock exchange. */
  readonly source: IngestSource;
  /** JSONL output, appended to; a name ending in .gz is gzip-compressed. */
  readonly path: string;
  /** Stop after this many messages. */
  readonly maxMessages?: number;
  /** Stop after this long. */
  readonly durationMs?: number;
  readonly logger?: Logger;
}

export interface RecordSummary {
  readonly path: string;
  readonly messages: number;
  readonly bytes: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface RecordingSession {
  /** Settles when recording ended (limit reached, source ended, or stop()). */
  readonly done: Promise<RecordSummary>;
  /** Stops receiving, writes what was received, closes the file. Idempotent. */
  stop(): Promise<RecordSummary>;
  status(): { readonly messages: number; readonly bytes: number };
}

/**
 * Writes the raw messages of a session, one per line exactly as received, for later replay
 * (`replaySource`) or as a tape for the mock exchange. Starts at once.
 */
export function recordSession(options: RecordSessionOptions): RecordingSession {
  const logger = (options.logger ?? silentLogger).child({ component: 'recorder' });
  const writer = new JsonlWriter(options.path);
  const startedAt = Date.now();
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const timer =
    options.durationMs === undefined
      ? undefined
      : setTimeout(() => void options.source.stop(), options.durationMs);
  const done = (async (): Promise<RecordSummary> => {
    try {
      for (;;) {
        if (writer.lines >= max) {
          await options.source.return();
          break;
        }
        const next = await options.source.next();
        if (next.done) break;
        const slow = writer.write(next.value.data);
        if (slow !== undefined) await slow;
      }
    } finally {
      clearTimeout(timer);
      await writer.close();
    }
    const summary = {
      path: options.path,
      messages: writer.lines,
      bytes: writer.bytes,
      startedAt,
      endedAt: Date.now(),
    };
    logger.info(summary, 'recording finished');
    return summary;
  })();
  return {
    done,
    stop: async () => {
      await options.source.stop();
      return done;
    },
    status: () => ({ messages: writer.lines, bytes: writer.bytes }),
  };
}
