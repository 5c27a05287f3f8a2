import { Kafka, logLevel as KafkaLogLevel, Partitioners, type LogEntry } from 'kafkajs';
import { silentLogger, type Logger } from '../logger';
import { kafkaAdminOperations } from './kafka-admin';
import { startKafkaConsumer } from './kafka-consumer';
import { createKafkaBatchProducer } from './kafka-producer';
import { toEventLogError, withRetry, type RetryPolicy } from './kafka-retry';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS, type KafkaClient } from './kafka-client';
import { createKeyedPartitioner } from './partitioner';
import { createPlatformaticEventLog } from './platformatic';
import type { ConsumeOptions, Consumer, EventLog } from './port';

export { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS, type KafkaClient };

export interface KafkaEventLogOptions {
  readonly brokers: readonly string[];
  /** Which client library speaks to Kafka (default DEFAULT_KAFKA_CLIENT). */
  readonly client?: KafkaClient;
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
  /**
   * @platformatic/kafka only: produce requests outstanding at once (default 5), each for
   * partitions no other holds. kafkajs keeps one (its idempotent producer allows no more).
   */
  readonly maxInFlightRequests?: number;
  /** Partitions of one consumer handled at the same time (kafkajs only). */
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

export { toEventLogError };
export { chunkBySize } from './kafka-producer';

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

/** The EventLog port on Kafka, through the client library the options name. */
export async function createKafkaEventLog(options: KafkaEventLogOptions): Promise<EventLog> {
  return (options.client ?? DEFAULT_KAFKA_CLIENT) === 'platformatic'
    ? createPlatformaticEventLog(options)
    : createKafkajsEventLog(options);
}

/** The EventLog port on Kafka through kafkajs: the admin, producer and consumer modules, composed. */
async function createKafkajsEventLog(options: KafkaEventLogOptions): Promise<EventLog> {
  const logger = options.logger ?? silentLogger;
  const kafka = new Kafka({
    clientId: options.clientId ?? 'tickstream',
    brokers: [...options.brokers],
    logLevel: KafkaLogLevel.INFO,
    logCreator: kafkaLogCreator(logger),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
  const admin = kafka.admin();
  // Idempotent + one request in flight: retries never duplicate or reorder a key's records.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: () => createKeyedPartitioner(Partitioners.DefaultPartitioner()),
  });
  let closed = false;
  const isClosed = () => closed;
  const startup: RetryPolicy = { deadlineMs: options.startupRetryMs ?? 60_000, logger };
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

  const batches = createKafkaBatchProducer(producer, {
    compression: options.compression ?? 'gzip',
    lingerMs: options.lingerMs ?? 5,
    maxBatchRecords: options.maxBatchRecords ?? 10_000,
    maxRequestBytes: options.maxRequestBytes ?? 900_000,
    sending: { deadlineMs: options.produceRetryMs ?? 120_000, logger },
    isClosed,
  });
  const consumers = new Set<Consumer>();
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
    ...kafkaAdminOperations(admin, {
      startup,
      logger,
      replicationFactor: options.replicationFactor ?? -1,
      isClosed,
    }),
    produce: batches.produce,
    consume,
    async close() {
      if (closed) return;
      await batches.flush();
      closed = true;
      await Promise.allSettled([...consumers].map((c) => c.stop()));
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}
