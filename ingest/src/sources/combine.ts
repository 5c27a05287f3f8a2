import { TickstreamError } from '@tickstream/core';
import type { IngestSource, RawMessage, SubscribedListener } from '../types';
import { QueueSource } from './queue-source';

/** The one source that has a part ingest reads from the source itself (not per message). */
function theOne<K extends 'history' | 'backfiller'>(
  sources: readonly IngestSource[],
  part: K,
): IngestSource[K] {
  const having = sources.filter((s) => s[part] !== undefined);
  if (having.length > 1)
    throw new TickstreamError(
      'INVALID_OPTIONS',
      `cannot combine sources that each have a ${part} (${having.map((s) => s.name).join(', ')}): ingest follows one`,
    );
  return having[0]?.[part];
}

/**
 * Several sources as one (tardis-node's `combine`): messages interleave as they arrive, each
 * source keeps its own order, and a slow reader slows every source. Ends when all have ended.
 * The exchange source among them keeps its REST history, backfiller and subscription reports,
 * so combining a generator with it costs the exchange's history and trailing-gap checks nothing.
 */
export function combineSources(...sources: IngestSource[]): IngestSource {
  let pumps: Promise<void> | undefined;
  const history = theOne(sources, 'history');
  const backfiller = theOne(sources, 'backfiller');
  const reporting = sources.filter((s) => s.onSubscribed !== undefined);
  return new QueueSource({
    name: `combined(${sources.map((s) => s.name).join(',')})`,
    capacity: 10_000,
    ...(history !== undefined ? { history } : {}),
    ...(backfiller !== undefined ? { backfiller } : {}),
    ...(reporting.length > 0
      ? {
          onSubscribed: (listener: SubscribedListener) => {
            for (const source of reporting) source.onSubscribed?.(listener);
          },
        }
      : {}),
    start(queue) {
      const pump = async (source: IngestSource) => {
        for (;;) {
          const next: IteratorResult<RawMessage> = await source.next();
          if (next.done) return;
          const slow = queue.isEnded ? undefined : queue.write(next.value);
          if (slow !== undefined) await slow;
        }
      };
      pumps = Promise.all(sources.map(pump)).then(
        () => queue.end(),
        (error: unknown) => queue.fail(error),
      );
    },
    halt: async () => {
      await Promise.all(sources.map((s) => s.stop()));
      await pumps;
    },
    connections: () => sources.flatMap((s) => s.connections()),
    subscribe: async (symbols) => {
      await Promise.all(sources.map((s) => s.subscribe?.(symbols)));
    },
    unsubscribe: async (symbols) => {
      await Promise.all(sources.map((s) => s.unsubscribe?.(symbols)));
    },
  });
}
