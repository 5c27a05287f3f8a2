import type { IngestSource, RawMessage } from '../types';
import { QueueSource } from './queue-source';

/**
 * Several sources as one (tardis-node's `combine`): messages interleave as they arrive, each
 * source keeps its own order, and a slow reader slows every source. Ends when all have ended.
 */
export function combineSources(...sources: IngestSource[]): IngestSource {
  let pumps: Promise<void> | undefined;
  return new QueueSource({
    name: `combined(${sources.map((s) => s.name).join(',')})`,
    capacity: 10_000,
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
