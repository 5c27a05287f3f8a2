import type { PartitionerArgs } from 'kafkajs';

// Kafka's default partitioner (Java's BuiltInPartitioner / kafkajs's DefaultPartitioner):
// murmur2 over the UTF-8 key bytes, made positive by masking the sign bit. Both adapters use
// it so a key lands in the same partition whichever runtime wrote it, and so a Java or
// kafkajs producer writing to our topics agrees with us.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) as a signed 32-bit int. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k =
      (data[i4] ?? 0) |
      ((data[i4 + 1] ?? 0) << 8) |
      ((data[i4 + 2] ?? 0) << 16) |
      ((data[i4 + 3] ?? 0) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= (data[tail + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[tail + 1] ?? 0) << 8;
  if (rest >= 1) {
    h ^= data[tail] ?? 0;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `toPositive`: masks the sign bit (not Math.abs), as Java and kafkajs do. */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionFor(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  return toPositive(murmur2(Buffer.from(key, 'utf8'))) % partitions;
}

/**
 * kafkajs's DefaultPartitioner, the same partition for every key, at a fraction of its cost:
 * kafkajs hashes every message's key on an emulated 64-bit Long (about a fifth of a Kafka
 * producer's CPU time, bench/RESULTS.md), while a log has few distinct keys (one per symbol).
 * Each key is hashed once here. Messages without a key go to `keyless` (kafkajs's own
 * round robin); tickstream always sets one.
 */
export function createKeyedPartitioner(
  keyless: (args: PartitionerArgs) => number,
  maxCachedKeys = 100_000,
): (args: PartitionerArgs) => number {
  const hashes = new Map<string, number>();
  return (args) => {
    const { message } = args;
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    const key = message.key;
    if (key === undefined || key === null) return keyless(args);
    const partitions = args.partitionMetadata.length;
    if (typeof key !== 'string') return toPositive(murmur2(key)) % partitions;
    let hash = hashes.get(key);
    if (hash === undefined) {
      if (hashes.size >= maxCachedKeys) hashes.clear();
      hash = toPositive(murmur2(Buffer.from(key, 'utf8')));
      hashes.set(key, hash);
    }
    return hash % partitions;
  };
}
