// The admin side of the @platformatic/kafka adapter: topics, offsets and groups, each call
// retrying transient errors (a broker still electing leaders) until the startup deadline.

import {
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
  type Admin,
  type ClusterMetadata,
} from '@platformatic/kafka';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';
import { withRetry, type RetryPolicy } from './kafka-retry';
import { LOG_APPEND_TIME, TIMESTAMP_TYPE } from './kafka-topic-migration';
import { hasProtocolError, toPlatformaticError } from './platformatic-errors';
import type { ConsumeOptions, EventLog, TopicSpec } from './port';

export interface PlatformaticAdminSettings {
  readonly startup: RetryPolicy;
  readonly logger: Logger;
  /** -1 takes the broker's default.replication.factor. */
  readonly replicationFactor: number;
  /** Retries end once the log is closed. */
  readonly isClosed: () => boolean;
}

export type PlatformaticAdminOperations = Pick<
  EventLog,
  'createTopics' | 'listTopics' | 'endOffsets' | 'committedOffsets' | 'deleteGroup'
>;

const EARLIEST = -2n;
const LATEST = -1n;

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const metadata: ClusterMetadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  const count = metadata.topics.get(topic)?.partitionsCount;
  if (!count)
    throw new EventLogError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${topic} does not exist`);
  return count;
}

/** Offsets per partition at `timestamp` (EARLIEST, LATEST, or a time: the first at or after it). */
async function listOffsets(
  admin: Admin,
  topic: string,
  timestamp: bigint,
): Promise<Map<number, number>> {
  const count = await partitionCount(admin, topic);
  const partitions = Array.from({ length: count }, (_, partitionIndex) => ({
    partitionIndex,
    timestamp,
  }));
  const [listed] = await admin.listOffsets({ topics: [{ name: topic, partitions }] });
  return new Map((listed?.partitions ?? []).map((p) => [p.partitionIndex, Number(p.offset)]));
}

/** Every partition's leader elected, as kafkajs's createTopics({ waitForLeaders }) waits for. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
    const ready = topics.every((t) => {
      const topic = metadata.topics.get(t);
      return topic !== undefined && topic.partitions.every((p) => p.leader >= 0);
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Switches existing topics to LogAppendTime where they are not (see kafka-topic-migration.ts
 * for why). IncrementalAlterConfigs changes the one config and leaves the topic's others.
 */
async function migrateToAppendTime(
  admin: Admin,
  topics: readonly string[],
  logger: Logger,
): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    resources: topics.map((name) => ({
      resourceType: ConfigResourceTypes.TOPIC,
      resourceName: name,
      configurationKeys: [TIMESTAMP_TYPE],
    })),
  });
  const changed = described
    .filter((r) => r.configs.find((c) => c.name === TIMESTAMP_TYPE)?.value !== LOG_APPEND_TIME)
    .map((r) => r.resourceName);
  if (changed.length === 0) return;
  await admin.incrementalAlterConfigs({
    resources: changed.map((name) => ({
      resourceType: ConfigResourceTypes.TOPIC,
      resourceName: name,
      configs: [
        {
          name: TIMESTAMP_TYPE,
          configOperation: IncrementalAlterConfigOperationTypes.SET,
          value: LOG_APPEND_TIME,
        },
      ],
    })),
  });
  logger.warn(
    { topics: changed },
    `switched topics to ${TIMESTAMP_TYPE}=${LOG_APPEND_TIME}: records written before keep their event-time timestamps`,
  );
}

function topicConfigs(s: TopicSpec): Array<{ name: string; value: string }> {
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

export function platformaticAdminOperations(
  admin: Admin,
  settings: PlatformaticAdminSettings,
): PlatformaticAdminOperations {
  const policy: RetryPolicy = { ...settings.startup, classify: toPlatformaticError };
  const retrying =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      withRetry(what, () => fn(...args), policy, settings.isClosed);
  return {
    createTopics: retrying('createTopics', async (specs: readonly TopicSpec[]) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      // One request per topic: a request's configs apply to every topic in it.
      for (const spec of missing) {
        try {
          await admin.createTopics({
            topics: [spec.name],
            partitions: spec.partitions,
            replicas: settings.replicationFactor,
            configs: topicConfigs(spec),
          });
        } catch (error) {
          // Another process created it between the listing and now: that is what we wanted.
          if (!hasProtocolError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
        }
      }
      if (missing.length > 0)
        await waitForLeaders(
          admin,
          missing.map((s) => s.name),
        );
      const older = specs.filter((s) => existing.has(s.name)).map((s) => s.name);
      await migrateToAppendTime(admin, older, settings.logger);
    }),
    listTopics: retrying('listTopics', () => admin.listTopics()),
    endOffsets: retrying('endOffsets', (topic: string) => listOffsets(admin, topic, LATEST)),
    committedOffsets: retrying('committedOffsets', async (groupId: string, topic: string) => {
      const count = await partitionCount(admin, topic);
      const [group] = await admin.listConsumerGroupOffsets({
        groups: [
          {
            groupId,
            topics: [{ name: topic, partitionIndexes: Array.from({ length: count }, (_, i) => i) }],
          },
        ],
      });
      const partitions = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
      return new Map(
        partitions
          .filter((p) => p.committedOffset >= 0n)
          .map((p) => [p.partitionIndex, Number(p.committedOffset)]),
      );
    }),
    deleteGroup: async (groupId: string) => {
      try {
        await admin.deleteGroups({ groups: [groupId] });
      } catch (error) {
        if (hasProtocolError(error, 'GROUP_ID_NOT_FOUND')) return;
        if (hasProtocolError(error, 'NON_EMPTY_GROUP')) {
          throw new EventLogError(
            'GROUP_NOT_EMPTY',
            `cannot delete group ${groupId} while it has members: stop them first`,
            { cause: error },
          );
        }
        throw toPlatformaticError(error, `deleting group ${groupId}`);
      }
    },
  };
}

/**
 * Moves a consumer group to where a ConsumeOptions.start asks (earliest, latest, a time)
 * before its member joins; 'committed' leaves it where it is. The group must be empty.
 */
export async function resetPlatformaticGroupOffsets(
  admin: Admin,
  opts: ConsumeOptions,
): Promise<void> {
  const start = opts.start ?? 'committed';
  if (start === 'committed') return;
  const described = await admin.describeGroups({ groups: [opts.groupId] });
  const state = described.get(opts.groupId)?.state;
  const idle = state === undefined || ['Empty', 'Dead', 'EMPTY', 'DEAD'].includes(state);
  if (!idle) {
    throw new EventLogError(
      'GROUP_NOT_EMPTY',
      `cannot move group ${opts.groupId} to ${JSON.stringify(start)} while it has members (state ${state}): stop them first`,
    );
  }
  const topics: Array<{
    name: string;
    partitionOffsets: Array<{ partition: number; offset: bigint }>;
  }> = [];
  for (const topic of opts.topics) {
    let offsets: Map<number, number>;
    if (start === 'earliest') offsets = await listOffsets(admin, topic, EARLIEST);
    else if (start === 'latest') offsets = await listOffsets(admin, topic, LATEST);
    else {
      offsets = await listOffsets(admin, topic, BigInt(start.timestamp));
      // No record at or after the time: start at the end, as kafkajs's look-up answers.
      if ([...offsets.values()].some((o) => o < 0)) {
        const ends = await listOffsets(admin, topic, LATEST);
        for (const [p, o] of offsets) if (o < 0) offsets.set(p, ends.get(p) ?? 0);
      }
    }
    topics.push({
      name: topic,
      partitionOffsets: [...offsets].map(([partition, offset]) => ({
        partition,
        offset: BigInt(offset),
      })),
    });
  }
  await admin.alterConsumerGroupOffsets({ groupId: opts.groupId, topics });
}
