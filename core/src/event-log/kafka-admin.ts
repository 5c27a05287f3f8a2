// The admin side of the Kafka adapter: topics, offsets and groups, each call retrying
// transient errors (a broker still electing leaders) until the startup deadline.

import { KafkaJSDeleteGroupsError, type Admin } from 'kafkajs';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';
import { toEventLogError, withRetry, type RetryPolicy } from './kafka-retry';
import {
  LOG_APPEND_TIME,
  migrateTopicsToAppendTime,
  TIMESTAMP_TYPE,
} from './kafka-topic-migration';
import type { EventLog, TopicSpec } from './port';

export interface KafkaAdminSettings {
  readonly startup: RetryPolicy;
  readonly logger: Logger;
  /** -1 takes the broker's default.replication.factor. */
  readonly replicationFactor: number;
  /** Retries end once the log is closed. */
  readonly isClosed: () => boolean;
}

export type KafkaAdminOperations = Pick<
  EventLog,
  'createTopics' | 'listTopics' | 'endOffsets' | 'committedOffsets' | 'deleteGroup'
>;

export function kafkaAdminOperations(
  admin: Admin,
  settings: KafkaAdminSettings,
): KafkaAdminOperations {
  const { logger } = settings;
  const retrying =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      withRetry(what, () => fn(...args), settings.startup, settings.isClosed);
  return {
    createTopics: retrying('createTopics', async (specs: readonly TopicSpec[]) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.name,
            numPartitions: s.partitions,
            replicationFactor: settings.replicationFactor,
            configEntries: topicConfigEntries(s),
          })),
        });
      }
      const older = specs.filter((s) => existing.has(s.name)).map((s) => s.name);
      await migrateTopicsToAppendTime(admin, older, logger);
    }),
    listTopics: retrying('listTopics', () => admin.listTopics()),
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
    deleteGroup: (groupId: string) => deleteGroup(admin, groupId),
  };
}

async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
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
