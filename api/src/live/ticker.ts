import type { LiveItem } from './subscriber-queue';

/**
 * Polls `produce` every `everyMs` while the reader keeps reading (pull-based: a reader that
 * stops reading stops the polling). The first value comes at once; return() ends it at once.
 */
export function createTicker<T>(
  everyMs: number,
  produce: () => Promise<T>,
): AsyncIterableIterator<LiveItem<T>> {
  let closed = false;
  let first = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const iterator: AsyncIterableIterator<LiveItem<T>> = {
    async next() {
      if (!first && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, everyMs);
        });
      }
      first = false;
      if (closed) return { value: undefined, done: true };
      return { value: { kind: 'event', value: await produce() }, done: false };
    },
    async return() {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
