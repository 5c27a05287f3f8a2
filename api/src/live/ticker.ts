import type { LiveItem, SubscriberQueue } from './subscriber-queue';

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

/**
 * Runs `produce` once at once, then again after updates arrive on `triggers`, at most once
 * every `everyMs`: updates that arrive meanwhile wait in the trigger queue (which should
 * coalesce them into one) and are all answered by the next run. A dropped trigger queue
 * passes its notice on; return() ends it and the trigger queue at once.
 */
export function createRefresher<T, Trigger>(
  triggers: SubscriberQueue<Trigger>,
  everyMs: number,
  produce: () => Promise<T>,
): AsyncIterableIterator<LiveItem<T>> {
  let closed = false;
  let first = true;
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const done = { value: undefined, done: true } as const;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const iterator: AsyncIterableIterator<LiveItem<T>> = {
    async next() {
      if (!first) {
        const trigger = await triggers.next();
        if (trigger.done || closed) return done;
        if (trigger.value.kind === 'dropped') return trigger as IteratorResult<LiveItem<never>>;
        const waitMs = lastRun + everyMs - Date.now();
        if (waitMs > 0) await sleep(waitMs);
        // What arrived while waiting is answered by this run, not by another one right after.
        while (triggers.length > 0 && !closed) await triggers.next();
      }
      first = false;
      if (closed) return done;
      lastRun = Date.now();
      return { value: { kind: 'event', value: await produce() }, done: false };
    },
    async return() {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await triggers.return();
      return done;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
