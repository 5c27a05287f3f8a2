// Topics stamp records with the broker's append time (message.timestamp.type=LogAppendTime):
// retention and look-ups by time then follow arrival, and a backfill of 2024 trades is not
// deleted by a 7-day retention on arrival. Topics created before this (CreateTime, the
// producer's event time) are altered when the topics are prepared.

import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';

export const TIMESTAMP_TYPE = 'message.timestamp.type';
export const LOG_APPEND_TIME = 'LogAppendTime';

interface TopicConfigEntry {
  readonly configName: string;
  readonly configValue: string | null;
  readonly isDefault: boolean;
  readonly isSensitive: boolean;
  readonly configSource?: number;
}

/** The configs set on the topic itself (not inherited from the broker). */
function topicOwnConfigs(entries: readonly TopicConfigEntry[]): TopicConfigEntry[] {
  return entries.filter((e) =>
    e.configSource === undefined ? !e.isDefault : e.configSource === ConfigSource.TOPIC_CONFIG,
  );
}

/**
 * The full set of a topic's own configs with the timestamp type switched to LogAppendTime, or
 * undefined when it already is. Kafka's AlterConfigs (what kafkajs speaks) replaces every
 * dynamic config of the topic, so everything already set (retention.ms, cleanup.policy…)
 * is written back with it.
 */
export function appendTimeConfigs(
  topic: string,
  entries: readonly TopicConfigEntry[],
): Array<{ name: string; value: string }> | undefined {
  const current = entries.find((e) => e.configName === TIMESTAMP_TYPE)?.configValue;
  if (current === LOG_APPEND_TIME) return undefined;
  const own = topicOwnConfigs(entries).filter((e) => e.configName !== TIMESTAMP_TYPE);
  const hidden = own.find((e) => e.isSensitive || e.configValue === null);
  if (hidden) {
    throw new EventLogError(
      'TOPIC_MIGRATION_FAILED',
      `Topic ${topic} has the sensitive config ${hidden.configName}, which cannot be read back to ` +
        `keep it while switching to ${TIMESTAMP_TYPE}=${LOG_APPEND_TIME}; set that yourself: ` +
        `kafka-configs.sh --alter --entity-type topics --entity-name ${topic} ` +
        `--add-config ${TIMESTAMP_TYPE}=${LOG_APPEND_TIME}`,
    );
  }
  return [
    ...own.map((e) => ({ name: e.configName, value: e.configValue as string })),
    { name: TIMESTAMP_TYPE, value: LOG_APPEND_TIME },
  ];
}

/** Switches the named topics to LogAppendTime where they are not; returns those it changed. */
export async function migrateTopicsToAppendTime(
  admin: Admin,
  topics: readonly string[],
  logger: Logger,
): Promise<string[]> {
  if (topics.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const resources = described.resources.flatMap((r) => {
    const configEntries = appendTimeConfigs(r.resourceName, r.configEntries);
    return configEntries
      ? [{ type: ConfigResourceTypes.TOPIC, name: r.resourceName, configEntries }]
      : [];
  });
  if (resources.length === 0) return [];
  await admin.alterConfigs({ validateOnly: false, resources });
  const changed = resources.map((r) => r.name);
  logger.warn(
    { topics: changed },
    `switched topics to ${TIMESTAMP_TYPE}=${LOG_APPEND_TIME}: records written before keep their event-time timestamps`,
  );
  return changed;
}
