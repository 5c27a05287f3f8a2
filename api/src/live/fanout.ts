import { SubscriberQueue, type SubscriberQueueOptions } from './subscriber-queue';

/** What a channel holds: a queue, or a queue behind a filter; true when the update was queued. */
interface Member<T> {
  offer(value: T): boolean;
}

export interface FanoutMetrics {
  readonly delivered?: (count: number) => void;
  readonly dropped?: () => void;
  readonly subscribers?: (delta: number) => void;
}

/**
 * In-process fan-out of one kind of update to the subscribers of named channels. Publishing
 * is synchronous and costs O(subscribers of the channel); each subscriber has its own bounded
 * queue, so publishing never waits for a reader.
 */
export class Fanout<T> {
  private readonly channels = new Map<string, Set<Member<T>>>();
  private readonly members = new Set<Member<T>>();

  constructor(private readonly metrics: FanoutMetrics = {}) {}

  /** One queue fed by every channel named (a trades subscription to several symbols). */
  subscribe(
    channelNames: string | readonly string[],
    options: SubscriberQueueOptions<T>,
    filter?: (value: T) => boolean,
  ): SubscriberQueue<T> {
    const names = typeof channelNames === 'string' ? [channelNames] : [...new Set(channelNames)];
    const queue: SubscriberQueue<T> = new SubscriberQueue<T>({
      ...options,
      onOverflow: () => {
        this.metrics.dropped?.();
        options.onOverflow?.();
      },
      onClose: () => {
        for (const name of names) {
          const members = this.channels.get(name);
          members?.delete(entry);
          if (members?.size === 0) this.channels.delete(name);
        }
        this.members.delete(entry);
        this.metrics.subscribers?.(-1);
        options.onClose?.();
      },
    });
    const entry: Member<T> = filter
      ? { offer: (value) => filter(value) && queue.offer(value) }
      : queue;
    for (const name of names) {
      let members = this.channels.get(name);
      if (!members) this.channels.set(name, (members = new Set()));
      members.add(entry);
    }
    this.members.add(entry);
    this.metrics.subscribers?.(1);
    return queue;
  }

  publish(channel: string, value: T): void {
    const set = this.channels.get(channel);
    if (!set) return;
    let delivered = 0;
    // A copy: a subscriber dropped during the loop leaves the set.
    for (const queue of [...set]) if (queue.offer(value)) delivered += 1;
    if (delivered > 0) this.metrics.delivered?.(delivered);
  }

  /** Subscriptions to one channel, or all subscriptions (each once, however many channels). */
  subscriberCount(channel?: string): number {
    if (channel !== undefined) return this.channels.get(channel)?.size ?? 0;
    return this.members.size;
  }
}
