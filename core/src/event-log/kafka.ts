import {
  CompressionTypes,
  Kafka,
  KafkaJSDeleteGroupsError,
  KafkaJSError,
  KafkaJSProtocolError,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type Consumer as KafkaConsumer,
  type KafkaMessage,
  type LogEntry,
  type Message,
  type Producer,
} from 'kafkajs';
import { EventLogError } from '../errors';
import { silentLogger, type Logger } from '../logger';
import { createKeyedPartitioner } from './partitioner';
import type {
  ConsumeOptions,
  Consumer,
  EventLog,
  LogRecord,
  PartitionAssignment,
  ProduceRecord,
  RecordBatch,
  TopicSpec,
} from './port';

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
}

interface PendingSend {
  readonly messages: Map<string, Message[]>;
  readonly waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  count: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** kafkajs errors carry a protocol `type` and `retriable`; keep both, never parse messages. */
export function toEventLogError(error: unknown, what: string): EventLogError {
  if (error instanceof EventLogError) return error;
  if (error instanceof KafkaJSError) {
    const code = error instanceof KafkaJSProtocolError ? error.type : error.name;
    return new EventLogError(code, `Kafka ${what} failed: ${error.message}`, {
      retriable: error.retriable,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EventLogError('KAFKA_ERROR', `Kafka ${what} failed: ${message}`, { cause: error });
}

/** Runs an operation and maps whatever kafkajs throws to an EventLogError. */
function guarded<A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toEventLogError(error, what);
    }
  };
}

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

function toLogRecord(topic: string, partition: number, message: KafkaMessage): LogRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key ? message.key.toString('utf8') : '',
    value: message.value ?? Buffer.alloc(0),
    timestamp: Number(message.timestamp),
  };
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
  try {
    await admin.connect();
    await producer.connect();
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw toEventLogError(error, `connection to ${options.brokers.join(',')}`);
  }

  const compression =
    (options.compression ?? 'gzip') === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const lingerMs = options.lingerMs ?? 5;
  const maxBatchRecords = options.maxBatchRecords ?? 10_000;
  const maxRequestBytes = options.maxRequestBytes ?? 900_000;
  const consumers = new Set<Consumer>();
  let pending: PendingSend | null = null;
  let lingerTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = async (): Promise<void> => {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = null;
    const batch = pending;
    pending = null;
    if (!batch) return;
    try {
      for (const topicMessages of chunkBySize(batch.messages, maxRequestBytes)) {
        await producer.sendBatch({ acks: -1, compression, topicMessages });
      }
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      const mapped = toEventLogError(error, 'produce');
      for (const waiter of batch.waiters) waiter.reject(mapped);
    }
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
      const now = Date.now();
      for (const record of records) {
        list.push({
          key: record.key,
          value: record.value,
          timestamp: String(record.timestamp ?? now),
        });
      }
      pending.count += records.length;
      pending.waiters.push({ resolve, reject });
      if (pending.count >= maxBatchRecords) void flush();
      else lingerTimer ??= setTimeout(() => void flush(), lingerMs);
    });
  };

  const resetGroupOffsets = async (opts: ConsumeOptions): Promise<void> => {
    const start = opts.start ?? 'committed';
    if (start === 'committed') return;
    const { groups } = await admin.describeGroups([opts.groupId]);
    const state = groups[0]?.state;
    if (state !== undefined && state !== 'Empty' && state !== 'Dead') {
      throw new EventLogError(
        'GROUP_NOT_EMPTY',
        `cannot move group ${opts.groupId} to ${JSON.stringify(start)} while it has members (state ${state}): stop them first`,
      );
    }
    for (const topic of opts.topics) {
      // Explicit offsets rather than resetOffsets' -2/-1 markers: kafkajs reads a -1 commit
      // as "none" and would fall back to the earliest offset; other clients reject markers.
      const partitions =
        start === 'earliest' || start === 'latest'
          ? (await admin.fetchTopicOffsets(topic)).map((o) => ({
              partition: o.partition,
              offset: start === 'earliest' ? o.low : o.high,
            }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp);
      await admin.setOffsets({ groupId: opts.groupId, topic, partitions });
    }
  };

  const consume = async (opts: ConsumeOptions): Promise<Consumer> => {
    await guarded(`moving group ${opts.groupId}`, resetGroupOffsets)(opts);
    const maxBatchSize = opts.maxBatchSize ?? 1000;
    const retryDelayMs = opts.retryDelayMs ?? 1000;
    const consumer: KafkaConsumer = kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    let assigned: PartitionAssignment[] = [];
    let paused = false;
    let markReady: () => void = () => undefined;
    const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assigned = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      markReady();
    });
    consumer.on(consumer.events.REBALANCING, () => {
      assigned = [];
    });

    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...opts.topics],
        fromBeginning: (opts.whenNoCommitted ?? 'earliest') === 'earliest',
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const { topic, partition } = batch;
          const highWatermark = Number(batch.highWatermark);
          for (let i = 0; i < batch.messages.length; i += maxBatchSize) {
            const records = batch.messages
              .slice(i, i + maxBatchSize)
              .map((m) => toLogRecord(topic, partition, m));
            const last = records[records.length - 1];
            if (!last) continue;
            const recordBatch: RecordBatch = { topic, partition, records, highWatermark };
            let commitOffset = last.offset + 1;
            for (;;) {
              // After a rebalance the partition may belong to someone else: stop without
              // committing; the new owner reads these records again (at-least-once).
              if (!isRunning() || isStale()) return;
              try {
                const result = await opts.handler(recordBatch);
                if (result) commitOffset = Math.min(result.commitOffset, commitOffset);
                break;
              } catch (error) {
                opts.onHandlerError?.(error, recordBatch);
                await sleep(retryDelayMs);
                await heartbeat();
              }
            }
            await consumer.commitOffsets([{ topic, partition, offset: String(commitOffset) }]);
            resolveOffset(String(last.offset));
            await heartbeat();
          }
        },
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw toEventLogError(error, `consumer group ${opts.groupId}`);
    }

    const topicsOf = () => opts.topics.map((topic) => ({ topic }));
    const handle: Consumer = {
      groupId: opts.groupId,
      assignments: () => assigned,
      ready: () => readyPromise,
      pause() {
        paused = true;
        consumer.pause(topicsOf());
      },
      resume() {
        paused = false;
        consumer.resume(topicsOf());
      },
      isPaused: () => paused,
      async stop() {
        if (!consumers.delete(handle)) return;
        await consumer.disconnect();
      },
    };
    consumers.add(handle);
    return handle;
  };

  return {
    kind: 'kafka',
    createTopics: guarded('createTopics', async (specs: readonly TopicSpec[]) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: options.replicationFactor ?? -1,
          configEntries: [
            ...(s.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ...(s.retentionMs === undefined || s.compacted
              ? []
              : [{ name: 'retention.ms', value: String(s.retentionMs) }]),
            ...(s.retentionBytes === undefined
              ? []
              : [{ name: 'retention.bytes', value: String(s.retentionBytes) }]),
          ],
        })),
      });
    }),
    listTopics: guarded('listTopics', () => admin.listTopics()),
    produce,
    consume,
    endOffsets: guarded('endOffsets', async (topic: string) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    }),
    committedOffsets: guarded('committedOffsets', async (groupId: string, topic: string) => {
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
      closed = true;
      await flush();
      await Promise.allSettled([...consumers].map((c) => c.stop()));
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}
