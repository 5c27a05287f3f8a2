// One consumer-group member of the Kafka adapter: joins (retrying a broker that is still
// starting), delivers batches to the handler, commits what the handler allows, and reports
// a crash kafkajs will not recover from by itself (onCrash).

import type { Admin, Consumer as KafkaConsumer, Kafka, KafkaMessage } from 'kafkajs';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';
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

type SeekEntry = { partition: number; offset: string };

async function resetGroupOffsets(kafka: Kafka, admin: Admin, opts: ConsumeOptions): Promise<void> {
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
  const maxBatchSize = opts.maxBatchSize ?? 1000;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  let assigned: PartitionAssignment[] = [];
  let paused = false;
  let ended = false;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const readyPromise = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  readyPromise.catch(() => undefined); // A crash before joining; ready() still rejects.
  // Set once consume() has a handle; a crash may come first (kafkajs joins in the background).
  const self: { handle?: Consumer } = {};
  let interrupted = false;
  const notify = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      settings.logger.error({ err: error, groupId: opts.groupId }, 'consumer callback threw');
    }
  };

  const join = async (): Promise<KafkaConsumer> => {
    const consumer = kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assigned = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      markReady();
      if (interrupted && !ended) {
        interrupted = false;
        notify(() => opts.onRecovered?.());
      }
    });
    consumer.on(consumer.events.REBALANCING, () => {
      assigned = [];
    });
    // kafkajs restarts a member after most errors by itself (payload.restart); after the
    // others (no group coordinator after a broker restart, for one) it has disconnected
    // for good, and only the caller can start a new member.
    consumer.on(consumer.events.CRASH, (event) => {
      if (ended) return;
      if (event.payload.restart) {
        // Retried by kafkajs (it logs "Restarting the consumer"): nothing is delivered
        // until it has joined again, which health must show while it lasts.
        interrupted = true;
        assigned = [];
        const error = toEventLogError(event.payload.error, what);
        notify(() => opts.onInterrupted?.(error));
        return;
      }
      ended = true;
      assigned = [];
      if (self.handle) settings.onEnded(self.handle);
      const error = toEventLogError(event.payload.error, what);
      failReady(error);
      settings.logger.error({ err: error, groupId: opts.groupId }, 'Kafka consumer crashed');
      notify(() => opts.onCrash?.(error));
    });
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
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
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
        },
      });
      return consumer;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  };

  const consumer = await withRetry(what, join, settings.startup);
  const topicsOf = () => opts.topics.map((topic) => ({ topic }));
  let stopping: Promise<void> | undefined;
  const handle: Consumer = {
    groupId: opts.groupId,
    assignments: () => assigned,
    ready: () => readyPromise,
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
        const wasRunning = !ended;
        ended = true;
        settings.onEnded(handle);
        // disconnect() leaves the group (LeaveGroup), so the others take the partitions at
        // once instead of after the session timeout. A broker that is gone makes it hang on
        // its retries: bounded, the session timeout then does the rest.
        let timer: NodeJS.Timeout | undefined;
        const left = await Promise.race([
          consumer.disconnect().then(
            () => true,
            () => true,
          ),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), settings.stopTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
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
  self.handle = handle;
  return handle;
}
