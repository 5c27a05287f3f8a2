// The produce side of the Kafka adapter: produce() calls from every caller are gathered for
// a linger and sent as one batch, one batch at a time, retried through a broker outage.

import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { EventLogError } from '../errors';
import { toEventLogError, withRetry, type RetryPolicy } from './kafka-retry';
import type { ProduceRecord } from './port';

export interface KafkaProducerSettings {
  readonly compression: 'gzip' | 'none';
  readonly lingerMs: number;
  readonly maxBatchRecords: number;
  readonly maxRequestBytes: number;
  /** Through an outage a batch is sent again until this policy's deadline passes. */
  readonly sending: RetryPolicy;
  readonly isClosed: () => boolean;
}

export interface KafkaBatchProducer {
  produce(topic: string, records: readonly ProduceRecord[]): Promise<void>;
  /** Sends what is pending now; settles when everything produced so far is sent. */
  flush(): Promise<void>;
}

interface PendingSend {
  readonly messages: Map<string, Message[]>;
  readonly waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  count: number;
}

const RECORD_OVERHEAD_BYTES = 70;

/** Splits pending messages into requests of at most `limit` bytes, keeping each topic's order. */
export function chunkBySize(
  messages: ReadonlyMap<string, readonly Message[]>,
  limit: number,
): Array<Array<{ topic: string; messages: Message[] }>> {
  const requests: Array<Array<{ topic: string; messages: Message[] }>> = [];
  let current: Array<{ topic: string; messages: Message[] }> = [];
  let size = 0;
  for (const [topic, list] of messages) {
    let entry: { topic: string; messages: Message[] } | undefined;
    for (const message of list) {
      const bytes = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
      if (size + bytes > limit && size > 0) {
        requests.push(current);
        current = [];
        entry = undefined;
        size = 0;
      }
      if (!entry) {
        entry = { topic, messages: [] };
        current.push(entry);
      }
      entry.messages.push(message);
      size += bytes;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function byteLength(value: Message['key'] | Message['value']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

export function createKafkaBatchProducer(
  producer: Producer,
  settings: KafkaProducerSettings,
): KafkaBatchProducer {
  const compression =
    settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  let pending: PendingSend | null = null;
  let lingerTimer: NodeJS.Timeout | null = null;
  // Later batches wait behind a batch being retried, so a key's records keep their order.
  let sendChain: Promise<void> = Promise.resolve();

  const send = async (batch: PendingSend): Promise<void> => {
    try {
      for (const topicMessages of chunkBySize(batch.messages, settings.maxRequestBytes)) {
        await withRetry(
          'produce',
          () => producer.sendBatch({ acks: -1, compression, topicMessages }),
          settings.sending,
        );
      }
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      const mapped = toEventLogError(error, 'produce');
      for (const waiter of batch.waiters) waiter.reject(mapped);
    }
  };

  const flush = (): Promise<void> => {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = null;
    const batch = pending;
    pending = null;
    if (batch) sendChain = sendChain.then(() => send(batch));
    return sendChain;
  };

  const produce = (topic: string, records: readonly ProduceRecord[]): Promise<void> => {
    if (settings.isClosed()) {
      return Promise.reject(new EventLogError('CLOSED', 'the event log is closed'));
    }
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      pending ??= { messages: new Map(), waiters: [], count: 0 };
      let list = pending.messages.get(topic);
      if (!list) {
        list = [];
        pending.messages.set(topic, list);
      }
      // No timestamp: the topics stamp LogAppendTime (kafka-topic-migration.ts).
      for (const record of records) list.push({ key: record.key, value: record.value });
      pending.count += records.length;
      pending.waiters.push({ resolve, reject });
      if (pending.count >= settings.maxBatchRecords) void flush();
      else lingerTimer ??= setTimeout(() => void flush(), settings.lingerMs);
    });
  };

  return { produce, flush };
}
