import {
  PAIR_DEFAULTS,
  pairId,
  TOPICS,
  validatePairConfig,
  type DeadLetter,
  type PairConfig,
  type PairSpec,
} from '@tickstream/schema';
import { EventLogError } from '../errors';
import { dropOwnGroup, ownGroupId } from '../event-log/own-group';
import type { Consumer, EventLog, RecordBatch } from '../event-log/port';
import type { Logger } from '../logger';
import { deadLetterFor, produceDeadLetters } from '../records/dead-letters';
import { decodeRecord } from '../records/decode';
import { topicSpecOf } from '../runtime';

/** The pairs to analyse now: the configured ones, changed at run time through md.pair-config.v1. */
export interface PairRegistry {
  /** The active spec of a pair id (SYMBOLY/SYMBOLX@interval), if any. */
  get(id: string): PairSpec | undefined;
  all(): PairSpec[];
  /** Called after every change, with the pair id and its new spec (undefined: removed). */
  onChange(listener: (id: string, spec: PairSpec | undefined) => void): () => void;
  /** Reads the topic to its end (so a restart knows every run-time pair), then follows it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The engine's spec from a config record. */
export function specOfConfig(config: PairConfig): PairSpec {
  return {
    symbolX: config.symbolX,
    symbolY: config.symbolY,
    interval: config.interval,
    olsWindow: config.olsWindow,
    zScoreWindow: config.zScoreWindow,
    corrWindow: config.corrWindow,
    testEvery: config.testEvery,
    zScoreEntry: config.zScoreEntry,
    zScoreExit: config.zScoreExit,
    correlationBreak: config.correlationBreak,
    adfPValueLevel: config.adfPValueLevel,
    // A record written before these settings existed gets the defaults, each leave level
    // raised to its enter level so that the band between them is never inverted.
    adfPValueExit:
      config.adfPValueExit ?? Math.max(PAIR_DEFAULTS.adfPValueExit, config.adfPValueLevel),
    adfDwellBars: config.adfDwellBars ?? PAIR_DEFAULTS.adfDwellBars,
    correlationRestore:
      config.correlationRestore ??
      Math.max(PAIR_DEFAULTS.correlationRestore, config.correlationBreak),
    correlationDwellBars: config.correlationDwellBars ?? PAIR_DEFAULTS.correlationDwellBars,
    // A record written before paper trading existed has none: the pair is not paper-traded.
    ...(config.paper === undefined ? {} : { paper: config.paper }),
  };
}

/** The record that adds (active) or removes a pair. */
export function pairConfigOf(
  spec: PairSpec,
  active: boolean,
  updatedAt: number,
  source: string,
): PairConfig {
  return { type: 'pair-config', pairId: pairId(spec), ...spec, active, updatedAt, source };
}

/** True when two specs would compute the same analytics (and paper-trade alike). */
export function sameSpec(a: PairSpec, b: PairSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof PairSpec)[]);
  return [...keys].every((k) => (k === 'paper' ? samePaper(a.paper, b.paper) : a[k] === b[k]));
}

function samePaper(a: PairSpec['paper'], b: PairSpec['paper']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (Object.keys(a) as (keyof typeof a)[]).every((k) => a[k] === b[k]);
}

/** Publishes a pair change for every registry (the API's addPair and removePair). */
export async function publishPairConfig(eventLog: EventLog, config: PairConfig): Promise<void> {
  await eventLog.createTopics([topicSpecOf(TOPICS.pairConfig)]);
  await eventLog.produce(TOPICS.pairConfig.name, [
    {
      key: TOPICS.pairConfig.keyOf(config),
      value: JSON.stringify(config),
    },
  ]);
}

/** Fixed pairs, for replays of a known set and for tests. */
export function staticPairRegistry(specs: readonly PairSpec[]): PairRegistry {
  const byId = new Map(specs.map((s) => [pairId(s), s]));
  return {
    get: (id) => byId.get(id),
    all: () => [...byId.values()],
    onChange: () => () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/** A registry as given, or a fixed one for a plain list. */
export const asRegistry = (pairs: PairRegistry | readonly PairSpec[]): PairRegistry =>
  'get' in pairs ? pairs : staticPairRegistry(pairs);

export interface PairRegistryOptions {
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** Pairs from configuration (PAIRS); records in the topic override them. */
  readonly base: readonly PairSpec[];
  readonly now?: () => number;
  /** How long start() waits to read the topic's existing records. */
  readonly catchUpTimeoutMs?: number;
}

/**
 * Follows md.pair-config.v1 from its start with a consumer group of its own (every process
 * needs every change, so no group is shared). The topic has one partition: changes apply in
 * the order they were made, the latest per pair id winning.
 */
export function createPairRegistry(options: PairRegistryOptions): PairRegistry {
  const now = options.now ?? Date.now;
  const topic = TOPICS.pairConfig.name;
  const active = new Map(options.base.map((s) => [pairId(s), s]));
  const listeners = new Set<(id: string, spec: PairSpec | undefined) => void>();
  let consumer: Consumer | undefined;
  let nextOffset = 0;
  const groupId = ownGroupId('pair-registry');
  const stopConsumer = async () => {
    if (!consumer) return;
    await consumer.stop();
    consumer = undefined;
    await dropOwnGroup(options.eventLog, groupId, options.logger);
  };

  const apply = (config: PairConfig) => {
    const before = active.get(config.pairId);
    const spec = config.active ? specOfConfig(config) : undefined;
    if (spec && before && sameSpec(spec, before)) return;
    if (!spec && !before) return;
    if (spec) active.set(config.pairId, spec);
    else active.delete(config.pairId);
    options.logger.info(
      { pair: config.pairId, active: config.active, source: config.source },
      spec ? `pair ${config.pairId} analysed` : `pair ${config.pairId} removed`,
    );
    for (const listener of listeners) listener(config.pairId, spec);
  };

  const handler = async (batch: RecordBatch) => {
    const letters: DeadLetter[] = [];
    for (const record of batch.records) {
      const decoded = decodeRecord(record, validatePairConfig);
      if (decoded.ok && decoded.value.pairId === pairId(decoded.value)) apply(decoded.value);
      else {
        const reason = decoded.ok
          ? 'pairId does not match its symbols and interval'
          : decoded.reason;
        const code = decoded.ok ? 'INCONSISTENT' : decoded.code;
        letters.push(deadLetterFor('stream-processors/pair-registry', record, code, reason, now()));
      }
      nextOffset = record.offset + 1;
    }
    await produceDeadLetters(options.eventLog, letters);
  };

  return {
    get: (id) => active.get(id),
    all: () => [...active.values()],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await options.eventLog.createTopics([topicSpecOf(TOPICS.pairConfig)]);
      const end = (await options.eventLog.endOffsets(topic)).get(0) ?? 0;
      consumer = await options.eventLog.consume({
        groupId,
        topics: [topic],
        // A new group has no commits, so it reads from the start without an offset reset
        // (which on Kafka costs a group round of several seconds).
        start: 'committed',
        whenNoCommitted: 'earliest',
        handler,
      });
      const deadline = Date.now() + (options.catchUpTimeoutMs ?? 60_000);
      while (nextOffset < end) {
        if (Date.now() > deadline) {
          await stopConsumer();
          throw new EventLogError(
            'TIMEOUT',
            `could not read ${topic} to its end (offset ${nextOffset} of ${end}): check the event log, then restart`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop: stopConsumer,
  };
}
