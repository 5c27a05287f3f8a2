import {
  createEventLog,
  topicSpecs,
  type ClickHouseClient,
  type CoreSettings,
  type EventLog,
  type Logger,
} from '@tickstream/core';
import { openStorage, retryWhileUnavailable, type RetryOptions } from '../open-storage';

/** The event log and ClickHouse a node's roles run on. */
export interface NodeStorage {
  readonly eventLog: EventLog;
  /** The process and api roles need it; a node of ingest alone does not open it. */
  readonly clickhouse?: ClickHouseClient;
  /** Closes what the source opened; shared storage is left open for its owner. */
  close(): Promise<void>;
}

/** Opens a node's storage at start(); `clickhouse` says whether its roles need ClickHouse. */
export type StorageSource = (needs: { readonly clickhouse: boolean }) => Promise<NodeStorage>;

/**
 * The configured event log and ClickHouse, with topics and tables prepared, waiting for
 * both while they are unavailable. Without ClickHouse only the topics are created.
 */
export function storageFromConfig(
  config: CoreSettings,
  logger: Logger,
  retry: RetryOptions = {},
): StorageSource {
  return async ({ clickhouse }) => {
    if (clickhouse) {
      const storage = await openStorage(config, logger, retry);
      return {
        eventLog: storage.eventLog,
        clickhouse: storage.clickhouse.client,
        close: () => storage.close(),
      };
    }
    const eventLog = await retryWhileUnavailable(
      'the event log',
      () => createEventLog(config, logger),
      logger,
      retry,
    );
    try {
      await retryWhileUnavailable(
        'creating topics',
        () => eventLog.createTopics(topicSpecs()),
        logger,
        retry,
      );
    } catch (error) {
      await eventLog.close();
      throw error;
    }
    return { eventLog, close: () => eventLog.close() };
  };
}

/**
 * Storage someone else opened, prepared and closes (tests, the bench stack, several nodes
 * in one process).
 */
export function sharedStorage(eventLog: EventLog, clickhouse?: ClickHouseClient): StorageSource {
  return () =>
    Promise.resolve({ eventLog, ...(clickhouse ? { clickhouse } : {}), close: async () => {} });
}
