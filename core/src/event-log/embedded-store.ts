// The lmdb side of the embedded log: topics, record batches, log start offsets and committed
// group offsets, all in one lmdb environment so that one transaction covers any of them.
// Groups and wake-ups are in-process and live in embedded-group.ts; this file does I/O only.

import { open, type Database, type RootDatabase } from 'lmdb';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';
import {
  batchTimestamps,
  decodeBatchHeader,
  decodeRecords,
  encodeBatch,
  KeyStrings,
  partitionFloorKey,
  recordKey,
  type BatchHeader,
  type PartitionTail,
} from './embedded-codec';
import { migrateStore } from './embedded-migration';
import { partitionFor } from './partitioner';
import type { LogRecord, ProduceRecord, TopicSpec } from './port';
import { offsetForTimestamp } from './timestamp-search';

interface StoredTopic {
  readonly id: number;
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs?: number;
  readonly retentionBytes?: number;
}

export interface PartitionState {
  /** Where the next produced batch goes; runs ahead of `durableEnd` while writes are in flight. */
  readonly tail: PartitionTail;
  /** Offsets below this are durable and visible to consumers (Kafka's high watermark). */
  durableEnd: number;
  /** Offsets below this were deleted by retention (Kafka's log start offset). */
  logStart: number;
}

export interface TopicState {
  readonly meta: StoredTopic;
  readonly partitions: readonly PartitionState[];
  /** Key to partition, memoized: keys repeat (symbols, pairs) and hashing shows in profiles. */
  readonly partitionCache: Map<string, number>;
}

interface StoredBatch extends BatchHeader {
  readonly buffer: Buffer;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const PARTITION_CACHE_LIMIT = 100_000;
const RETENTION_BATCHES_PER_TXN = 2_000;
// '#' is not allowed in topic names, so this key never collides with one.
const NEXT_TOPIC_ID = '#nextTopicId';

function isStoredTopic(value: unknown): value is StoredTopic {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['id'] === 'number' &&
    typeof v['name'] === 'string' &&
    typeof v['partitions'] === 'number'
  );
}

function validateRecords(topic: string, records: readonly ProduceRecord[]): void {
  for (const record of records) {
    const value: unknown = record.value;
    if (
      typeof record.key !== 'string' ||
      (typeof value !== 'string' && !(value instanceof Uint8Array))
    ) {
      throw new EventLogError(
        'INVALID_RECORD',
        `A record for ${topic} needs a string key and a Buffer or string value`,
      );
    }
  }
}

export class EmbeddedStore {
  private readonly topics = new Map<string, TopicState>();
  private readonly keyStrings = new KeyStrings();

  private constructor(
    private readonly root: RootDatabase,
    private readonly records: Database<Buffer, Buffer>,
    private readonly topicsDb: Database<unknown, string>,
    private readonly logStarts: Database<number, [number, number]>,
    private readonly commits: Database<number, [string, string, number]>,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {
    this.load();
  }

  /** Opens the store, migrating a data directory of an older format first (see embedded-migration.ts). */
  static async open(
    path: string,
    logger: Logger,
    clock: () => number = Date.now,
  ): Promise<EmbeddedStore> {
    // Durability stays at lmdb's default (synced commits, overlapping with the next
    // transaction); `separateFlushed` only lets us wait for the sync of our own commit.
    // noSubdir: false because lmdb guesses "file" for a path with a dot, like `.data/log.v1`.
    const root = open({
      path,
      noSubdir: false,
      maxDbs: 8,
      separateFlushed: true,
      noMemInit: true,
    });
    try {
      const records = root.openDB<Buffer, Buffer>({
        name: 'records',
        keyEncoding: 'binary',
        encoding: 'binary',
      });
      const topicsDb = root.openDB<unknown, string>({ name: 'topics' });
      await migrateStore({ root, records, topicsDb }, clock(), logger);
      return new EmbeddedStore(
        root,
        records,
        topicsDb,
        root.openDB<number, [number, number]>({ name: 'log-start' }),
        root.openDB<number, [string, string, number]>({ name: 'commits' }),
        logger,
        clock,
      );
    } catch (error) {
      void root.close();
      throw error;
    }
  }

  private load(): void {
    for (const { key, value } of this.topicsDb.getRange({})) {
      if (key.startsWith('#')) continue; // NEXT_TOPIC_ID, the store format
      if (!isStoredTopic(value)) {
        throw new EventLogError('EMBEDDED_LOG_CORRUPT', 'A stored topic description is invalid');
      }
      this.topics.set(value.name, this.loadTopic(value));
    }
  }

  private loadTopic(meta: StoredTopic): TopicState {
    const partitions: PartitionState[] = [];
    for (let p = 0; p < meta.partitions; p++) {
      const logStart = this.logStarts.get([meta.id, p]) ?? 0;
      const last = this.lastBatch(meta.id, p);
      const tail: PartitionTail = last
        ? {
            nextOffset: Math.max(logStart, last.baseOffset + last.count),
            maxTimestamp: last.maxTimestampAfter,
            totalBytes: last.bytesAfter,
          }
        : { nextOffset: logStart, maxTimestamp: -Infinity, totalBytes: 0 };
      partitions.push({ tail, durableEnd: tail.nextOffset, logStart });
    }
    return { meta, partitions, partitionCache: new Map() };
  }

  private lastBatch(topicId: number, partition: number): BatchHeader | undefined {
    for (const { value } of this.records.getRange({
      start: partitionFloorKey(topicId, partition + 1),
      end: partitionFloorKey(topicId, partition),
      reverse: true,
      limit: 1,
    })) {
      return decodeBatchHeader(value);
    }
    return undefined;
  }

  requireTopic(name: string): TopicState {
    const topic = this.topics.get(name);
    if (topic === undefined) {
      throw new EventLogError('UNKNOWN_TOPIC', `Topic ${name} does not exist; create it first`);
    }
    return topic;
  }

  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    const created: StoredTopic[] = [];
    for (const spec of specs) {
      if (!TOPIC_NAME.test(spec.name)) {
        throw new EventLogError(
          'INVALID_TOPIC',
          `Topic name ${JSON.stringify(spec.name)} must be 1-249 of [a-zA-Z0-9._-] (Kafka's rule)`,
        );
      }
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new EventLogError(
          'INVALID_TOPIC',
          `Topic ${spec.name} needs a positive integer partition count, got ${spec.partitions}`,
        );
      }
    }
    let nextId = Math.max(
      (this.topicsDb.get(NEXT_TOPIC_ID) as number | undefined) ?? 1,
      ...[...this.topics.values()].map((t) => t.meta.id + 1),
    );
    for (const spec of specs) {
      if (this.topics.has(spec.name) || created.some((t) => t.name === spec.name)) continue;
      const meta: StoredTopic = {
        id: nextId++,
        name: spec.name,
        partitions: spec.partitions,
        ...(spec.retentionMs === undefined ? {} : { retentionMs: spec.retentionMs }),
        ...(spec.retentionBytes === undefined ? {} : { retentionBytes: spec.retentionBytes }),
      };
      created.push(meta);
      // Visible at once so concurrent calls stay idempotent; the write below makes it durable.
      this.topics.set(meta.name, this.loadTopic(meta));
    }
    if (created.length === 0) return;
    const written = this.topicsDb.transaction(() => {
      for (const meta of created) void this.topicsDb.put(meta.name, meta);
      void this.topicsDb.put(NEXT_TOPIC_ID, nextId);
    });
    await this.durable(written, 'create topics');
  }

  /** Appends the records and resolves once they are synced to disk and visible. */
  async append(topic: TopicState, records: readonly ProduceRecord[]): Promise<void> {
    if (records.length === 0) return;
    validateRecords(topic.meta.name, records);
    const n = topic.meta.partitions;
    const routed: number[][] = [];
    const cache = topic.partitionCache;
    for (let i = 0; i < records.length; i++) {
      const key = (records[i] as ProduceRecord).key;
      let partition = cache.get(key);
      if (partition === undefined) {
        partition = partitionFor(key, n);
        if (cache.size >= PARTITION_CACHE_LIMIT) cache.clear();
        cache.set(key, partition);
      }
      (routed[partition] ??= []).push(i);
    }
    // Append time, not the producer's: retention and seeking by time follow arrival.
    const now = this.clock();
    const ends: Array<[PartitionState, number]> = [];
    let last: Promise<boolean> | undefined;
    routed.forEach((indexes, partition) => {
      const state = topic.partitions[partition] as PartitionState;
      const value = encodeBatch(records, indexes, now, state.tail);
      const base = state.tail.nextOffset - indexes.length;
      // Puts issued in one event turn share one lmdb transaction: all or none commit.
      last = this.records.put(recordKey(topic.meta.id, partition, base), value);
      ends.push([state, state.tail.nextOffset]);
    });
    if (last !== undefined) await this.durable(last, `produce to ${topic.meta.name}`);
    for (const [state, end] of ends) {
      if (end > state.durableEnd) state.durableEnd = end;
    }
  }

  private async durable(commit: Promise<unknown>, what: string): Promise<void> {
    try {
      await commit;
      const flushed = (commit as { flushed?: PromiseLike<unknown> }).flushed;
      await (flushed ?? this.root.flushed);
    } catch (error) {
      throw new EventLogError('EMBEDDED_WRITE_FAILED', `Embedded log could not ${what}`, {
        cause: error,
      });
    }
  }

  /** The stored batch holding `offset`, or else the first one after it, below `end`. */
  private batchAtOrAfter(
    topicId: number,
    partition: number,
    offset: number,
    end: number,
  ): StoredBatch | undefined {
    for (const { value } of this.records.getRange({
      start: recordKey(topicId, partition, offset),
      end: partitionFloorKey(topicId, partition),
      reverse: true,
      limit: 1,
    })) {
      const header = decodeBatchHeader(value);
      if (header.baseOffset + header.count > offset) return { ...header, buffer: value };
    }
    for (const { value } of this.records.getRange({
      start: recordKey(topicId, partition, offset),
      end: recordKey(topicId, partition, end),
      limit: 1,
    })) {
      return { ...decodeBatchHeader(value), buffer: value };
    }
    return undefined;
  }

  /** Up to `max` durable records of a partition from offset `from` on, in offset order. */
  read(topic: TopicState, partition: number, from: number, max: number): LogRecord[] {
    const state = topic.partitions[partition];
    const out: LogRecord[] = [];
    if (state === undefined || from >= state.durableEnd) return out;
    const end = state.durableEnd;
    const id = topic.meta.id;
    let startKey = recordKey(id, partition, from);
    for (const { key, value } of this.records.getRange({
      start: startKey,
      end: partitionFloorKey(id, partition),
      reverse: true,
      limit: 1,
    })) {
      const header = decodeBatchHeader(value);
      if (header.baseOffset + header.count > from) startKey = key;
    }
    for (const { value } of this.records.getRange({
      start: startKey,
      end: recordKey(id, partition, end),
    })) {
      decodeRecords(
        value,
        topic.meta.name,
        partition,
        from,
        end,
        max - out.length,
        out,
        this.keyStrings,
      );
      if (out.length >= max) break;
    }
    return out;
  }

  offsetForTimestamp(topic: TopicState, partition: number, timestamp: number): number {
    const state = topic.partitions[partition];
    if (state === undefined) return 0;
    const end = state.durableEnd;
    return offsetForTimestamp<StoredBatch>(
      {
        batchAtOrAfter: (offset) => this.batchAtOrAfter(topic.meta.id, partition, offset, end),
        timestamps: (batch) => batchTimestamps(batch.buffer),
      },
      state.logStart,
      end,
      timestamp,
    );
  }

  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.commits.get([groupId, topic, partition]);
  }

  /** Removes every committed offset of a group. */
  deleteCommits(groupId: string): Promise<void> {
    const written = this.commits.transaction(() => {
      for (const key of this.commits.getKeys()) {
        if (key[0] === groupId) void this.commits.remove(key);
      }
    });
    return this.durable(written, `delete group ${groupId}`);
  }

  commitAll(
    groupId: string,
    offsets: ReadonlyArray<{ topic: string; partition: number; offset: number }>,
  ): Promise<void> {
    const written = this.commits.transaction(() => {
      for (const o of offsets) void this.commits.put([groupId, o.topic, o.partition], o.offset);
    });
    return this.durable(written, `reset offsets of group ${groupId}`);
  }

  async flushed(): Promise<void> {
    await this.root.flushed;
  }

  /**
   * Deletes the oldest batches of partitions over their topic's age or size limit, a prefix
   * at a time; the log start offset moves in the same transaction, so offsets are never
   * reused. Returns how many records were deleted.
   */
  async enforceRetention(now: number): Promise<number> {
    let deleted = 0;
    for (const topic of this.topics.values()) {
      const { retentionMs, retentionBytes } = topic.meta;
      if (retentionMs === undefined && retentionBytes === undefined) continue;
      for (let p = 0; p < topic.partitions.length; p++) {
        deleted += await this.trimPartition(topic, p, now, retentionMs, retentionBytes);
      }
    }
    return deleted;
  }

  private async trimPartition(
    topic: TopicState,
    partition: number,
    now: number,
    retentionMs: number | undefined,
    retentionBytes: number | undefined,
  ): Promise<number> {
    const state = topic.partitions[partition] as PartitionState;
    const id = topic.meta.id;
    let total = 0;
    for (;;) {
      const keys: Buffer[] = [];
      let newStart = state.logStart;
      let count = 0;
      for (const { key, value } of this.records.getRange({
        start: recordKey(id, partition, 0),
        end: recordKey(id, partition, state.durableEnd),
        limit: RETENTION_BATCHES_PER_TXN,
      })) {
        const h = decodeBatchHeader(value);
        const tooOld = retentionMs !== undefined && h.maxTimestampAfter < now - retentionMs;
        const tooBig =
          retentionBytes !== undefined && state.tail.totalBytes - h.bytesBefore > retentionBytes;
        if (!tooOld && !tooBig) break;
        keys.push(key);
        newStart = h.baseOffset + h.count;
        count += h.count;
      }
      if (keys.length === 0) return total;
      const written = this.root.transaction(() => {
        for (const key of keys) void this.records.remove(key);
        void this.logStarts.put([id, partition], newStart);
      });
      await this.durable(written, `apply retention to ${topic.meta.name}`);
      state.logStart = Math.max(state.logStart, newStart);
      total += count;
      this.logger.debug(
        { topic: topic.meta.name, partition, logStart: state.logStart, deleted: count },
        'retention deleted old records',
      );
      if (keys.length < RETENTION_BATCHES_PER_TXN) return total;
    }
  }

  async close(): Promise<void> {
    await this.root.flushed;
    await this.root.close();
  }
}
