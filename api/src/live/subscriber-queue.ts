/** What a live subscription yields: an update, or the notice that it was dropped. */
export type LiveItem<T> =
  | { readonly kind: 'event'; readonly value: T }
  | { readonly kind: 'dropped'; readonly code: 'SLOW_CONSUMER'; readonly message: string };

/** The notice a subscriber `capacity` updates behind gets before its subscription ends. */
export function slowConsumerNotice(capacity: number): LiveItem<never> {
  return {
    kind: 'dropped',
    code: 'SLOW_CONSUMER',
    message: `subscriber fell ${capacity} updates behind and was dropped; resubscribe`,
  };
}

export interface SubscriberQueueOptions<T> {
  /** Updates held for a subscriber that has not taken them yet. */
  readonly capacity: number;
  /**
   * Updates with the same key replace each other in place while queued (the newest state
   * of a partial candle, the newest trade of a sampled symbol); undefined: never coalesced.
   */
  readonly coalesceKey?: (value: T) => string | undefined;
  /** Sampling: at most one update per coalescing key every this many ms (newest wins). */
  readonly minIntervalMs?: number;
  /** Told once when the subscriber fell `capacity` behind and was dropped. */
  readonly onOverflow?: () => void;
  /** Told once when the queue ends, for whatever reason (unsubscribe it from its source). */
  readonly onClose?: () => void;
}

interface Slot<T> {
  value: T;
  readonly key: string | undefined;
}

/**
 * One subscriber's bounded buffer, read as an async iterator. Writers never wait: `offer`
 * is synchronous and O(1), so one slow reader cannot hold up the publisher or the other
 * subscribers. A reader `capacity` behind is dropped: its queue is emptied and it reads a
 * `dropped` notice, then the end.
 */
export class SubscriberQueue<T> implements AsyncIterableIterator<LiveItem<T>> {
  private slots: Slot<T>[] = [];
  private head = 0;
  private readonly keyed = new Map<string, Slot<T>>();
  private readonly lastByKey = new Map<string, number>();
  private waiter: ((result: IteratorResult<LiveItem<T>>) => void) | undefined;
  private state: 'open' | 'dropped' | 'closed' = 'open';
  private noticeSent = false;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly options: SubscriberQueueOptions<T>) {}

  get length(): number {
    return this.slots.length - this.head;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  private get sampled(): boolean {
    return (this.options.minIntervalMs ?? 0) > 0;
  }

  /** Queues an update; false when the subscriber is gone (dropped or closed). */
  offer(value: T): boolean {
    if (this.state !== 'open') return false;
    const key = this.options.coalesceKey?.(value);
    if (key !== undefined) {
      const queued = this.keyed.get(key);
      if (queued) {
        queued.value = value;
        return true;
      }
    }
    if (this.waiter && this.length === 0 && !this.sampled) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ value: { kind: 'event', value }, done: false });
      return true;
    }
    if (this.length >= this.options.capacity) {
      this.drop();
      return false;
    }
    const slot: Slot<T> = { value, key };
    this.slots.push(slot);
    if (key !== undefined) this.keyed.set(key, slot);
    this.wake();
    return true;
  }

  private drop(): void {
    this.state = 'dropped';
    this.clear();
    this.options.onOverflow?.();
    this.options.onClose?.();
    this.endSleep();
    this.wake();
  }

  private clear(): void {
    this.slots = [];
    this.head = 0;
    this.keyed.clear();
  }

  private endSleep(): void {
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    const wake = this.wakeSleeper;
    this.wakeSleeper = undefined;
    wake?.();
  }

  private wake(): void {
    if (!this.waiter) return;
    const resolve = this.waiter;
    this.waiter = undefined;
    void this.next().then(resolve);
  }

  private takeAt(index: number): T {
    const slot = this.slots[index] as Slot<T>;
    if (index === this.head) this.head += 1;
    else this.slots.splice(index, 1);
    if (slot.key !== undefined && this.keyed.get(slot.key) === slot) this.keyed.delete(slot.key);
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
    return slot.value;
  }

  /** Sampled queues hold at most one slot per key, so this scan is over a handful. */
  private nextDue(): { index: number; waitMs: number } {
    const min = this.options.minIntervalMs ?? 0;
    const now = Date.now();
    let waitMs = Number.POSITIVE_INFINITY;
    for (let i = this.head; i < this.slots.length; i++) {
      const key = (this.slots[i] as Slot<T>).key ?? '';
      const due = (this.lastByKey.get(key) ?? Number.NEGATIVE_INFINITY) + min - now;
      if (due <= 0) return { index: i, waitMs: 0 };
      waitMs = Math.min(waitMs, due);
    }
    return { index: -1, waitMs };
  }

  async next(): Promise<IteratorResult<LiveItem<T>>> {
    for (;;) {
      if (this.state === 'dropped') {
        if (this.noticeSent) return { value: undefined, done: true };
        this.noticeSent = true;
        return { value: slowConsumerNotice(this.options.capacity), done: false };
      }
      if (this.state === 'closed') return { value: undefined, done: true };
      if (this.length > 0) {
        if (!this.sampled)
          return { value: { kind: 'event', value: this.takeAt(this.head) }, done: false };
        const { index, waitMs } = this.nextDue();
        if (index >= 0) {
          const slot = this.slots[index] as Slot<T>;
          this.lastByKey.set(slot.key ?? '', Date.now());
          return { value: { kind: 'event', value: this.takeAt(index) }, done: false };
        }
        await new Promise<void>((resolve) => {
          this.wakeSleeper = resolve;
          this.sleepTimer = setTimeout(resolve, waitMs);
        });
        this.sleepTimer = undefined;
        this.wakeSleeper = undefined;
        continue;
      }
      if (this.waiter) throw new Error('SubscriberQueue.next() called while a read is pending');
      return new Promise((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** Ends the subscription (the client unsubscribed or went away); idempotent. */
  async return(): Promise<IteratorResult<LiveItem<T>>> {
    if (this.state !== 'closed') {
      const wasOpen = this.state === 'open';
      this.state = 'closed';
      this.clear();
      this.endSleep();
      if (wasOpen) this.options.onClose?.();
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<LiveItem<T>>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
