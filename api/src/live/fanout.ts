import { SubscriberQueue, type SubscriberQueueOptions } from './subscriber-queue';

/** What a channel holds: a queue, or a queue behind a filter; true when the update was queued. */
interface Member<T> {
  offer(value: T): boolean;
}

/**
 * The subscribers one queue stands for: identical graphql-ws subscriptions share one queue and
 * one execution, and are still counted one by one (metrics, subscriberCount).
 */
export interface Audience {
  readonly size: number;
  /** Set by the fanout that counts the queue: told as subscribers join or leave. */
  onResize: ((delta: number) => void) | undefined;
}

export interface FanoutSubscribeOptions<T> extends SubscriberQueueOptions<T> {
  readonly audience?: Audience;
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
  /** Each member with the audience it stands for (none: one subscriber). */
  private readonly members = new Map<Member<T>, Audience | undefined>();

  constructor(private readonly metrics: FanoutMetrics = {}) {}

  /** One queue fed by every channel named (a trades subscription to several symbols). */
  subscribe(
    channelNames: string | readonly string[],
    options: FanoutSubscribeOptions<T>,
    filter?: (value: T) => boolean,
  ): SubscriberQueue<T> {
    const { audience } = options;
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
        if (audience) audience.onResize = undefined;
        this.metrics.subscribers?.(-(audience?.size ?? 1));
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
    this.members.set(entry, audience);
    if (audience) audience.onResize = (delta) => this.metrics.subscribers?.(delta);
    this.metrics.subscribers?.(audience?.size ?? 1);
    return queue;
  }

  publish(channel: string, value: T): void {
    const set = this.channels.get(channel);
    if (!set) return;
    let delivered = 0;
    // A copy: a subscriber dropped during the loop leaves the set.
    for (const queue of [...set]) if (queue.offer(value)) delivered += this.weight(queue);
    if (delivered > 0) this.metrics.delivered?.(delivered);
  }

  private weight(member: Member<T>): number {
    return this.members.get(member)?.size ?? 1;
  }

  /** Subscriptions to one channel, or all subscriptions (each once, however many channels). */
  subscriberCount(channel?: string): number {
    let count = 0;
    const members = channel === undefined ? this.members.keys() : this.channels.get(channel);
    for (const member of members ?? []) count += this.weight(member);
    return count;
  }
}
