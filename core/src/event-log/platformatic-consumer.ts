// One consumer-group member of the @platformatic/kafka adapter: joins (retrying a broker that
// is still starting), hands each partition's records to the handler in batches, commits what
// the handler allows, and when its stream fails (the broker went away) joins again with a new
// member, telling onInterrupted / onRecovered, or onCrash once that does not succeed in time.

import {
  Consumer as KafkaConsumer,
  type Admin,
  type FetchOptions,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import type { EventLogError } from '../errors';
import type { Logger } from '../logger';
import { withRetry, type RetryPolicy } from './kafka-retry';
import { resetPlatformaticGroupOffsets } from './platformatic-admin';
import { hasProtocolError, toPlatformaticError } from './platformatic-errors';
import type { ConsumeOptions, Consumer, LogRecord, PartitionAssignment, RecordBatch } from './port';

export interface PlatformaticClientOptions {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
}

export interface PlatformaticConsumerSettings {
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly stopTimeoutMs: number;
  /** Joining, and joining again after the broker came back, retry this long. */
  readonly startup: RetryPolicy;
  readonly logger: Logger;
  /** The member ended (stopped or crashed): the log stops tracking it. */
  readonly onEnded: (consumer: Consumer) => void;
}

type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type Member = KafkaConsumer<Buffer, Buffer, Buffer, Buffer>;
type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

const EMPTY = Buffer.alloc(0);
/** Records read from the stream in one go, before they are split by partition. */
const MAX_CHUNK = 20_000;

/** Commit refusals that mean this member's generation is over, not that Kafka is failing. */
const REJOIN_ERRORS = [
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

function toLogRecord(message: KafkaMessage): LogRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    key: message.key ? message.key.toString('utf8') : '',
    value: message.value ?? EMPTY,
    // The topic's LogAppendTime: the broker's clock at append, never the event's.
    timestamp: Number(message.timestamp),
  };
}

function generationOf(message: KafkaMessage): number | undefined {
  const consumer = message.metadata['consumer'] as { generationId?: unknown } | undefined;
  return typeof consumer?.generationId === 'number' ? consumer.generationId : undefined;
}

/** The part of a Fetch response read here (the client does not export the response type). */
type FetchCallback = (
  error: Error | null,
  response?: {
    readonly responses: ReadonlyArray<{
      readonly topicId: string;
      readonly partitions: ReadonlyArray<{
        readonly partitionIndex: number;
        readonly highWatermark: bigint;
      }>;
    }>;
  },
) => void;

/**
 * The stream hands over records without their partition's high watermark, which a
 * RecordBatch carries (lag): the member's fetch is wrapped to note it from each response.
 */
function watchHighWatermarks(member: Member, topicIds: Map<string, string>): Map<string, number> {
  const marks = new Map<string, number>();
  const fetch = member.fetch.bind(member) as unknown as (
    options: FetchOptions<Buffer, Buffer, Buffer, Buffer>,
    callback: FetchCallback,
  ) => void;
  const wrapped = (
    options: FetchOptions<Buffer, Buffer, Buffer, Buffer>,
    callback: FetchCallback,
  ): void =>
    fetch(options, (error, response) => {
      for (const topic of response?.responses ?? []) {
        const name = topicIds.get(topic.topicId);
        if (name === undefined) continue;
        for (const p of topic.partitions) {
          const key = partitionKey(name, p.partitionIndex);
          const mark = Number(p.highWatermark);
          if (mark > (marks.get(key) ?? -1)) marks.set(key, mark);
        }
      }
      callback(error, response);
    });
  Object.defineProperty(member, 'fetch', { value: wrapped, configurable: true, writable: true });
  return marks;
}

/** One joined member: the client, its stream, and what it has delivered so far. */
interface Joined {
  readonly member: Member;
  readonly stream: Stream;
  readonly marks: Map<string, number>;
  /** Set when the client reports it could not join again by itself (its 'error' event). */
  readonly broken: { error?: unknown };
}

class PlatformaticMember {
  assigned: PartitionAssignment[] = [];
  ended = false;
  paused = false;
  private interrupted = false;
  private current: Joined | undefined;
  /** Next offset to hand over per partition: what a rejoin fetches again is not delivered twice. */
  private readonly next = new Map<string, number>();
  private wake: () => void = () => undefined;
  private wakeUp = new Promise<void>((resolve) => {
    this.wake = resolve;
  });
  private running: Promise<void> | undefined;
  handle: Consumer | undefined;

  constructor(
    private readonly client: PlatformaticClientOptions,
    private readonly admin: Admin,
    private readonly opts: ConsumeOptions,
    private readonly settings: PlatformaticConsumerSettings,
  ) {}

  private get what(): string {
    return `consumer group ${this.opts.groupId}`;
  }

  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.settings.logger.error(
        { err: error, groupId: this.opts.groupId },
        'consumer callback threw',
      );
    }
  }

  signal(): void {
    const wake = this.wake;
    this.wakeUp = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    wake();
  }

  private interrupt(error: EventLogError): void {
    if (this.ended) return;
    this.interrupted = true;
    this.assigned = [];
    this.notify(() => this.opts.onInterrupted?.(error));
  }

  private recover(): void {
    if (!this.interrupted || this.ended) return;
    this.interrupted = false;
    this.notify(() => this.opts.onRecovered?.());
  }

  private setAssignments(assignments: ReadonlyArray<{ topic: string; partitions: number[] }>) {
    this.assigned = assignments.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    const owned = new Set(this.assigned.map((a) => partitionKey(a.topic, a.partition)));
    // A partition that left and comes back later starts again from the group's commit.
    for (const key of [...this.next.keys()]) if (!owned.has(key)) this.next.delete(key);
  }

  /** Creates the client, joins the group and opens its stream; closes again on failure. */
  async join(): Promise<Joined> {
    const member: Member = new KafkaConsumer({
      clientId: this.client.clientId,
      bootstrapBrokers: this.client.bootstrapBrokers,
      groupId: this.opts.groupId,
      sessionTimeout: this.settings.sessionTimeoutMs,
      rebalanceTimeout: this.settings.rebalanceTimeoutMs,
      heartbeatInterval: this.settings.heartbeatIntervalMs,
      autocommit: false,
      maxWaitTime: 500,
      autocreateTopics: false,
    });
    member.on('consumer:group:join', (payload) => {
      if (this.current?.member !== member && this.current !== undefined) return;
      this.setAssignments(payload.assignments ?? []);
      this.recover();
    });
    member.on('consumer:group:rebalance', () => {
      if (this.current?.member === member) this.assigned = [];
    });
    member.on('consumer:heartbeat:error', (payload) => {
      if (this.current?.member !== member) return;
      this.interrupt(toPlatformaticError(payload.error, this.what));
    });
    // The client emits 'error' when joining again after a rebalance failed; unheard, an
    // EventEmitter's 'error' would end the process. The member is replaced instead.
    const broken: { error?: unknown } = {};
    member.on('error', (error: unknown) => {
      broken.error ??= error;
      if (this.current?.member === member) this.signal();
    });
    member.on('consumer:heartbeat:end', () => {
      if (this.current?.member === member) this.recover();
    });
    try {
      const metadata = await member.metadata({ topics: [...this.opts.topics] });
      const topicIds = new Map<string, string>();
      for (const [name, topic] of metadata.topics) topicIds.set(topic.id, name);
      const marks = watchHighWatermarks(member, topicIds);
      const stream = await member.consume({
        topics: [...this.opts.topics],
        mode: 'committed',
        fallbackMode: this.opts.whenNoCommitted ?? 'earliest',
        autocommit: false,
        maxWaitTime: 500,
        sessionTimeout: this.settings.sessionTimeoutMs,
        rebalanceTimeout: this.settings.rebalanceTimeoutMs,
        heartbeatInterval: this.settings.heartbeatIntervalMs,
      });
      this.setAssignments(member.assignments ?? []);
      return { member, stream, marks, broken };
    } catch (error) {
      await member.close(true).catch(() => undefined);
      throw error;
    }
  }

  /** Delivers from the joined member until stop(), or returns the error that broke it. */
  private async deliverFrom(joined: Joined): Promise<unknown> {
    const { stream } = joined;
    let failure: unknown;
    let closed = false;
    const onError = (error: unknown) => {
      failure ??= error;
      this.signal();
    };
    const onClose = () => {
      closed = true;
      this.signal();
    };
    const onReadable = () => this.signal();
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.on('readable', onReadable);
    try {
      while (!this.ended && failure === undefined) {
        if (joined.broken.error !== undefined) return joined.broken.error;
        const waiting = this.wakeUp;
        if (this.paused) {
          await waiting;
          continue;
        }
        const chunk: KafkaMessage[] = [];
        let message: KafkaMessage | null;
        while (chunk.length < MAX_CHUNK && (message = stream.read() as KafkaMessage | null)) {
          chunk.push(message);
        }
        if (chunk.length === 0) {
          if (closed) return failure ?? new Error('the consumer stream closed');
          await waiting;
          continue;
        }
        await this.deliverChunk(joined, chunk);
      }
      return failure;
    } catch (error) {
      return error;
    } finally {
      stream.off('error', onError);
      stream.off('close', onClose);
      stream.off('readable', onReadable);
      // A stream destroyed with an error must not throw it at the process as unhandled.
      stream.on('error', () => undefined);
    }
  }

  private async deliverChunk(joined: Joined, chunk: readonly KafkaMessage[]): Promise<void> {
    const byPartition = new Map<string, KafkaMessage[]>();
    for (const message of chunk) {
      const key = partitionKey(message.topic, message.partition);
      let list = byPartition.get(key);
      if (!list) {
        list = [];
        byPartition.set(key, list);
      }
      list.push(message);
    }
    // Partitions are independent: handled side by side, each in offset order.
    await Promise.all(
      [...byPartition].map(([key, messages]) => this.deliverPartition(joined, key, messages)),
    );
  }

  private isOwned(joined: Joined, message: KafkaMessage): boolean {
    if (this.ended || this.current !== joined) return false;
    // Fetched before a rebalance: the partition may be someone else's now; what is ours the
    // stream fetches again from the group's commit.
    if (generationOf(message) !== joined.member.generationId) return false;
    return this.assigned.some(
      (a) => a.topic === message.topic && a.partition === message.partition,
    );
  }

  private async deliverPartition(
    joined: Joined,
    key: string,
    messages: readonly KafkaMessage[],
  ): Promise<void> {
    const opts = this.opts;
    const maxBatchSize = opts.maxBatchSize ?? 1000;
    const retryDelayMs = opts.retryDelayMs ?? 1000;
    const from = this.next.get(key) ?? -1;
    const fresh = messages.filter((m) => Number(m.offset) >= from);
    for (let i = 0; i < fresh.length; i += maxBatchSize) {
      const slice = fresh.slice(i, i + maxBatchSize);
      const head = slice[0] as KafkaMessage;
      const tail = slice[slice.length - 1] as KafkaMessage;
      const records = slice.map(toLogRecord);
      const last = records[records.length - 1] as LogRecord;
      const batch: RecordBatch = {
        topic: head.topic,
        partition: head.partition,
        records,
        highWatermark: Math.max(joined.marks.get(key) ?? 0, last.offset + 1),
      };
      let commitOffset = last.offset + 1;
      for (;;) {
        // After a rebalance the partition may belong to someone else: stop without
        // committing; the new owner reads these records again (at-least-once).
        if (!this.isOwned(joined, head)) return;
        try {
          const result = await opts.handler(batch);
          if (result) commitOffset = Math.min(result.commitOffset, commitOffset);
          break;
        } catch (error) {
          opts.onHandlerError?.(error, batch);
          await sleep(retryDelayMs);
        }
      }
      if (this.ended) return;
      try {
        await joined.member.commit({
          offsets: [
            {
              topic: head.topic,
              partition: head.partition,
              offset: BigInt(commitOffset),
              leaderEpoch: tail.leaderEpoch,
            },
          ],
        });
      } catch (error) {
        // The group moved on (the client already joined again and retried): the partition's
        // next owner reads these records again from the last commit (at-least-once).
        if (REJOIN_ERRORS.some((id) => hasProtocolError(error, id))) return;
        throw error;
      }
      this.next.set(key, last.offset + 1);
    }
  }

  /** Runs the joined member; after a failure joins again, or reports the crash. */
  run(first: Joined): void {
    this.current = first;
    this.running = (async () => {
      let joined = first;
      for (;;) {
        const failure = await this.deliverFrom(joined);
        if (this.ended) return;
        await this.close(joined);
        const error = toPlatformaticError(failure, this.what);
        if (!error.retriable) return this.crash(error);
        this.interrupt(error);
        this.settings.logger.warn(
          { err: error, groupId: this.opts.groupId },
          'Kafka consumer interrupted; joining again',
        );
        try {
          joined = await withRetry(
            this.what,
            () => this.join(),
            { ...this.settings.startup, classify: toPlatformaticError },
            () => this.ended,
          );
        } catch (joinError) {
          return this.crash(toPlatformaticError(joinError, this.what));
        }
        if (this.ended) {
          await this.close(joined);
          return;
        }
        this.current = joined;
        this.recover();
      }
    })();
  }

  private crash(error: EventLogError): void {
    if (this.ended) return;
    this.ended = true;
    this.assigned = [];
    this.current = undefined;
    if (this.handle) this.settings.onEnded(this.handle);
    this.settings.logger.error(
      { err: error, groupId: this.opts.groupId },
      'Kafka consumer crashed',
    );
    this.notify(() => this.opts.onCrash?.(error));
  }

  /** Leaves the group (the others take the partitions at once), bounded by stopTimeoutMs. */
  private async close(joined: Joined): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const left = await Promise.race([
      // close() leaves the group and closes the stream; force when leaving fails.
      joined.member
        .close()
        .catch(() => joined.member.close(true))
        .then(
          () => true,
          () => true,
        ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.settings.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!left) void joined.member.close(true).catch(() => undefined);
    return left;
  }

  async stop(): Promise<void> {
    const wasRunning = !this.ended;
    this.ended = true;
    this.assigned = [];
    this.signal();
    const joined = this.current;
    this.current = undefined;
    if (!joined) return;
    const left = await this.close(joined);
    // A handler that never settles must not hold stop() for ever: its batch is not committed.
    await Promise.race([this.running, sleep(this.settings.stopTimeoutMs)]);
    if (!left && wasRunning) {
      this.settings.logger.warn(
        { groupId: this.opts.groupId, stopTimeoutMs: this.settings.stopTimeoutMs },
        'Kafka consumer did not leave its group in time; abandoned (its batch will be redelivered)',
      );
    }
  }
}

export async function startPlatformaticConsumer(
  client: PlatformaticClientOptions,
  admin: Admin,
  opts: ConsumeOptions,
  settings: PlatformaticConsumerSettings,
): Promise<Consumer> {
  const what = `consumer group ${opts.groupId}`;
  const policy: RetryPolicy = { ...settings.startup, classify: toPlatformaticError };
  await withRetry(
    `moving group ${opts.groupId}`,
    () => resetPlatformaticGroupOffsets(admin, opts),
    policy,
  );
  const state = new PlatformaticMember(client, admin, opts, settings);
  const first = await withRetry(what, () => state.join(), policy);
  state.run(first);
  let stopping: Promise<void> | undefined;
  const handle: Consumer = {
    groupId: opts.groupId,
    assignments: () => state.assigned,
    // consume() returns once the member has joined: it is ready, or has ended.
    ready: () => Promise.resolve(),
    pause() {
      state.paused = true;
    },
    resume() {
      state.paused = false;
      state.signal();
    },
    isPaused: () => state.paused,
    stop() {
      stopping ??= (async () => {
        settings.onEnded(handle);
        await state.stop();
      })();
      return stopping;
    },
  };
  state.handle = handle;
  return handle;
}
