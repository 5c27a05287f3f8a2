import { mapMessage } from '../mappers';
import type { IngestSource, MapResult, RawMessage } from '../types';
import type { DeadLetterSink } from './dead-letters';
import type { IngestCounters } from './ingest-counters';
import type { IngestProducers } from './ingest-producers';
import type { JsonlWriter } from './recorder';
import type { Sequencer } from './sequencer';
import type { TailChecker } from './tail-checker';

export interface MessageHandlerParts {
  readonly counters: IngestCounters;
  readonly tails: TailChecker;
  readonly sequencer: Sequencer;
  readonly deadLetters: DeadLetterSink;
}

function mapSafely(message: RawMessage): MapResult {
  try {
    return mapMessage(message);
  } catch (error) {
    // Mappers are pure and total; this guards the promise that input never stops ingest.
    return {
      kind: 'reject' as const,
      code: 'SCHEMA_VIOLATION' as const,
      reason: `mapper error: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** One raw message: mapped, counted, and handed to the sequencer or the dead letters. */
export function createMessageHandler(parts: MessageHandlerParts): (message: RawMessage) => void {
  const { counters, tails, sequencer, deadLetters } = parts;
  return (message) => {
    const result = mapSafely(message);
    if (result.kind === 'trade') {
      const trade = result.trade;
      counters.received(trade, message.receivedAt);
      tails.observe(trade, message.origin, message.receivedAt);
      sequencer.push(trade, message.origin);
    } else if (result.kind === 'reject') {
      deadLetters.reject(message.data, result, message.origin.deadLetterSource);
    }
  };
}

export interface IngestLoopParts {
  readonly source: IngestSource;
  readonly handle: (message: RawMessage) => void;
  readonly producers: IngestProducers;
  readonly sequencer: Sequencer;
  readonly tails: TailChecker;
  readonly recorder: JsonlWriter | undefined;
  /** At the end, how long backfills in flight may still run. */
  readonly stopTimeoutMs: number;
  readonly fail: (error: unknown) => void;
}

/**
 * source → map → sequence → produce, until the source ends (a replay ran out, or stop()):
 * then everything received is written. Reading waits while the log is behind, so the
 * buffers stay bounded. Never rejects: a failure goes to `fail`.
 */
export async function runIngestLoop(parts: IngestLoopParts): Promise<void> {
  const { source, handle, producers, sequencer, tails, recorder } = parts;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      const message = next.value;
      if (recorder !== undefined) {
        const slow = recorder.write(message.data);
        if (slow !== undefined) await slow;
      }
      handle(message);
      const wait = producers.trades.waitForCapacity() ?? producers.deadLetters.waitForCapacity();
      if (wait !== undefined) await wait;
    }
    tails.stop();
    await sequencer.flush(parts.stopTimeoutMs);
    await producers.flush();
    await recorder?.close();
  } catch (error) {
    tails.stop();
    parts.fail(error);
  }
}
