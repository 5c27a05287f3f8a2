/** What a live subscription yields: an update, or the notice that it was dropped. */
export type LiveItem<T> =
  | { readonly kind: 'event'; readonly value: T }
  | { readonly kind: 'dropped'; readonly code: 'SLOW_CONSUMER'; readonly message: string };

export interface SubscriberQueueOptions<T> {
  /** Updates held for a subscriber that has not taken them yet. */
  readonly capacity: number;
  /**
   * Updates with the same key replace each other in place while queued (the newest state
   * of a partial candle, the newest trade of a sampled symbol); undefined: never coalesced.
   */
  readonly coalesceKey?: (value: T) => string | undefined;
  /** At least this long between two updates (sampling); queued ones coalesce meanwhile. */
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
  private waiter: ((result: IteratorResult<LiveItem<T>>) => void) | undefined;
  private state: 'open' | 'dropped' | 'closed' = 'open';
  private noticeSent = false;
  private lastYield = 0;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly options: SubscriberQueueOptions<T>) {}

  get length(): number {
    return this.slots.length - this.head;
  }

  get isOpen(): boolean {
    return this.state === 'open';
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
    if (this.waiter && this.length === 0 && !this.sampling()) {
      const resolve = this.waiter;
      this.waiter = undefined;
      this.lastYield = Date.now();
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

  private sampling(): boolean {
    const min = this.options.minIntervalMs ?? 0;
    return min > 0 && Date.now() - this.lastYield < min;
  }

  private drop(): void {
    this.state = 'dropped';
    this.slots = [];
    this.head = 0;
    this.keyed.clear();
    this.options.onOverflow?.();
    this.options.onClose?.();
    this.endSleep();
    this.wake();
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

  private take(): T | undefined {
    if (this.length === 0) return undefined;
    const slot = this.slots[this.head] as Slot<T>;
    this.head += 1;
    if (slot.key !== undefined && this.keyed.get(slot.key) === slot) this.keyed.delete(slot.key);
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
    return slot.value;
  }

  async next(): Promise<IteratorResult<LiveItem<T>>> {
    for (;;) {
      if (this.state === 'dropped') {
        if (this.noticeSent) return { value: undefined, done: true };
        this.noticeSent = true;
        return {
          value: {
            kind: 'dropped',
            code: 'SLOW_CONSUMER',
            message: `subscriber fell ${this.options.capacity} updates behind and was dropped; resubscribe`,
          },
          done: false,
        };
      }
      if (this.state === 'closed') return { value: undefined, done: true };
      if (this.length > 0) {
        const min = this.options.minIntervalMs ?? 0;
        const wait = min - (Date.now() - this.lastYield);
        if (min > 0 && wait > 0) {
          await new Promise<void>((resolve) => {
            this.wakeSleeper = resolve;
            this.sleepTimer = setTimeout(resolve, wait);
          });
          this.sleepTimer = undefined;
          this.wakeSleeper = undefined;
          continue;
        }
        const value = this.take() as T;
        this.lastYield = Date.now();
        return { value: { kind: 'event', value }, done: false };
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
      this.slots = [];
      this.head = 0;
      this.keyed.clear();
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
