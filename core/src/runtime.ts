import { join } from 'node:path';
import { ALL_TOPICS, MIGRATIONS_DIR, type TopicDefinition } from '@tickstream/schema';
import { createClickHouse, type ClickHouseHandle } from './clickhouse/client';
import { loadMigrations, migrate } from './clickhouse/migrator';
import { eventLogKind, type CoreSettings } from './settings';
import { createEmbeddedEventLog } from './event-log/embedded';
import { createKafkaEventLog } from './event-log/kafka';
import { withNamespace } from './event-log/namespaced';
import type { EventLog, TopicSpec } from './event-log/port';
import type { Logger } from './logger';

/** The event log the core settings select; roles only ever see the EventLog port. */
export async function createEventLog(config: CoreSettings, logger: Logger): Promise<EventLog> {
  const log = await createBareEventLog(config, logger);
  return config.namespace ? withNamespace(log, config.namespace) : log;
}

async function createBareEventLog(config: CoreSettings, logger: Logger): Promise<EventLog> {
  if (eventLogKind(config) === 'kafka') {
    return createKafkaEventLog({
      client: config.kafkaClient,
      brokers: config.kafkaBrokers,
      clientId: config.kafkaClientId,
      compression: config.kafkaCompression,
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
      heartbeatIntervalMs: Math.max(1_000, Math.floor(config.kafkaSessionTimeoutMs / 10)),
      rebalanceTimeoutMs: Math.max(60_000, config.kafkaSessionTimeoutMs * 2),
      logger: logger.child({ component: 'kafka' }),
    });
  }
  return createEmbeddedEventLog({
    dataDir: join(config.dataDir, 'log'),
    logger: logger.child({ component: 'embedded-log' }),
  });
}

export function createClickHouseFromConfig(
  config: CoreSettings,
  logger: Logger,
): Promise<ClickHouseHandle> {
  return createClickHouse({
    url: config.clickhouseUrl,
    username: config.clickhouseUser,
    password: config.clickhousePassword,
    database: config.clickhouseDatabase,
    chdbPath: join(config.dataDir, 'chdb'),
    logger: logger.child({ component: 'clickhouse' }),
  });
}

/** A schema topic as the log adapters create it. */
export function topicSpecOf(t: TopicDefinition<never>): TopicSpec {
  return {
    name: t.name,
    partitions: t.partitions,
    ...(t.retentionMs === null ? {} : { retentionMs: t.retentionMs }),
    ...(t.compacted ? { compacted: true } : {}),
  };
}

/** Every topic in the schema, as the log adapters create them. */
export function topicSpecs(): TopicSpec[] {
  return ALL_TOPICS.map(topicSpecOf);
}

/** Idempotent setup shared by `tickstream migrate` and every role's start. */
export async function prepareStorage(
  eventLog: EventLog,
  clickhouse: ClickHouseHandle,
  logger: Logger,
): Promise<void> {
  await eventLog.createTopics(topicSpecs());
  await migrate(clickhouse.client, await loadMigrations(MIGRATIONS_DIR), logger);
}
