export { createClickHouse } from './clickhouse/client';
export type { ClickHouseClient, ClickHouseHandle, ClickHouseOptions } from './clickhouse/client';
export { toStorageError } from './clickhouse/errors';
export { loadMigrations, migrate, splitStatements } from './clickhouse/migrator';
export type { MigrateResult, Migration } from './clickhouse/migrator';
export { loadSettings } from './config';
export type { LoadSettingsInput } from './config';
export { configurationTable } from './config-doc';
export { CORE_SECTION, CORE_SETTINGS, eventLogKind } from './settings';
export type { CoreSettings } from './settings';
export { ConfigError, EventLogError, isRetriable, StorageError, TickstreamError } from './errors';
export { createEmbeddedEventLog } from './event-log/embedded';
export type { EmbeddedEventLogOptions } from './event-log/embedded';
export { partitionFor } from './event-log/partitioner';
export { createKafkaEventLog } from './event-log/kafka';
export type { KafkaClient, KafkaEventLogOptions } from './event-log/kafka';
export { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS } from './event-log/kafka-client';
export type {
  ConsumeOptions,
  Consumer,
  EventLog,
  HandlerResult,
  LogRecord,
  PartitionAssignment,
  ProduceRecord,
  RecordBatch,
  StartPosition,
  TopicSpec,
} from './event-log/port';
export { withNamespace } from './event-log/namespaced';
export {
  asRegistry,
  createPairRegistry,
  pairConfigOf,
  publishPairConfig,
  sameSpec,
  specOfConfig,
  staticPairRegistry,
} from './pairs/pair-registry';
export type { PairRegistry, PairRegistryOptions } from './pairs/pair-registry';
export { deadLetterFor, produceDeadLetters } from './records/dead-letters';
export { decodeRecord } from './records/decode';
export type { Decoded } from './records/decode';
export { dropOwnGroup, ownGroupId } from './event-log/own-group';
export { DEFAULT_SHUTDOWN_TIMEOUT_MS, stopInOrder, stopOnSignals, stopWithin } from './lifecycle';
export type { Component, Shutdown, ShutdownOptions, Stoppable } from './lifecycle';
export { createLogger, silentLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { createMetricsRegistry } from './metrics';
export { startOpsServer, summarizeHealth } from './ops-server';
export type { ComponentState, OpsServer, RoleHealth } from './ops-server';
export type { Registry } from './metrics';
export {
  createClickHouseFromConfig,
  createEventLog,
  prepareStorage,
  topicSpecOf,
  topicSpecs,
} from './runtime';
