// One consumer-group member of the Kafka adapter: joins (retrying a broker that is still
// starting), delivers batches to the handler, commits what the handler allows, and reports
// a crash kafkajs will not recover from by itself (onCrash).

import type {
  Admin,
  Consumer as KafkaConsumer,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
} from 'kafkajs';
import type { Logger } from '../logger';
import { resetGroupOffsets } from './kafka-group-offsets';
import { toEventLogError, withRetry, type RetryPolicy } from './kafka-retry';
import type { ConsumeOptions, Consumer, LogRecord, PartitionAssignment, RecordBatch } from './port';

export interface KafkaConsumerSettings {
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly stopTimeoutMs: number;
  readonly startup: RetryPolicy;
  readonly logger: Logger;
  /** The member ended (stopped or crashed): the log stops tracking it. */
  readonly onEnded: (consumer: Consumer) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toLogRecord(topic: string, partition: number, message: KafkaMessage): LogRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key ? message.key.toString('utf8') : '',
    value: message.value ?? Buffer.alloc(0),
    // The topic's LogAppendTime: the broker's clock at append, never the event's.
    timestamp: Number(message.timestamp),
  };
}

/**
 * Hands one fetched batch to the handler in slices of maxBatchSize, retrying a slice until the
 * handler takes it, and commits after each slice what the handler allows.
 */
async function deliverBatch(
  consumer: KafkaConsumer,
  { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  opts: ConsumeOptions,
): Promise<void> {
  const maxBatchSize = opts.maxBatchSize ?? 1000;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  const { topic, partition } = batch;
  const highWatermark = Number(batch.highWatermark);
  for (let i = 0; i < batch.messages.length; i += maxBatchSize) {
    const records = batch.messages
      .slice(i, i + maxBatchSize)
      .map((m) => toLogRecord(topic, partition, m));
    const last = records[records.length - 1];
    if (!last) continue;
    const recordBatch: RecordBatch = { topic, partition, records, highWatermark };
    let commitOffset = last.offset + 1;
    for (;;) {
      // After a rebalance the partition may belong to someone else: stop without
      // committing; the new owner reads these records again (at-least-once).
      if (!isRunning() || isStale()) return;
      try {
        const result = await opts.handler(recordBatch);
        if (result) commitOffset = Math.min(result.commitOffset, commitOffset);
        break;
      } catch (error) {
        opts.onHandlerError?.(error, recordBatch);
        await sleep(retryDelayMs);
        await heartbeat();
      }
    }
    await consumer.commitOffsets([{ topic, partition, offset: String(commitOffset) }]);
    resolveOffset(String(last.offset));
    await heartbeat();
  }
}

/**
 * disconnect() leaves the group (LeaveGroup), so the others take the partitions at once
 * instead of after the session timeout. A broker that is gone makes it hang on its retries:
 * bounded, the session timeout then does the rest. False when it did not finish in time.
 */
async function leaveGroup(consumer: KafkaConsumer, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const left = await Promise.race([
    consumer.disconnect().then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return left;
}

/**
 * What the group tells about one member: its assignment, when it first joined (ready), and
 * whether it is interrupted (kafkajs restarts it) or ended for good (a crash it will not
 * recover from, or stop()).
 */
class MemberState {
  assigned: PartitionAssignment[] = [];
  ended = false;
  private interrupted = false;
  private markReady: () => void = () => undefined;
  private failReady: (error: Error) => void = () => undefined;
  readonly ready: Promise<void>;
  /** Set once consume() has a handle; a crash may come first (kafkajs joins in the background). */
  handle: Consumer | undefined;

  constructor(
    private readonly opts: ConsumeOptions,
    private readonly settings: KafkaConsumerSettings,
    private readonly what: string,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => undefined); // A crash before joining; ready() still rejects.
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

  watch(consumer: KafkaConsumer): void {
    const opts = this.opts;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.assigned = Object.entries(event.payload.memberAssignment).flatMap(
        ([topic, partitions]) => partitions.map((partition) => ({ topic, partition })),
      );
      this.markReady();
      if (this.interrupted && !this.ended) {
        this.interrupted = false;
        this.notify(() => opts.onRecovered?.());
      }
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.assigned = [];
    });
    // kafkajs restarts a member after most errors by itself (payload.restart); after the
    // others (no group coordinator after a broker restart, for one) it has disconnected
    // for good, and only the caller can start a new member.
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.ended) return;
      if (event.payload.restart) {
        // Retried by kafkajs (it logs "Restarting the consumer"): nothing is delivered
        // until it has joined again, which health must show while it lasts.
        this.interrupted = true;
        this.assigned = [];
        const error = toEventLogError(event.payload.error, this.what);
        this.notify(() => opts.onInterrupted?.(error));
        return;
      }
      this.ended = true;
      this.assigned = [];
      if (this.handle) this.settings.onEnded(this.handle);
      const error = toEventLogError(event.payload.error, this.what);
      this.failReady(error);
      this.settings.logger.error({ err: error, groupId: opts.groupId }, 'Kafka consumer crashed');
      this.notify(() => opts.onCrash?.(error));
    });
  }
}

/** Creates the member, joins the group and starts delivering; disconnects again on failure. */
async function joinGroup(
  kafka: Kafka,
  opts: ConsumeOptions,
  settings: KafkaConsumerSettings,
  state: MemberState,
): Promise<KafkaConsumer> {
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    rebalanceTimeout: settings.rebalanceTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  state.watch(consumer);
  try {
    await consumer.connect();
    await consumer.subscribe({
      topics: [...opts.topics],
      fromBeginning: (opts.whenNoCommitted ?? 'earliest') === 'earliest',
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => deliverBatch(consumer, payload, opts),
    });
    return consumer;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
}

export async function startKafkaConsumer(
  kafka: Kafka,
  admin: Admin,
  opts: ConsumeOptions,
  settings: KafkaConsumerSettings,
): Promise<Consumer> {
  const what = `consumer group ${opts.groupId}`;
  await withRetry(
    `moving group ${opts.groupId}`,
    () => resetGroupOffsets(kafka, admin, opts),
    settings.startup,
  );
  const state = new MemberState(opts, settings, what);
  const consumer = await withRetry(
    what,
    () => joinGroup(kafka, opts, settings, state),
    settings.startup,
  );
  const topicsOf = () => opts.topics.map((topic) => ({ topic }));
  let paused = false;
  let stopping: Promise<void> | undefined;
  const handle: Consumer = {
    groupId: opts.groupId,
    assignments: () => state.assigned,
    ready: () => state.ready,
    pause() {
      paused = true;
      consumer.pause(topicsOf());
    },
    resume() {
      paused = false;
      consumer.resume(topicsOf());
    },
    isPaused: () => paused,
    stop() {
      stopping ??= (async () => {
        const wasRunning = !state.ended;
        state.ended = true;
        settings.onEnded(handle);
        const left = await leaveGroup(consumer, settings.stopTimeoutMs);
        if (!left && wasRunning) {
          settings.logger.warn(
            { groupId: opts.groupId, stopTimeoutMs: settings.stopTimeoutMs },
            'Kafka consumer did not leave its group in time; abandoned (its batch will be redelivered)',
          );
        }
      })();
      return stopping;
    },
  };
  state.handle = handle;
  return handle;
}
