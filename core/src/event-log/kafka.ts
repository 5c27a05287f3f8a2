import {
  CompressionTypes,
  Kafka,
  KafkaJSDeleteGroupsError,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type LogEntry,
  type Message,
  type Producer,
} from 'kafkajs';
import { EventLogError } from '../errors';
import { silentLogger, type Logger } from '../logger';
import { toEventLogError, withRetry, type RetryPolicy } from './kafka-retry';
import {
  LOG_APPEND_TIME,
  migrateTopicsToAppendTime,
  TIMESTAMP_TYPE,
} from './kafka-topic-migration';
import { startKafkaConsumer } from './kafka-consumer';
import { createKeyedPartitioner } from './partitioner';
import type { ConsumeOptions, Consumer, EventLog, ProduceRecord, TopicSpec } from './port';

export interface KafkaEventLogOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly logger?: Logger;
  /** gzip is the codec kafkajs supports without native modules. */
  readonly compression?: 'gzip' | 'none';
  /** How long produce calls are held to be sent together (Kafka's linger.ms). */
  readonly lingerMs?: number;
  /** A pending batch larger than this is sent at once, without waiting for the linger. */
  readonly maxBatchRecords?: number;
  /**
   * Records per request are capped to about this many bytes: a broker refuses a record batch
   * over its message.max.bytes (1 MiB by default) as MESSAGE_TOO_LARGE.
   */
  readonly maxRequestBytes?: number;
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** -1 takes the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  /** Partitions of one consumer handled at the same time. */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * How long connecting, creating topics, reading offsets and joining a group keep retrying
   * transient errors (a broker still electing leaders) before failing (default 60 s).
   */
  readonly startupRetryMs?: number;
  /**
   * How long a produced batch keeps being retried through a broker outage before its
   * produce call rejects with a retriable error (default 120 s).
   */
  readonly produceRetryMs?: number;
  /** Longest Consumer.stop() waits for the batch in flight and the group leave (default 8 s). */
  readonly stopTimeoutMs?: number;
}

interface PendingSend {
  readonly messages: Map<string, Message[]>;
  readonly waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  count: number;
}

export { toEventLogError };

function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...rest } = log;
      const entry = { component: `kafkajs.${namespace}`, ...rest };
      // kafkajs logs every group join at INFO; that is debug detail for us.
      if (level === KafkaLogLevel.ERROR) logger.error(entry, message);
      else if (level === KafkaLogLevel.WARN) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
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

export async function createKafkaEventLog(options: KafkaEventLogOptions): Promise<EventLog> {
  const logger = options.logger ?? silentLogger;
  const kafka = new Kafka({
    clientId: options.clientId ?? 'tickstream',
    brokers: [...options.brokers],
    logLevel: KafkaLogLevel.INFO,
    logCreator: kafkaLogCreator(logger),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
  const admin: Admin = kafka.admin();
  // Idempotent + one request in flight: retries never duplicate or reorder a key's records.
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: () => createKeyedPartitioner(Partitioners.DefaultPartitioner()),
  });
  let closed = false;
  const startup: RetryPolicy = { deadlineMs: options.startupRetryMs ?? 60_000, logger };
  const retrying =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      withRetry(
        what,
        () => fn(...args),
        startup,
        () => closed,
      );
  try {
    await withRetry(
      `connection to ${options.brokers.join(',')}`,
      async () => {
        await admin.connect();
        await producer.connect();
      },
      startup,
    );
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw error;
  }

  const compression =
    (options.compression ?? 'gzip') === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const lingerMs = options.lingerMs ?? 5;
  const maxBatchRecords = options.maxBatchRecords ?? 10_000;
  const maxRequestBytes = options.maxRequestBytes ?? 900_000;
  // Through an outage (broker restarting, frozen) a batch is sent again until this passes;
  // later batches wait behind it, so a key's records keep their order.
  const sending: RetryPolicy = { deadlineMs: options.produceRetryMs ?? 120_000, logger };
  const consumers = new Set<Consumer>();
  let pending: PendingSend | null = null;
  let lingerTimer: NodeJS.Timeout | null = null;
  let sendChain: Promise<void> = Promise.resolve();

  const send = async (batch: PendingSend): Promise<void> => {
    try {
      for (const topicMessages of chunkBySize(batch.messages, maxRequestBytes)) {
        await withRetry(
          'produce',
          () => producer.sendBatch({ acks: -1, compression, topicMessages }),
          sending,
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
    if (closed) {
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
      if (pending.count >= maxBatchRecords) void flush();
      else lingerTimer ??= setTimeout(() => void flush(), lingerMs);
    });
  };

  const consume = async (opts: ConsumeOptions): Promise<Consumer> => {
    const handle = await startKafkaConsumer(kafka, admin, opts, {
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
      stopTimeoutMs: options.stopTimeoutMs ?? 8_000,
      startup,
      logger,
      onEnded: (ended) => consumers.delete(ended),
    });
    consumers.add(handle);
    return handle;
  };

  return {
    kind: 'kafka',
    createTopics: retrying('createTopics', async (specs: readonly TopicSpec[]) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.name,
            numPartitions: s.partitions,
            replicationFactor: options.replicationFactor ?? -1,
            configEntries: topicConfigEntries(s),
          })),
        });
      }
      const older = specs.filter((s) => existing.has(s.name)).map((s) => s.name);
      await migrateTopicsToAppendTime(admin, older, logger);
    }),
    listTopics: retrying('listTopics', () => admin.listTopics()),
    produce,
    consume,
    endOffsets: retrying('endOffsets', async (topic: string) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    }),
    committedOffsets: retrying('committedOffsets', async (groupId: string, topic: string) => {
      const result = await admin.fetchOffsets({ groupId, topics: [topic] });
      const partitions = result.find((r) => r.topic === topic)?.partitions ?? [];
      return new Map(
        partitions.filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]),
      );
    }),
    async deleteGroup(groupId: string) {
      try {
        await admin.deleteGroups([groupId]);
      } catch (error) {
        const groups = error instanceof KafkaJSDeleteGroupsError ? error.groups : [];
        const types = groups.map((g: { error?: { type?: string } }) => g.error?.type);
        if (types.length > 0 && types.every((t) => t === 'GROUP_ID_NOT_FOUND')) return;
        if (types.includes('NON_EMPTY_GROUP')) {
          throw new EventLogError(
            'GROUP_NOT_EMPTY',
            `cannot delete group ${groupId} while it has members: stop them first`,
            { cause: error },
          );
        }
        throw toEventLogError(error, `deleting group ${groupId}`);
      }
    },
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      await Promise.allSettled([...consumers].map((c) => c.stop()));
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

function topicConfigEntries(s: TopicSpec): Array<{ name: string; value: string }> {
  return [
    { name: TIMESTAMP_TYPE, value: LOG_APPEND_TIME },
    ...(s.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
    ...(s.retentionMs === undefined || s.compacted
      ? []
      : [{ name: 'retention.ms', value: String(s.retentionMs) }]),
    ...(s.retentionBytes === undefined
      ? []
      : [{ name: 'retention.bytes', value: String(s.retentionBytes) }]),
  ];
}
