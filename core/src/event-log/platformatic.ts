// The EventLog port on Kafka through @platformatic/kafka: the admin, producer and consumer
// modules, composed. Same behaviour as the kafkajs adapter (kafka.ts), the same partitioner
// (keys land where Java's and kafkajs's producers put them), the same retry policies.

import { Admin, Producer, ProduceAcks } from '@platformatic/kafka';
import { silentLogger } from '../logger';
import type { KafkaEventLogOptions } from './kafka';
import { withRetry, type RetryPolicy } from './kafka-retry';
import { platformaticAdminOperations } from './platformatic-admin';
import { startPlatformaticConsumer } from './platformatic-consumer';
import { toPlatformaticError } from './platformatic-errors';
import { ensurePromiseWithResolvers } from './platformatic-node20';
import { createPlatformaticBatchProducer } from './platformatic-producer';
import type { ConsumeOptions, Consumer, EventLog } from './port';

/** The client's own retries, per request: a second apart, so a restart is ridden out inside it. */
const CLIENT_RETRY_DELAY_MS = 1_000;

export async function createPlatformaticEventLog(options: KafkaEventLogOptions): Promise<EventLog> {
  ensurePromiseWithResolvers();
  const logger = options.logger ?? silentLogger;
  const client = {
    clientId: options.clientId ?? 'tickstream',
    bootstrapBrokers: [...options.brokers],
  };
  const startup: RetryPolicy = {
    deadlineMs: options.startupRetryMs ?? 60_000,
    logger,
    classify: toPlatformaticError,
  };
  const produceRetryMs = options.produceRetryMs ?? 120_000;
  const admin = new Admin({ ...client, retries: 3, retryDelay: 500 });
  // Idempotent, acks from every in-sync replica. The client retries a failed request with the
  // same producer id and sequence numbers for about produceRetryMs, so the broker drops a
  // batch it already appended (a response lost in a broker freeze) instead of storing it twice.
  const producer = new Producer({
    ...client,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false,
    retries: Math.max(3, Math.ceil(produceRetryMs / CLIENT_RETRY_DELAY_MS)),
    retryDelay: CLIENT_RETRY_DELAY_MS,
  });
  let closed = false;
  const isClosed = () => closed;
  try {
    await withRetry(
      `connection to ${options.brokers.join(',')}`,
      async () => {
        await admin.listTopics();
        await producer.initIdempotentProducer({});
      },
      startup,
    );
  } catch (error) {
    await Promise.allSettled([admin.close(), producer.close()]);
    throw error;
  }

  const batches = createPlatformaticBatchProducer(producer, {
    compression: options.compression ?? 'gzip',
    lingerMs: options.lingerMs ?? 5,
    maxBatchRecords: options.maxBatchRecords ?? 10_000,
    maxRequestBytes: options.maxRequestBytes ?? 900_000,
    maxInFlight: options.maxInFlightRequests ?? 5,
    sending: { deadlineMs: produceRetryMs, logger, classify: toPlatformaticError },
    metadata: startup,
    isClosed,
  });
  const consumers = new Set<Consumer>();
  const consume = async (opts: ConsumeOptions): Promise<Consumer> => {
    const handle = await startPlatformaticConsumer(client, admin, opts, {
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
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
    ...platformaticAdminOperations(admin, {
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
      await Promise.allSettled([producer.close(), admin.close()]);
    },
  };
}
