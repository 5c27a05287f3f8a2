// The produce side of the @platformatic/kafka adapter: produce() calls from every caller are
// gathered per partition for a linger, then sent with up to `maxInFlight` requests at a time.
//
// Why no two requests in flight share a partition: the idempotent producer numbers each
// partition's batches, and the broker refuses a batch whose number does not follow the last
// one it appended (OUT_OF_ORDER_SEQUENCE_NUMBER). @platformatic/kafka answers that refusal by
// taking a new producer id and sending the refused batch again at once
// (#recoverIdempotentProducer), which, with an earlier batch of the same partition still
// being retried, would append the later one first. With one request per partition at a time
// a partition's batches reach the broker in produce order whatever fails, and its retries
// keep their producer id and numbers, so the broker drops a batch it already appended.

import { ProduceAcks, type MessageToProduce, type Producer } from '@platformatic/kafka';
import { EventLogError } from '../errors';
import { withRetry, type RetryPolicy } from './kafka-retry';
import { murmur2, toPositive } from './partitioner';
import type { ProduceRecord } from './port';

export interface PlatformaticProducerSettings {
  readonly compression: 'gzip' | 'none';
  readonly lingerMs: number;
  readonly maxBatchRecords: number;
  readonly maxRequestBytes: number;
  /** Produce requests outstanding at once, each for partitions none of the others holds. */
  readonly maxInFlight: number;
  /** Through an outage a request is sent again until this policy's deadline passes. */
  readonly sending: RetryPolicy;
  /** Reading a topic's partition count before its first records are routed. */
  readonly metadata: RetryPolicy;
  readonly isClosed: () => boolean;
}

export interface PlatformaticBatchProducer {
  produce(topic: string, records: readonly ProduceRecord[]): Promise<void>;
  /** Sends what is pending now; settles when everything produced so far is acknowledged. */
  flush(): Promise<void>;
}

type Message = MessageToProduce<Buffer, Buffer, Buffer, Buffer>;

/** One produce() call: settles when all its records are acknowledged, or one request failed. */
interface Call {
  remaining: number;
  failed: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Records of one call bound for one partition, in produce order. */
interface Segment {
  readonly call: Call;
  messages: Message[];
  bytes: number;
}

interface PartitionQueue {
  readonly segments: Segment[];
  busy: boolean;
}

const RECORD_OVERHEAD_BYTES = 70;

/** A key's bytes and its murmur2 hash, computed once: a log has few distinct keys. */
class KeyCache {
  private readonly entries = new Map<string, { readonly bytes: Buffer; readonly hash: number }>();
  constructor(private readonly max = 100_000) {}
  get(key: string): { readonly bytes: Buffer; readonly hash: number } {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.max) this.entries.clear();
      const bytes = Buffer.from(key, 'utf8');
      entry = { bytes, hash: toPositive(murmur2(bytes)) };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/** Adds a record to its partition's queue, to the segment of its call when that is last. */
function append(queue: PartitionQueue, call: Call, message: Message, bytes: number): void {
  const last = queue.segments[queue.segments.length - 1];
  if (last && last.call === call) {
    last.messages.push(message);
    last.bytes += bytes;
  } else {
    queue.segments.push({ call, messages: [message], bytes });
  }
}

/** Takes up to `budget` bytes from the head of a queue, splitting a segment if need be. */
function take(queue: PartitionQueue, budget: number, out: Segment[]): number {
  let used = 0;
  while (queue.segments.length > 0) {
    const head = queue.segments[0] as Segment;
    if (used + head.bytes <= budget) {
      queue.segments.shift();
      out.push(head);
      used += head.bytes;
      continue;
    }
    if (used > 0 && out.length > 0) break;
    // The first segment alone is over the budget: send a prefix of it (at least a record).
    let bytes = 0;
    let count = 0;
    for (const m of head.messages) {
      const size = RECORD_OVERHEAD_BYTES + (m.key?.length ?? 0) + (m.value?.length ?? 0);
      if (count > 0 && used + bytes + size > budget) break;
      bytes += size;
      count++;
    }
    out.push({ call: head.call, messages: head.messages.slice(0, count), bytes });
    head.messages = head.messages.slice(count);
    head.bytes -= bytes;
    used += bytes;
    if (head.messages.length === 0) queue.segments.shift();
    break;
  }
  return used;
}

async function partitionCount(
  producer: Producer,
  topic: string,
  settings: PlatformaticProducerSettings,
): Promise<number> {
  const metadata = await withRetry(
    `metadata of ${topic}`,
    () => producer.metadata({ topics: [topic] }),
    settings.metadata,
    settings.isClosed,
  );
  const count = metadata.topics.get(topic)?.partitionsCount;
  if (!count) {
    throw new EventLogError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${topic} does not exist`);
  }
  return count;
}

/** Puts each record in its partition's queue (Java's murmur2 of the key, as kafkajs). */
function routeRecords(
  queues: Map<string, PartitionQueue>,
  keys: KeyCache,
  topic: string,
  partitions: number,
  records: readonly ProduceRecord[],
  call: Call,
): void {
  for (const record of records) {
    const key = keys.get(record.key);
    const value =
      typeof record.value === 'string' ? Buffer.from(record.value, 'utf8') : record.value;
    const partition = key.hash % partitions;
    const queueKey = `${topic}\u0000${partition}`;
    let queue = queues.get(queueKey);
    if (!queue) {
      queue = { segments: [], busy: false };
      queues.set(queueKey, queue);
    }
    // No timestamp: the topics stamp LogAppendTime (kafka-topic-migration.ts).
    const message: Message = { topic, partition, key: key.bytes, value };
    append(queue, call, message, RECORD_OVERHEAD_BYTES + key.bytes.length + value.length);
  }
}

export function createPlatformaticBatchProducer(
  producer: Producer,
  settings: PlatformaticProducerSettings,
): PlatformaticBatchProducer {
  const keys = new KeyCache();
  const partitionCounts = new Map<string, number>();
  /** Calls waiting for their topic's partition count, in produce order per topic. */
  const unrouted = new Map<string, Array<{ records: readonly ProduceRecord[]; call: Call }>>();
  const queues = new Map<string, PartitionQueue>();
  let pendingRecords = 0;
  let inFlight = 0;
  let lingerTimer: NodeJS.Timeout | null = null;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (inFlight > 0 || pendingRecords > 0 || unrouted.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const route = (topic: string, records: readonly ProduceRecord[], call: Call) => {
    routeRecords(queues, keys, topic, partitionCounts.get(topic) as number, records, call);
    pendingRecords += records.length;
  };

  const fail = (call: Call, error: unknown) => {
    if (call.failed) return;
    call.failed = true;
    call.reject(error);
  };

  const send = async (segments: Segment[], held: PartitionQueue[]): Promise<void> => {
    const messages: Message[] = [];
    for (const segment of segments) for (const m of segment.messages) messages.push(m);
    try {
      await withRetry(
        'produce',
        () =>
          producer.send({
            messages,
            acks: ProduceAcks.ALL,
            compression: settings.compression,
          }),
        settings.sending,
      );
      for (const segment of segments) {
        segment.call.remaining -= segment.messages.length;
        if (segment.call.remaining === 0 && !segment.call.failed) segment.call.resolve();
      }
    } catch (error) {
      for (const segment of segments) fail(segment.call, error);
    } finally {
      for (const queue of held) queue.busy = false;
      pendingRecords -= messages.length;
      inFlight--;
      pump();
      settleIdle();
    }
  };

  /** Starts requests for partitions no request holds, while the in-flight limit allows. */
  const pump = (): void => {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = null;
    while (inFlight < settings.maxInFlight) {
      const segments: Segment[] = [];
      const held: PartitionQueue[] = [];
      let budget = settings.maxRequestBytes;
      for (const queue of queues.values()) {
        if (queue.busy || queue.segments.length === 0) continue;
        if (budget <= 0) break;
        budget -= take(queue, budget, segments);
        queue.busy = true;
        held.push(queue);
      }
      if (segments.length === 0) return;
      inFlight++;
      void send(segments, held);
    }
  };

  const loadPartitions = async (topic: string): Promise<void> => {
    try {
      partitionCounts.set(topic, await partitionCount(producer, topic, settings));
      for (const { records, call } of unrouted.get(topic) ?? []) route(topic, records, call);
    } catch (error) {
      for (const { call } of unrouted.get(topic) ?? []) fail(call, error);
    } finally {
      unrouted.delete(topic);
    }
    schedule();
    settleIdle();
  };

  const schedule = () => {
    if (pendingRecords >= settings.maxBatchRecords) pump();
    else if (pendingRecords > 0) lingerTimer ??= setTimeout(pump, settings.lingerMs);
  };

  const produce = (topic: string, records: readonly ProduceRecord[]): Promise<void> => {
    if (settings.isClosed()) {
      return Promise.reject(new EventLogError('CLOSED', 'the event log is closed'));
    }
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const call: Call = { remaining: records.length, failed: false, resolve, reject };
      const waiting = unrouted.get(topic);
      if (waiting) {
        waiting.push({ records, call });
      } else if (!partitionCounts.has(topic)) {
        unrouted.set(topic, [{ records, call }]);
        void loadPartitions(topic);
      } else {
        route(topic, records, call);
        schedule();
      }
    });
  };

  const flush = (): Promise<void> => {
    pump();
    if (inFlight === 0 && pendingRecords === 0 && unrouted.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => idleWaiters.push(resolve));
  };

  return { produce, flush };
}
