// In-process consumer groups for the embedded log. A group's members live in the process that
// owns the data directory; they split partitions with Kafka's range assignment and rebalance
// synchronously when one joins or leaves. A partition moves to its new owner only once the
// old owner's batch in flight has finished (and committed if it succeeded), so two members
// never work on one partition at the same time unless a stop timed out.

import { EventLogError } from '../errors';
import type { Logger } from '../logger';
import type { EmbeddedStore, TopicState } from './embedded-store';
import type {
  ConsumeOptions,
  Consumer,
  PartitionAssignment,
  RecordBatch,
  StartPosition,
} from './port';
import { assignPartitions } from './range-assignor';

export interface GroupSettings {
  readonly logger: Logger;
  /** Longest an idle member sleeps without a wake-up (wake-ups come from produce). */
  readonly pollIntervalMs: number;
  /** Longest stop() waits for a handler in flight before leaving without it. */
  readonly stopTimeoutMs: number;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** A one-shot signal a sleeping loop waits on; a wake while nobody waits is remembered. */
class Wakeup {
  private release: (() => void) | undefined;
  private pending = false;

  wake(): void {
    const release = this.release;
    this.release = undefined;
    if (release) release();
    else this.pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.release = undefined;
        resolve();
      }, ms);
      this.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export class ConsumerGroup {
  private readonly members = new Map<string, EmbeddedConsumer>();
  /** Committed offsets; this process is the only writer, so the cache is authoritative. */
  private readonly committed = new Map<string, number>();
  /** Start positions resolved to `latest` for partitions without a commit (not committed). */
  private readonly positions = new Map<string, number>();
  /**
   * Where reading goes on, when ahead of the committed offset: a handler may commit less
   * than it read (it keeps state built from earlier records). Dropped on every rebalance,
   * so a partition's new owner starts from the committed offset, as with Kafka.
   */
  private readonly fetchPositions = new Map<string, number>();
  /** Partitions with a batch in flight, and who runs it. */
  private readonly holders = new Map<string, EmbeddedConsumer>();
  /** Commits made in memory and not yet written. */
  private readonly unsaved = new Map<
    string,
    { readonly topic: string; readonly partition: number; readonly offset: number }
  >();
  private saveTimer: NodeJS.Timeout | undefined;
  private memberSeq = 0;

  constructor(
    readonly groupId: string,
    private readonly store: EmbeddedStore,
    private readonly logger: Logger,
    private readonly commitSaveDelayMs: number,
  ) {}

  hasMembers(): boolean {
    return this.members.size > 0;
  }

  nextMemberId(): string {
    this.memberSeq += 1;
    // Zero-padded so that sorting ids (the assignor does) keeps join order.
    return `${this.groupId}-${String(this.memberSeq).padStart(8, '0')}`;
  }

  join(member: EmbeddedConsumer): void {
    this.members.set(member.memberId, member);
    this.rebalance();
  }

  leave(member: EmbeddedConsumer): void {
    if (!this.members.delete(member.memberId)) return;
    for (const [key, holder] of this.holders) {
      if (holder === member) this.holders.delete(key);
    }
    member.assign([]);
    this.rebalance();
  }

  private rebalance(): void {
    this.fetchPositions.clear();
    const partitionsByTopic = new Map<string, number>();
    for (const member of this.members.values()) {
      for (const topic of member.topics) {
        partitionsByTopic.set(topic, this.store.requireTopic(topic).meta.partitions);
      }
    }
    const assignment = assignPartitions(
      [...this.members.values()].map((m) => ({ memberId: m.memberId, topics: m.topics })),
      partitionsByTopic,
    );
    for (const member of this.members.values()) {
      member.assign(assignment.get(member.memberId) ?? []);
    }
    this.logger.debug(
      {
        groupId: this.groupId,
        members: [...assignment].map(([id, parts]) => ({
          id,
          partitions: parts.map((p) => `${p.topic}:${p.partition}`),
        })),
      },
      'group rebalanced',
    );
  }

  committedOffset(topic: string, partition: number): number | undefined {
    const key = tpKey(topic, partition);
    let offset = this.committed.get(key);
    if (offset === undefined) {
      offset = this.store.committed(this.groupId, topic, partition);
      if (offset !== undefined) this.committed.set(key, offset);
    }
    return offset;
  }

  committedOffsets(topic: TopicState): Map<number, number> {
    const result = new Map<number, number>();
    for (let p = 0; p < topic.partitions.length; p++) {
      const offset = this.committedOffset(topic.meta.name, p);
      if (offset !== undefined) result.set(p, offset);
    }
    return result;
  }

  /** Where the group goes on in a partition: committed, else the reset `whenNoCommitted` gives. */
  position(topic: TopicState, partition: number, whenNoCommitted: 'earliest' | 'latest'): number {
    const ahead = this.fetchPositions.get(tpKey(topic.meta.name, partition));
    if (ahead !== undefined) return ahead;
    const committed = this.committedOffset(topic.meta.name, partition);
    if (committed !== undefined) return committed;
    const key = tpKey(topic.meta.name, partition);
    const resolved = this.positions.get(key);
    if (resolved !== undefined) return resolved;
    const state = topic.partitions[partition];
    if (state === undefined) return 0;
    if (whenNoCommitted === 'latest') {
      // Pinned, so a record produced after the member owned the partition is never skipped.
      this.positions.set(key, state.durableEnd);
      return state.durableEnd;
    }
    return state.logStart;
  }

  /** Moves reading past a handled batch, whatever was committed for it. */
  advance(topic: string, partition: number, next: number): void {
    this.fetchPositions.set(tpKey(topic, partition), next);
  }

  commit(topic: string, partition: number, offset: number): void {
    const key = tpKey(topic, partition);
    this.committed.set(key, offset);
    this.positions.delete(key);
    this.unsaved.set(key, { topic, partition, offset });
    // Saved shortly after, many commits in one write: a commit per batch would cost a disk
    // sync each and starve producers. The in-memory offset is what members and
    // committedOffsets() see at once; a crash before the save only means redelivery.
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveCommits();
    }, this.commitSaveDelayMs);
  }

  /** Drops what the group holds in memory, unsaved commits included (the group is deleted). */
  discard(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.unsaved.clear();
    this.committed.clear();
    this.positions.clear();
    this.fetchPositions.clear();
  }

  /** Writes the commits not yet saved and resolves once they are synced to disk. */
  async saveCommits(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const offsets = [...this.unsaved.values()];
    this.unsaved.clear();
    if (offsets.length > 0) {
      try {
        await this.store.commitAll(this.groupId, offsets);
      } catch (error) {
        this.logger.error({ err: error, groupId: this.groupId }, 'saving commits failed');
      }
    }
    await this.store.flushed();
  }

  /** Resets the group's offsets (replay); the caller made sure no member is live. */
  async resetTo(start: Exclude<StartPosition, 'committed'>, topics: readonly TopicState[]) {
    const offsets: Array<{ topic: string; partition: number; offset: number }> = [];
    for (const topic of topics) {
      topic.partitions.forEach((state, partition) => {
        const offset =
          start === 'earliest'
            ? state.logStart
            : start === 'latest'
              ? state.durableEnd
              : this.store.offsetForTimestamp(topic, partition, start.timestamp);
        offsets.push({ topic: topic.meta.name, partition, offset });
      });
    }
    for (const o of offsets) {
      const key = tpKey(o.topic, o.partition);
      this.fetchPositions.delete(key);
      this.committed.set(key, o.offset);
      this.positions.delete(key);
      this.unsaved.delete(key);
    }
    await this.store.commitAll(this.groupId, offsets);
  }

  isHeldByOther(key: string, member: EmbeddedConsumer): boolean {
    const holder = this.holders.get(key);
    return holder !== undefined && holder !== member;
  }

  hold(key: string, member: EmbeddedConsumer): void {
    this.holders.set(key, member);
  }

  release(key: string, member: EmbeddedConsumer): void {
    if (this.holders.get(key) !== member) return;
    this.holders.delete(key);
    // The partition may have been handed to another member that waits for it.
    for (const other of this.members.values()) if (other !== member) other.wake();
  }
}

type Work = { readonly batch: RecordBatch } | { readonly waitMs: number };

export class EmbeddedConsumer implements Consumer {
  readonly groupId: string;
  readonly memberId: string;
  readonly topics: readonly string[];
  private owned: readonly PartitionAssignment[] = [];
  private paused = false;
  private stopping = false;
  /** Set when stop() gave up waiting for a handler: its late result must not commit. */
  private abandoned = false;
  private readonly wakeup = new Wakeup();
  private readonly retries = new Map<
    string,
    { readonly batch: RecordBatch; readonly at: number }
  >();
  private cursor = 0;
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private readonly topicStates: ReadonlyMap<string, TopicState>;
  private readonly maxBatchSize: number;
  private readonly retryDelayMs: number;
  private readonly whenNoCommitted: 'earliest' | 'latest';
  private readonly logger: Logger;

  constructor(
    private readonly group: ConsumerGroup,
    private readonly store: EmbeddedStore,
    private readonly options: ConsumeOptions,
    topicStates: readonly TopicState[],
    private readonly settings: GroupSettings,
    private readonly onStopped: (consumer: EmbeddedConsumer) => void,
  ) {
    this.groupId = group.groupId;
    this.memberId = group.nextMemberId();
    this.topics = [...new Set(options.topics)];
    this.topicStates = new Map(topicStates.map((t) => [t.meta.name, t]));
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.whenNoCommitted = options.whenNoCommitted ?? 'earliest';
    this.logger = settings.logger.child({ groupId: this.groupId, memberId: this.memberId });
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new EventLogError('INVALID_CONSUME_OPTIONS', 'maxBatchSize must be a positive integer');
    }
    if (!(this.retryDelayMs >= 0)) {
      throw new EventLogError('INVALID_CONSUME_OPTIONS', 'retryDelayMs must be >= 0');
    }
  }

  start(): void {
    this.loop = this.run();
  }

  /** Called by the group on every rebalance. */
  assign(assignments: readonly PartitionAssignment[]): void {
    this.owned = assignments;
    const keys = new Set(assignments.map((a) => tpKey(a.topic, a.partition)));
    for (const key of this.retries.keys()) if (!keys.has(key)) this.retries.delete(key);
    for (const a of assignments) {
      const topic = this.topicStates.get(a.topic);
      if (topic) this.group.position(topic, a.partition, this.whenNoCommitted);
    }
    this.wake();
  }

  assignments(): readonly PartitionAssignment[] {
    return this.owned;
  }

  ready(): Promise<void> {
    // Joining is synchronous in process: consume() returns a member that owns its share.
    return this.stopping
      ? Promise.reject(new EventLogError('CONSUMER_STOPPED', 'The consumer was stopped'))
      : Promise.resolve();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  isPaused(): boolean {
    return this.paused;
  }

  wake(): void {
    this.wakeup.wake();
  }

  subscribes(topic: string): boolean {
    return this.topicStates.has(topic);
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.loop.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.settings.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.abandoned = true;
      this.logger.warn(
        { stopTimeoutMs: this.settings.stopTimeoutMs },
        'handler still running at stop; leaving the group without it, its batch will be redelivered',
      );
    }
    this.group.leave(this);
    this.onStopped(this);
    await this.group.saveCommits();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.paused) {
          await this.wakeup.wait(this.settings.pollIntervalMs);
          continue;
        }
        const work = this.nextWork();
        if ('batch' in work) {
          await this.deliver(work.batch);
          // Reading and handling can all resolve as microtasks; yield to the event loop so
          // timers and sockets (the API, in the embedded runtime) are never starved.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else await this.wakeup.wait(work.waitMs);
      } catch (error) {
        if (this.stopping) return;
        // A store that cannot be read (a corrupt batch) does not heal by waiting: end this
        // member and tell the caller, who decides (onCrash). Anything else may pass.
        if (error instanceof EventLogError && !error.retriable) {
          this.crash(error);
          return;
        }
        this.logger.error({ err: error }, 'consumer loop failed; retrying');
        await this.wakeup.wait(this.settings.pollIntervalMs);
      }
    }
  }

  private crash(error: EventLogError): void {
    this.stopping = true;
    this.logger.error({ err: error }, 'consumer crashed');
    this.stopped = (async () => {
      this.group.leave(this);
      this.onStopped(this);
      await this.group.saveCommits();
    })();
    try {
      this.options.onCrash?.(error);
    } catch (callbackError) {
      this.logger.error({ err: callbackError }, 'onCrash threw');
    }
  }

  private nextWork(): Work {
    const now = Date.now();
    let waitMs = this.settings.pollIntervalMs;
    const owned = this.owned;
    const n = owned.length;
    for (let i = 0; i < n; i++) {
      const index = (this.cursor + i) % n;
      const assignment = owned[index] as PartitionAssignment;
      const key = tpKey(assignment.topic, assignment.partition);
      if (this.group.isHeldByOther(key, this)) continue;
      const retry = this.retries.get(key);
      if (retry !== undefined) {
        if (retry.at <= now) {
          this.cursor = index + 1;
          return { batch: retry.batch };
        }
        waitMs = Math.min(waitMs, retry.at - now);
        continue;
      }
      const topic = this.topicStates.get(assignment.topic);
      if (topic === undefined) continue;
      const from = this.group.position(topic, assignment.partition, this.whenNoCommitted);
      const records = this.store.read(topic, assignment.partition, from, this.maxBatchSize);
      if (records.length > 0) {
        this.cursor = index + 1;
        const state = topic.partitions[assignment.partition];
        return {
          batch: {
            topic: assignment.topic,
            partition: assignment.partition,
            records,
            highWatermark: state?.durableEnd ?? 0,
          },
        };
      }
    }
    return { waitMs };
  }

  private async deliver(batch: RecordBatch): Promise<void> {
    const key = tpKey(batch.topic, batch.partition);
    this.group.hold(key, this);
    let failed = false;
    let failure: unknown;
    let commitOffset: number | undefined;
    try {
      const result = await this.options.handler(batch);
      if (result) commitOffset = result.commitOffset;
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (this.abandoned) return;
    if (!failed) {
      this.retries.delete(key);
      const last = batch.records[batch.records.length - 1];
      if (last !== undefined) {
        this.group.advance(batch.topic, batch.partition, last.offset + 1);
        this.group.commit(
          batch.topic,
          batch.partition,
          Math.min(commitOffset ?? last.offset + 1, last.offset + 1),
        );
      }
    } else if (this.stopping) {
      this.logger.debug({ err: failure, topic: batch.topic }, 'handler failed while stopping');
    } else {
      this.retries.set(key, { batch, at: Date.now() + this.retryDelayMs });
      this.logger.warn(
        { err: failure, topic: batch.topic, partition: batch.partition },
        'handler failed; the batch will be delivered again',
      );
      try {
        this.options.onHandlerError?.(failure, batch);
      } catch (error) {
        this.logger.error({ err: error }, 'onHandlerError threw');
      }
    }
    this.group.release(key, this);
  }
}
