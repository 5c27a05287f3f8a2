import type { PartitionAssignment } from './port';

export interface GroupMemberSubscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/**
 * Kafka's RangeAssignor: per topic, the members subscribed to it (sorted by id) take
 * contiguous ranges of partitions, the first ones one extra when it does not divide evenly.
 * Ranges keep the same partition number of co-partitioned topics on the same member, which
 * joins by key rely on. Members with no share get an empty list, never no entry.
 */
export function assignPartitions(
  members: readonly GroupMemberSubscription[],
  partitionsByTopic: ReadonlyMap<string, number>,
): Map<string, PartitionAssignment[]> {
  const result = new Map<string, PartitionAssignment[]>();
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  for (const member of sorted) result.set(member.memberId, []);
  const topics = [...new Set(sorted.flatMap((m) => m.topics))].sort();
  for (const topic of topics) {
    const partitions = partitionsByTopic.get(topic) ?? 0;
    const subscribers = sorted.filter((m) => m.topics.includes(topic));
    if (subscribers.length === 0 || partitions === 0) continue;
    const share = Math.floor(partitions / subscribers.length);
    const extra = partitions % subscribers.length;
    let next = 0;
    subscribers.forEach((member, index) => {
      const count = share + (index < extra ? 1 : 0);
      const owned = result.get(member.memberId);
      for (let partition = next; partition < next + count; partition++) {
        owned?.push({ topic, partition });
      }
      next += count;
    });
  }
  return result;
}
