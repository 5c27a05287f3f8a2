// The EventLog port: what every role sees of the event log. Two adapters implement it
// (kafka.ts on Apache Kafka through kafkajs or @platformatic/kafka, embedded.ts on lmdb); roles
// never know which.

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Records older than this may be deleted. */
  readonly retentionMs?: number;
  /** Per-partition size above which the oldest records may be deleted. */
  readonly retentionBytes?: number;
  /**
   * Keep at least the latest record per key, for ever (configuration topics). Kafka compacts
   * such a topic; the embedded log keeps every record of it (they are few and small).
   */
  readonly compacted?: boolean;
}

export interface ProduceRecord {
  /** Records with the same key land in the same partition, in produce order. */
  readonly key: string;
  readonly value: Buffer | string;
}

export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly value: Buffer;
  /**
   * When the log appended the record (epoch ms), never the event's own time: retention and
   * every look-up by time follow arrival, so a replay or a backfill of old trades is not
   * deleted on arrival. Event time lives in the payload.
   */
  readonly timestamp: number;
}

export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  /** Non-empty, in offset order. */
  readonly records: readonly LogRecord[];
  /** Offset of the next record the partition will receive; lag = highWatermark - last - 1. */
  readonly highWatermark: number;
}

/**
 * Where a consumer group starts reading.
 * - `committed`: from the group's committed offsets; partitions without one start at
 *   `whenNoCommitted` (default `earliest`).
 * - `earliest` / `latest` / `{ timestamp }`: the group's offsets are reset there first
 *   (replay); this needs the group to have no other live member.
 */
export type StartPosition = 'committed' | 'earliest' | 'latest' | { readonly timestamp: number };

export interface HandlerResult {
  /** Offset to commit for the batch's partition, at most the batch's last offset + 1. */
  readonly commitOffset: number;
}

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly start?: StartPosition;
  readonly whenNoCommitted?: 'earliest' | 'latest';
  /**
   * Called with each batch of one partition. The batch's offsets are committed only after
   * the returned promise resolves; when it rejects, nothing is committed and the batch is
   * delivered again (after `retryDelayMs`), so handlers must be idempotent.
   * A handler that keeps state built from earlier records (open windows) returns the offset
   * to commit instead: the first record it would need again after a restart. Reading goes
   * on after the batch either way; only the committed position differs.
   */
  readonly handler: (batch: RecordBatch) => Promise<void | HandlerResult>;
  readonly maxBatchSize?: number;
  readonly retryDelayMs?: number;
  /** Told about handler failures that will be retried (for logs and health). */
  readonly onHandlerError?: (error: unknown, batch: RecordBatch) => void;
  /**
   * The consumer ended by itself (an error of the broker or the store it could not retry)
   * and will deliver nothing more; called at most once, never after stop(). The caller owns
   * what follows: a processor starts a new consumer from its committed offsets.
   */
  readonly onCrash?: (error: Error) => void;
  /**
   * The consumer stopped delivering because of a broker error it retries by itself (the
   * broker is down or electing, a commit failed): health should say so until `onRecovered`.
   * Called again on each further failure of the same outage.
   */
  readonly onInterrupted?: (error: Error) => void;
  /** After `onInterrupted`: the member has joined its group again and delivers. */
  readonly onRecovered?: () => void;
}

export interface PartitionAssignment {
  readonly topic: string;
  readonly partition: number;
}

export interface Consumer {
  readonly groupId: string;
  /** Partitions this member owns now. */
  assignments(): readonly PartitionAssignment[];
  /** Resolves once this member has joined the group and owns its partitions. */
  ready(): Promise<void>;
  /** Stops fetching (backpressure); the current batch finishes. */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Leaves the group after the batch in flight; uncommitted records go to other members. */
  stop(): Promise<void>;
}

export interface EventLog {
  readonly kind: 'kafka' | 'embedded';
  /** Idempotent: existing topics are left as they are. */
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  listTopics(): Promise<readonly string[]>;
  /** Resolves when every record is durable (embedded) or acknowledged by all in-sync replicas (kafka). */
  produce(topic: string, records: readonly ProduceRecord[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<Consumer>;
  /** Next offset per partition (the high watermark). */
  endOffsets(topic: string): Promise<ReadonlyMap<number, number>>;
  /** The group's committed offsets per partition (partitions with none are absent). */
  committedOffsets(groupId: string, topic: string): Promise<ReadonlyMap<number, number>>;
  /**
   * Removes a group and its committed offsets: for groups a process makes for itself (live
   * feeds, one-off readers), which would otherwise pile up. The group must have no live
   * member (GROUP_NOT_EMPTY otherwise); an unknown group is not an error.
   */
  deleteGroup(groupId: string): Promise<void>;
  /** Stops every consumer of this log and releases the connection or the store. */
  close(): Promise<void>;
}
