import type { Registry } from 'prom-client';
import {
  deadLetterFor,
  decodeRecord,
  type Decoded,
  produceDeadLetters,
  type EventLog,
  type Logger,
  type LogRecord,
  type StartPosition,
} from '@tickstream/core';
import type { DeadLetter, TopicDefinition, Validator } from '@tickstream/schema';
import {
  createLogProcessor,
  type LogProcessor,
  type ProcessorStage,
  type ProcessorSupervision,
} from './log-processor';
import { PendingOffsets } from './pending-offsets';

/**
 * What a processor does with the valid values of its input topic. The runtime decodes and
 * validates every record, dead-letters the invalid ones, and commits up to the lowest offset
 * that the stage or a dead letter not yet written still needs.
 */
export interface Stage<V> {
  /**
   * Reads what process() will need for these values (stored state of keys it has not seen),
   * before it, in order. Called again with the same values when it fails: idempotent.
   */
  prepare?(values: readonly V[]): Promise<void>;
  /** Applies one valid record to in-memory state (pure, synchronous). */
  process(value: V, record: LogRecord): void;
  /** True when buffered output should be written now (by size); the timer covers time. */
  flushDue(): boolean;
  hasPending(): boolean;
  /** Writes buffered output (ClickHouse, topics). Throws when it could not; called again later. */
  flush(): Promise<void>;
  /**
   * flush() takes what it writes when it starts, and neededFrom() counts that until it is
   * written: the runtime then reads and processes the next batches during a flush.
   */
  readonly processesWhileFlushing?: boolean;
  /**
   * The lowest offset of the partition that a restart must read again (state or unwritten
   * output built from it), or undefined when the stage needs none of it. `keys` are the
   * record keys seen on that partition.
   */
  neededFrom(topic: string, partition: number, keys: ReadonlySet<string>): number | undefined;
  /** Drops state for record keys now owned elsewhere. */
  forget?(keys: readonly string[]): void;
}

export interface ValueReader<V> {
  read(bytes: Buffer): V | undefined;
}

/** What a stage may ask of the runtime. */
export interface StageContext {
  /** Sends a valid record to the dead-letter topic (written with the next flush). */
  deadLetter(record: LogRecord, code: string, reason: string): void;
}

/** Every processor's runtime needs; a definition adds its own (`O`). */
export interface ProcessorRuntimeOptions {
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** The role's registry; the processor adds its series, labelled by processor name. */
  readonly metrics?: Registry;
  /** Restart backoff and lag threshold (defaults in log-processor). */
  readonly supervision?: ProcessorSupervision;
  readonly start?: StartPosition;
  readonly flushIntervalMs?: number;
  /** The clock of dead letters' times. */
  readonly now?: () => number;
}

export interface ProcessorDefinition<V, O, C extends object> {
  /** Also the processor's label in health, metrics and logs. */
  readonly name: string;
  /** Consumer group id: processes sharing it share the input's partitions. */
  readonly group: string;
  readonly input: TopicDefinition<V>;
  readonly validate: Validator<V>;
  /**
   * A reader of the input's values in the exact layout its producers write, cheaper than
   * JSON.parse and `validate` and equal to them where it answers; a record it does not
   * answer (undefined) takes the general path. One reader per processor instance.
   */
  readonly reader?: () => ValueReader<V>;
  /** When `flushIntervalMs` is not given (the runtime's own default otherwise). */
  readonly flushIntervalMs?: number;
  /** A fresh set of counters for one processor. */
  readonly counters: () => C;
  readonly stage: (
    options: ProcessorRuntimeOptions & O,
    counters: C,
    context: StageContext,
  ) => Stage<V>;
}

/** Counters every processor has: the runtime counts the dead letters it writes. */
export interface RuntimeCounters {
  deadLetters: number;
}

export type DeclaredProcessor<C> = LogProcessor & { readonly counters: C & RuntimeCounters };

/** Declares a processor: its name, consumer group, input topic and validator, and its stage. */
export function defineProcessor<V, O, C extends object>(
  definition: ProcessorDefinition<V, O, C>,
): ProcessorDefinition<V, O, C> {
  return definition;
}

/** Dead letters buffered before a flush is forced, however little else is buffered. */
const MAX_BUFFERED_LETTERS = 10_000;

/**
 * The record-level stage the log processor drives, around a declared stage: records are
 * decoded with the input's validator; invalid ones, and those the stage rejects, become dead
 * letters written after the stage's own output; the committed offset is the lowest one still
 * needed by the stage or by a dead letter not yet written.
 */
export function decodingStage<V>(
  source: string,
  validate: Validator<V>,
  eventLog: EventLog,
  build: (context: StageContext) => Stage<V>,
  counters: RuntimeCounters,
  now: () => number,
  reader?: ValueReader<V>,
): ProcessorStage {
  let letters: DeadLetter[] = [];
  let pendingLetters = new PendingOffsets();
  // Dead letters being written by a flush in flight, and the offsets they hold back.
  let writingLetters: PendingOffsets | undefined;
  const deadLetter = (record: LogRecord, code: string, reason: string) => {
    letters.push(deadLetterFor(source, record, code, reason, now()));
    pendingLetters.note(record.topic, record.partition, record.offset);
  };
  const stage = build({ deadLetter });
  const { prepare } = stage;
  const decode = (record: LogRecord): Decoded<V> => {
    const value = reader?.read(record.value);
    return value === undefined ? decodeRecord(record, validate) : { ok: true, value };
  };

  return {
    ...(prepare
      ? {
          prepare: async (records: readonly LogRecord[]) => {
            const values: V[] = [];
            for (const record of records) {
              const decoded = decode(record);
              if (decoded.ok) values.push(decoded.value);
            }
            await prepare.call(stage, values);
          },
        }
      : {}),
    process(records: readonly LogRecord[]) {
      for (const record of records) {
        const decoded = decode(record);
        if (decoded.ok) stage.process(decoded.value, record);
        else deadLetter(record, decoded.code, decoded.reason);
      }
    },
    flushDue: () => stage.flushDue() || letters.length >= MAX_BUFFERED_LETTERS,
    hasPending: () => stage.hasPending() || letters.length > 0 || writingLetters !== undefined,
    ...(stage.processesWhileFlushing ? { processesWhileFlushing: true } : {}),
    async flush() {
      // Taken before the stage's write: letters of records processed meanwhile wait for the next.
      const writing = letters;
      const offsets = pendingLetters;
      letters = [];
      pendingLetters = new PendingOffsets();
      writingLetters = offsets;
      try {
        await stage.flush();
        await produceDeadLetters(eventLog, writing);
      } catch (error) {
        letters = writing.concat(letters);
        pendingLetters = offsets.merge(pendingLetters);
        throw error;
      } finally {
        writingLetters = undefined;
      }
      counters.deadLetters += writing.length;
    },
    commitOffset(topic: string, partition: number, keys: ReadonlySet<string>, lastOffset: number) {
      let lowest = stage.neededFrom(topic, partition, keys);
      for (const held of [pendingLetters, writingLetters]) {
        const offset = held?.get(topic, partition);
        if (offset !== undefined && (lowest === undefined || offset < lowest)) lowest = offset;
      }
      return lowest ?? lastOffset + 1;
    },
    forget: (keys: readonly string[]) => stage.forget?.(keys),
  };
}

/** Builds a declared processor: the log processor around its decoding stage. */
export function buildProcessor<V, O, C extends object>(
  definition: ProcessorDefinition<V, O, C>,
  options: ProcessorRuntimeOptions & O,
): DeclaredProcessor<C> {
  const counters: C & RuntimeCounters = Object.assign(definition.counters(), { deadLetters: 0 });
  const stage = decodingStage(
    `stream-processors/${definition.name}`,
    definition.validate,
    options.eventLog,
    (context) => definition.stage(options, counters, context),
    counters,
    options.now ?? Date.now,
    definition.reader?.(),
  );
  const flushIntervalMs = options.flushIntervalMs ?? definition.flushIntervalMs;
  const processor = createLogProcessor({
    name: definition.name,
    eventLog: options.eventLog,
    groupId: definition.group,
    topic: definition.input.name,
    stage,
    logger: options.logger.child({ processor: definition.name }),
    ...(options.start ? { start: options.start } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
    ...(flushIntervalMs !== undefined ? { flushIntervalMs } : {}),
  });
  return Object.assign(processor, { counters });
}
