import type {
  Backfiller,
  ConnectionStatus,
  HistorySource,
  IngestSource,
  RawMessage,
  SubscribedListener,
} from '../types';
import { BoundedQueue } from '../util/bounded-queue';

export interface QueueSourceParts {
  readonly name: string;
  readonly capacity: number;
  /** Starts producing into the queue; called on the first `next()`. */
  start(queue: BoundedQueue<RawMessage>): void;
  /** Stops producing; resolves once nothing more will be written. */
  halt(): Promise<void>;
  readonly backfiller?: Backfiller;
  readonly history?: HistorySource;
  connections?(): readonly ConnectionStatus[];
  subscribe?(symbols: readonly string[]): Promise<void>;
  unsubscribe?(symbols: readonly string[]): Promise<void>;
  onSubscribed?(listener: SubscribedListener): void;
}

/**
 * An IngestSource over a bounded queue: whatever feeds it (sockets, a file reader, a
 * generator) writes into the queue and is slowed when the reader falls behind. Starting is
 * lazy, on the first read, so building a source opens nothing.
 */
export class QueueSource implements IngestSource {
  readonly name: string;
  readonly backfiller?: Backfiller;
  readonly history?: HistorySource;
  readonly subscribe?: (symbols: readonly string[]) => Promise<void>;
  readonly unsubscribe?: (symbols: readonly string[]) => Promise<void>;
  readonly onSubscribed?: (listener: SubscribedListener) => void;
  private readonly queue: BoundedQueue<RawMessage>;
  private started = false;
  private halting: Promise<void> | undefined;

  constructor(private readonly parts: QueueSourceParts) {
    this.name = parts.name;
    if (parts.backfiller) this.backfiller = parts.backfiller;
    if (parts.history) this.history = parts.history;
    if (parts.subscribe) this.subscribe = parts.subscribe;
    if (parts.unsubscribe) this.unsubscribe = parts.unsubscribe;
    if (parts.onSubscribed) this.onSubscribed = parts.onSubscribed;
    this.queue = new BoundedQueue<RawMessage>(parts.capacity, () => this.halt());
  }

  private halt(): Promise<void> {
    this.halting ??= this.parts.halt().finally(() => this.queue.end());
    return this.halting;
  }

  next(): Promise<IteratorResult<RawMessage>> {
    if (!this.started) {
      this.started = true;
      if (this.halting === undefined) this.parts.start(this.queue);
    }
    return this.queue.next();
  }

  /** Messages received and not yet read. */
  get buffered(): number {
    return this.queue.length;
  }

  stop(): Promise<void> {
    return this.halt();
  }

  async return(): Promise<IteratorResult<RawMessage>> {
    await this.queue.return();
    return { value: undefined, done: true };
  }

  connections(): readonly ConnectionStatus[] {
    return this.parts.connections?.() ?? [];
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
