import { TickstreamError } from '@tickstream/core';

/**
 * A bounded FIFO between one or more writers and one reader (tardis-node's boundedqueue).
 * `write()` always keeps the item, and returns a promise that settles when there is room
 * again: writers that await it are slowed to the reader's pace; writers that cannot await
 * (socket event handlers) pause their socket until it settles. Nothing is ever dropped.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private readonly overflow: T[] = [];
  private readonly spaceWaiters: Array<() => void> = [];
  private readerWaiting:
    { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private ended = false;
  private failure: unknown;
  private returned = false;

  constructor(
    readonly capacity: number,
    /** Called once when the reader gives up early (`return()`): closes whatever feeds the queue. */
    private readonly onReturn?: () => void | Promise<void>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TickstreamError('INVALID_OPTIONS', `queue capacity must be ≥ 1, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  /** Items waiting for the reader. */
  get length(): number {
    return this.size + this.overflow.length;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Adds an item. Returns undefined when there was room (the common, allocation-free path),
   * else a promise resolved once the queue is below capacity again.
   */
  write(item: T): Promise<void> | undefined {
    if (this.ended) {
      throw new TickstreamError('QUEUE_CLOSED', 'write to a queue that was ended');
    }
    const reader = this.readerWaiting;
    if (reader !== undefined) {
      this.readerWaiting = undefined;
      reader.resolve({ value: item, done: false });
      return undefined;
    }
    if (this.size < this.capacity) {
      this.items[(this.head + this.size) % this.capacity] = item;
      this.size++;
      return undefined;
    }
    this.overflow.push(item);
    return new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
  }

  /** No more writes; the reader still gets every item already written, then `done`. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleReader();
  }

  /** Ends the queue with an error the reader sees after the items already written. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = error;
    this.end();
  }

  private settleReader(): void {
    const reader = this.readerWaiting;
    if (reader === undefined || this.length > 0) return;
    this.readerWaiting = undefined;
    if (this.failure !== undefined) reader.reject(this.failure);
    else reader.resolve({ value: undefined, done: true });
  }

  private take(): T {
    let item: T;
    if (this.size > 0) {
      item = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      if (this.overflow.length > 0) {
        this.items[(this.head + this.size) % this.capacity] = this.overflow.shift();
        this.size++;
      }
    } else {
      item = this.overflow.shift() as T;
    }
    if (this.overflow.length === 0 && this.spaceWaiters.length > 0 && this.size < this.capacity) {
      const waiters = this.spaceWaiters.splice(0);
      for (const wake of waiters) wake();
    }
    return item;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.length > 0) return Promise.resolve({ value: this.take(), done: false });
    if (this.ended || this.returned) {
      if (this.failure !== undefined && !this.returned) {
        const failure = this.failure;
        this.failure = undefined;
        return Promise.reject(failure);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.readerWaiting !== undefined) {
      throw new TickstreamError('QUEUE_CONCURRENT_READ', 'a BoundedQueue has a single reader');
    }
    return new Promise((resolve, reject) => {
      this.readerWaiting = { resolve, reject };
    });
  }

  /** Synchronous read of what is already buffered, for readers that work in batches. */
  drainInto(target: T[], max: number): number {
    let n = 0;
    while (n < max && this.length > 0) {
      target.push(this.take());
      n++;
    }
    return n;
  }

  /** The reader stops: buffered items are discarded and the source is closed (idempotent). */
  async return(): Promise<IteratorResult<T>> {
    if (!this.returned) {
      this.returned = true;
      this.ended = true;
      this.items.fill(undefined);
      this.size = 0;
      this.overflow.length = 0;
      for (const wake of this.spaceWaiters.splice(0)) wake();
      const reader = this.readerWaiting;
      this.readerWaiting = undefined;
      reader?.resolve({ value: undefined, done: true });
      await this.onReturn?.();
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
