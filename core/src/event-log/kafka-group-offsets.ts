// Moves a consumer group to where a ConsumeOptions.start asks (earliest, latest, a time)
// before its member joins; 'committed' leaves it where it is.

import type { Admin, Kafka } from 'kafkajs';
import { EventLogError } from '../errors';
import type { ConsumeOptions } from './port';

type SeekEntry = { partition: number; offset: string };

export async function resetGroupOffsets(
  kafka: Kafka,
  admin: Admin,
  opts: ConsumeOptions,
): Promise<void> {
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
  const targets = new Map<string, SeekEntry[]>();
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
    targets.set(topic, partitions);
  }
  await commitAsMember(kafka, opts.groupId, targets);
  // Whatever one pass missed (partitions led by another broker), admin.setOffsets sets.
  for (const [topic, partitions] of targets) {
    const [committed] = await admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] });
    const now = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
    if (partitions.some((p) => now.get(p.partition) !== String(p.offset))) {
      await admin.setOffsets({ groupId: opts.groupId, topic, partitions });
    }
  }
}

/**
 * Commits offsets for every topic in one short membership of the group. kafkajs's
 * admin.setOffsets does the same one topic at a time and waits out a 5 s empty fetch for
 * each: the API's live feed, reading six topics from `latest`, took about 31 s to start.
 */
async function commitAsMember(
  kafka: Kafka,
  groupId: string,
  targets: ReadonlyMap<string, readonly SeekEntry[]>,
): Promise<void> {
  const topics = [...targets.keys()];
  const member = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    await member.connect();
    await member.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      member.on(member.events.FETCH, () => {
        member.stop().then(resolve, reject);
      });
      member.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      // Nothing is read: the seeks are committed by the first fetch after the join.
      member.pause(topics.map((topic) => ({ topic })));
      for (const [topic, partitions] of targets) {
        for (const p of partitions)
          member.seek({ topic, partition: p.partition, offset: String(p.offset) });
      }
    });
  } finally {
    await member.disconnect().catch(() => undefined);
  }
}
