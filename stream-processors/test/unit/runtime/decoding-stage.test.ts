import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbeddedEventLog,
  topicSpecs,
  type EventLog,
  type LogRecord,
  type RecordBatch,
} from '@tickstream/core';
import { TOPICS, validateTrade, type DeadLetter, type Trade } from '@tickstream/schema';
import { decodingStage, type Stage } from '../../../src/runtime/define-processor';

const TOPIC = TOPICS.trades.name;

const trade = (tradeId: number): Trade => ({
  type: 'trade',
  exchange: 'binance-futures',
  symbol: 'BTCUSDT',
  tradeId,
  price: 64_250.1,
  qty: 0.012,
  side: 'sell',
  tradeTime: 1_721_347_022_700,
  eventTime: 1_721_347_022_705,
  ingestTime: 1_721_347_022_910,
});

const record = (partition: number, offset: number, value: string): LogRecord => ({
  topic: TOPIC,
  partition,
  offset,
  key: `key-${partition}`,
  value: Buffer.from(value),
  timestamp: 0,
});

/** The batch a record came in with: the runtime reads partitions from the records. */
const batch = (partition: number): RecordBatch => ({
  topic: TOPIC,
  partition,
  records: [],
  highWatermark: 0,
});

const valid = (partition: number, offset: number) =>
  record(partition, offset, JSON.stringify(trade(offset)));

/** Keeps every trade it was given until flushed; needs each partition from its oldest kept one. */
function keepingStage() {
  const kept = new Map<number, number>();
  const seen: number[] = [];
  const stage: Stage<Trade> = {
    process(value, r) {
      seen.push(value.tradeId);
      if (!kept.has(r.partition)) kept.set(r.partition, r.offset);
    },
    flushDue: () => false,
    hasPending: () => kept.size > 0,
    flush: async () => kept.clear(),
    neededFrom: (_topic, partition) => kept.get(partition),
  };
  return { stage, seen, keep: (partition: number, offset: number) => kept.set(partition, offset) };
}

async function deadLetters(log: EventLog): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  const ends = await log.endOffsets(TOPICS.deadLetter.name);
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return letters;
  const consumer = await log.consume({
    groupId: 'read-dead-letters',
    topics: [TOPICS.deadLetter.name],
    start: 'earliest',
    handler: async (batch) => {
      for (const r of batch.records) letters.push(JSON.parse(r.value.toString()) as DeadLetter);
    },
  });
  const deadline = Date.now() + 30_000;
  while (letters.length < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await consumer.stop();
  return letters;
}

describe('a declared stage under the runtime', () => {
  let dir: string;
  let log: EventLog;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'decoding-stage-'));
    log = await createEmbeddedEventLog({ dataDir: dir });
    await log.createTopics(topicSpecs());
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dead-letters a record that does not decode and commits past it once the letter is written', async () => {
    const counters = { deadLetters: 0 };
    const { stage, seen } = keepingStage();
    const runtime = decodingStage(
      'stream-processors/test',
      validateTrade,
      log,
      () => stage,
      counters,
      () => 42,
    );
    runtime.process([record(0, 0, '{not json'), valid(0, 1)], batch(0));
    expect(seen).toEqual([1]);
    expect(runtime.hasPending()).toBe(true);
    // The letter is not written yet: a restart must read the bad record again.
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 1)).toBe(0);
    await runtime.flush();
    expect(counters.deadLetters).toBe(1);
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 1)).toBe(2);
    const letters = await deadLetters(log);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      source: 'stream-processors/test',
      code: 'MALFORMED_JSON',
      raw: '{not json',
      time: 42,
      topic: TOPIC,
      key: 'key-0',
    });
  });

  it('dead-letters a record that parses but breaks the contract', async () => {
    const counters = { deadLetters: 0 };
    const { stage, seen } = keepingStage();
    const runtime = decodingStage(
      's',
      validateTrade,
      log,
      () => stage,
      counters,
      () => 0,
    );
    runtime.process([record(0, 0, JSON.stringify({ ...trade(0), price: -1 }))], batch(0));
    expect(seen).toEqual([]);
    await runtime.flush();
    const [letter] = await deadLetters(log);
    expect(letter?.code).not.toBe('MALFORMED_JSON');
    expect(counters.deadLetters).toBe(1);
  });

  it('commits the offset the stage still needs, and past everything when it needs nothing', async () => {
    const { stage, keep } = keepingStage();
    const runtime = decodingStage(
      's',
      validateTrade,
      log,
      () => stage,
      { deadLetters: 0 },
      () => 0,
    );
    runtime.process([valid(0, 5), valid(0, 6), valid(0, 7)], batch(0));
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 7)).toBe(5);
    keep(0, 3);
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 7)).toBe(3);
    await runtime.flush();
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 7)).toBe(8);
  });

  it('keeps partitions apart: a letter or a need on one does not hold back another', async () => {
    const { stage, keep } = keepingStage();
    const runtime = decodingStage(
      's',
      validateTrade,
      log,
      () => stage,
      { deadLetters: 0 },
      () => 0,
    );
    runtime.process([record(0, 10, 'bad'), valid(0, 11)], batch(0));
    runtime.process([valid(1, 20), valid(1, 21)], batch(1));
    // Partition 0: the letter at 10 is older than the stage's need at 11.
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 11)).toBe(10);
    expect(runtime.commitOffset(TOPIC, 1, new Set(), 21)).toBe(20);
    expect(runtime.commitOffset(TOPIC, 2, new Set(), 4)).toBe(5);
    keep(1, 15);
    expect(runtime.commitOffset(TOPIC, 1, new Set(), 21)).toBe(15);
    expect(runtime.commitOffset(TOPIC, 0, new Set(), 11)).toBe(10);
  });

  it('lets a stage dead-letter a valid record it rejects, held like any other letter', async () => {
    const counters = { deadLetters: 0 };
    const runtime = decodingStage(
      's',
      validateTrade,
      log,
      ({ deadLetter }) => ({
        process: (value, r) => {
          if (value.tradeId % 2 === 1) deadLetter(r, 'TOO_LATE', 'odd');
        },
        flushDue: () => false,
        hasPending: () => false,
        flush: async () => undefined,
        neededFrom: () => undefined,
      }),
      counters,
      () => 0,
    );
    runtime.process([valid(3, 0), valid(3, 1), valid(3, 2)], batch(3));
    expect(runtime.hasPending()).toBe(true);
    expect(runtime.commitOffset(TOPIC, 3, new Set(), 2)).toBe(1);
    await runtime.flush();
    expect(runtime.commitOffset(TOPIC, 3, new Set(), 2)).toBe(3);
    const letters = await deadLetters(log);
    expect(letters.map((l) => [l.code, l.reason])).toEqual([['TOO_LATE', 'odd']]);
    expect(counters.deadLetters).toBe(1);
  });
});
