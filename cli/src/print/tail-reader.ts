import {
  dropOwnGroup,
  ownGroupId,
  TickstreamError,
  topicSpecOf,
  type Consumer,
  type EventLog,
  type Logger,
  type RecordBatch,
  type StartPosition,
} from '@tickstream/core';
import type { LineSink } from './line-sink';
import type { RenderOptions, TailTopic } from './tail-topics';

/**
 * Where `tail` starts: the oldest record the log still holds, only records appended from
 * now on, or the first record the log appended at or after a time (record time, not the
 * event's own time: that is what the log can seek by).
 */
export type TailStart = 'beginning' | 'now' | { readonly since: number };

export interface TailOptions {
  readonly eventLog: EventLog;
  readonly topic: TailTopic;
  readonly start: TailStart;
  /** Keep waiting for new records; false stops at the end offsets the log had at start. */
  readonly follow: boolean;
  readonly json: boolean;
  /** Only events about these symbols (all when absent or empty). */
  readonly symbols?: readonly string[];
  readonly out: LineSink;
  readonly logger: Logger;
  /** The log as the user knows it, for the error when the topic does not exist. */
  readonly where: string;
  /** How often the end of the log is checked for without --follow (default 100 ms). */
  readonly pollMs?: number;
}

export interface TailSummary {
  readonly printed: number;
  /** Records that did not decode as the topic's event (each was logged). */
  readonly undecodable: number;
}

export interface Tail {
  /** Resolves once the reader has joined the log; rejects when it could not start. */
  readonly ready: Promise<void>;
  /**
   * Settles when reading ends by itself: at the end of the log without follow, or when the
   * consumer failed (rejects). Not after stop(): whoever stopped it knows.
   */
  readonly done: Promise<TailSummary>;
  /** Stops reading and removes the reader's own consumer group. Idempotent. */
  stop(): Promise<void>;
}

function startPosition(start: TailStart): StartPosition {
  if (start === 'beginning') return 'earliest';
  if (start === 'now') return 'latest';
  return { timestamp: start.since };
}

/** Without follow, a missing topic is a mistake (wrong data dir or namespace); with it, a wait. */
async function prepareTopic(options: TailOptions): Promise<void> {
  const { eventLog, topic } = options;
  const name = topic.definition.name;
  if ((await eventLog.listTopics()).includes(name)) return;
  if (!options.follow) {
    throw new TickstreamError(
      'TAIL_TOPIC_MISSING',
      `${name} does not exist in ${options.where}: nothing has written to it yet. Check ` +
        '--data-dir, KAFKA_BROKERS and --namespace, or start tickstream (start or ingest) ' +
        'first; without --no-follow, tail waits for the first events.',
    );
  }
  await eventLog.createTopics([topicSpecOf(topic.definition)]);
}

/**
 * Prints one topic's events as its own consumer group, from `start`, until stopped or (without
 * follow) until it has printed every record up to the end offsets taken when it started.
 * Records of one partition print in log order; partitions interleave as they are delivered.
 */
export function startTail(options: TailOptions): Tail {
  const { eventLog, topic, logger, out } = options;
  const name = topic.definition.name;
  const groupId = ownGroupId('tail');
  const render: RenderOptions = {
    json: options.json,
    ...(options.symbols?.length ? { symbols: new Set(options.symbols) } : {}),
  };
  const counts = { printed: 0, undecodable: 0 };
  let ends: ReadonlyMap<number, number> | undefined;
  let consumer: Consumer | undefined;
  let stopping: Promise<void> | undefined;
  let finish: (summary: TailSummary) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const ended = new Promise<TailSummary>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const handler = async (batch: RecordBatch): Promise<void> => {
    const end = ends?.get(batch.partition) ?? Number.POSITIVE_INFINITY;
    const lines: string[] = [];
    for (const record of batch.records) {
      if (record.offset >= end || stopping) break;
      const rendered = topic.render(record, render);
      if (!rendered.ok) {
        counts.undecodable += 1;
        logger.warn(
          { topic: name, partition: record.partition, offset: record.offset, code: rendered.code },
          `skipped a record that is not a valid event: ${rendered.reason}`,
        );
      } else if (rendered.line !== undefined) {
        lines.push(rendered.line);
      }
    }
    if (lines.length === 0) return;
    await out.write(`${lines.join('\n')}\n`);
    counts.printed += lines.length;
  };

  /** The group's commits start where `start` put them and follow the handler (core's port). */
  const caughtUp = async (): Promise<boolean> => {
    const committed = await eventLog.committedOffsets(groupId, name);
    return [...(ends ?? [])].every(([p, end]) => (committed.get(p) ?? 0) >= end);
  };

  const ready = (async () => {
    await prepareTopic(options);
    if (!options.follow) ends = await eventLog.endOffsets(name);
    consumer = await eventLog.consume({
      groupId,
      topics: [name],
      start: startPosition(options.start),
      handler,
      onHandlerError: (error) => logger.warn({ err: error, topic: name }, 'printing failed'),
      onCrash: (error) => fail(error),
      onInterrupted: (error) =>
        logger.warn({ err: error }, 'the event log is not answering; tail waits for it'),
      onRecovered: () => logger.info({}, 'the event log answers again'),
    });
    await consumer.ready();
  })();

  if (!options.follow) {
    ready.then(
      async () => {
        try {
          while (!(await caughtUp())) {
            if (stopping) return;
            await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
          }
          finish({ ...counts });
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      },
      () => undefined, // a start failure is reported through ready
    );
  }
  // Failures reach the caller through ready and done; these handlers only keep a promise
  // nobody awaits yet from being an unhandled rejection.
  ended.catch(() => undefined);
  const done = ready.then(() => ended);
  done.catch(() => undefined);

  return {
    ready,
    done,
    stop() {
      stopping ??= (async () => {
        await ready.catch(() => undefined);
        await consumer?.stop();
        if (consumer) await dropOwnGroup(eventLog, groupId, logger);
      })();
      return stopping;
    },
  };
}
