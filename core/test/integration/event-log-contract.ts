// The EventLog contract: one suite, run against every adapter (embedded, Kafka). Each test
// owns uniquely named topics and groups, so it can run against a shared broker; nothing
// here assumes how fast an adapter rebalances or delivers beyond generous timeouts, and every
// wait polls for a state instead of sleeping for a guess.

import { randomBytes } from 'node:crypto';
import { partitionFor } from '../../src/event-log/partitioner';
import type {
  ConsumeOptions,
  Consumer,
  EventLog,
  LogRecord,
  PartitionAssignment,
  ProduceRecord,
  RecordBatch,
} from '../../src/event-log/port';

export interface EventLogContractOptions {
  /** Longest a group may take to settle after a member joins or leaves (default 60 s). */
  readonly rebalanceTimeoutMs?: number;
  /** Longest produced records may take to reach a handler once owned (default 30 s). */
  readonly deliveryTimeoutMs?: number;
  /** How long a paused consumer is watched for deliveries it must not make (default 1.5 s). */
  readonly quietPeriodMs?: number;
  /** Jest timeout of each test (default 240 s). */
  readonly testTimeoutMs?: number;
}

interface Trade {
  readonly id: string;
  readonly key: string;
  readonly seq: number;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Polls until `condition` holds; fails naming what it waited for. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function parseTrade(record: LogRecord): Trade {
  const parsed: unknown = JSON.parse(record.value.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('record is not a trade');
  const fields = parsed as Record<string, unknown>;
  const { id, key, seq } = fields;
  if (typeof id !== 'string' || typeof key !== 'string' || typeof seq !== 'number') {
    throw new Error(`record at offset ${record.offset} is not a trade`);
  }
  return { id, key, seq };
}

/** `count` trades over `keys`, numbered per key from `firstSeq`, ids unique per call site. */
function trades(
  prefix: string,
  count: number,
  keys: readonly string[],
  seqs: Map<string, number> = new Map(),
): ProduceRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keys[i % keys.length] as string;
    const seq = seqs.get(key) ?? 0;
    seqs.set(key, seq + 1);
    const trade: Trade = { id: `${prefix}-${i}`, key, seq };
    return { key, value: JSON.stringify(trade) };
  });
}

const idsOf = (records: readonly ProduceRecord[]) =>
  records.map((r) => (JSON.parse(String(r.value)) as Trade).id);

/** A handler that keeps what it was given. */
function collector() {
  const batches: RecordBatch[] = [];
  const records: LogRecord[] = [];
  const handler = async (batch: RecordBatch): Promise<void> => {
    batches.push(batch);
    records.push(...batch.records);
  };
  const ids = () => records.map((r) => parseTrade(r).id);
  return { batches, records, handler, ids };
}

function sorted<T>(values: Iterable<T>): T[] {
  return [...values].sort();
}

function covers(assignments: readonly PartitionAssignment[], topic: string, partitions: number) {
  const owned = new Set(assignments.filter((a) => a.topic === topic).map((a) => a.partition));
  return owned.size === partitions;
}

function keysForPartitions(partitions: number, perPartition: number): string[][] {
  const byPartition: string[][] = Array.from({ length: partitions }, () => []);
  for (let i = 0; byPartition.some((keys) => keys.length < perPartition); i++) {
    const key = `binance-futures:SYM${i}USDT`;
    const list = byPartition[partitionFor(key, partitions)] as string[];
    if (list.length < perPartition) list.push(key);
  }
  return byPartition;
}

export function describeEventLogContract(
  adapterName: string,
  makeLog: () => Promise<EventLog>,
  options: EventLogContractOptions = {},
): void {
  const rebalanceMs = options.rebalanceTimeoutMs ?? 60_000;
  const deliveryMs = options.deliveryTimeoutMs ?? 30_000;
  const quietMs = options.quietPeriodMs ?? 1_500;
  const testMs = options.testTimeoutMs ?? 240_000;

  describe(`EventLog contract: ${adapterName}`, () => {
    let cleanups: Array<() => Promise<void> | void> = [];

    afterEach(async () => {
      const pending = cleanups.reverse();
      cleanups = [];
      for (const cleanup of pending) await cleanup();
    });

    async function openLog(): Promise<EventLog> {
      const log = await makeLog();
      cleanups.push(() => log.close());
      return log;
    }

    async function topicWith(log: EventLog, partitions: number): Promise<string> {
      const name = uniqueName('contract');
      await log.createTopics([{ name, partitions }]);
      return name;
    }

    async function consume(log: EventLog, consumeOptions: ConsumeOptions): Promise<Consumer> {
      const consumer = await log.consume(consumeOptions);
      cleanups.push(() => consumer.stop());
      return consumer;
    }

    /** Every partition with records has the group's commit at its end offset. */
    async function waitDrained(log: EventLog, groupId: string, topic: string): Promise<void> {
      await waitFor(
        `group ${groupId} to commit every record of ${topic}`,
        async () => {
          const [ends, committed] = await Promise.all([
            log.endOffsets(topic),
            log.committedOffsets(groupId, topic),
          ]);
          return [...ends].every(([p, end]) => end === 0 || committed.get(p) === end);
        },
        rebalanceMs + deliveryMs,
        100,
      );
    }

    it(
      'keeps records of one key in produce order, in the partition Kafka’s partitioner picks',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 4);
        const keys = Array.from({ length: 12 }, (_, i) => `binance-futures:K${i}USDT`);
        const seqs = new Map<string, number>();
        const produced: ProduceRecord[] = [];
        for (let b = 0; b < 5; b++) {
          const batch = trades(`b${b}`, 60, keys, seqs);
          await log.produce(topic, batch);
          produced.push(...batch);
        }
        const groupId = uniqueName('group');
        const got = collector();
        await consume(log, { groupId, topics: [topic], handler: got.handler });
        await waitDrained(log, groupId, topic);

        expect(sorted(got.ids())).toEqual(sorted(idsOf(produced)));
        const byKey = new Map<string, LogRecord[]>();
        for (const record of got.records) {
          const list = byKey.get(record.key) ?? [];
          list.push(record);
          byKey.set(record.key, list);
        }
        expect(sorted(byKey.keys())).toEqual(sorted(keys));
        for (const [key, records] of byKey) {
          expect(records.map((r) => parseTrade(r).seq)).toEqual(records.map((_, i) => i));
          expect(new Set(records.map((r) => r.partition))).toEqual(new Set([partitionFor(key, 4)]));
        }
        const ends = await log.endOffsets(topic);
        for (let p = 0; p < 4; p++) {
          const offsets = got.records.filter((r) => r.partition === p).map((r) => r.offset);
          expect(offsets).toEqual(offsets.map((_, i) => i));
          expect(ends.get(p)).toBe(offsets.length);
        }
        for (const batch of got.batches) {
          expect(batch.records.length).toBeGreaterThan(0);
          expect(batch.records.every((r) => r.topic === topic)).toBe(true);
          expect(batch.records.every((r) => r.partition === batch.partition)).toBe(true);
        }
      },
      testMs,
    );

    it(
      'splits partitions between two members and hands them all to the survivor when one leaves',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 4);
        const keys = Array.from({ length: 40 }, (_, i) => `binance-futures:S${i}USDT`);
        const groupId = uniqueName('group');
        const a = collector();
        const b = collector();
        const memberA = await consume(log, { groupId, topics: [topic], handler: a.handler });
        await memberA.ready();
        const memberB = await consume(log, { groupId, topics: [topic], handler: b.handler });
        await memberB.ready();
        await waitFor(
          'the two members to split the four partitions',
          () => {
            const owned = [...memberA.assignments(), ...memberB.assignments()];
            return (
              memberA.assignments().length > 0 &&
              memberB.assignments().length > 0 &&
              owned.length === 4 &&
              covers(owned, topic, 4)
            );
          },
          rebalanceMs,
        );
        expect(memberA.assignments().length + memberB.assignments().length).toBe(4);

        const first = trades('first', 200, keys);
        await log.produce(topic, first);
        await waitFor(
          'both members to receive the first records',
          () => new Set([...a.ids(), ...b.ids()]).size === 200,
          deliveryMs,
        );
        expect(a.records.length).toBeGreaterThan(0);
        expect(b.records.length).toBeGreaterThan(0);
        const ownedByA = new Set(memberA.assignments().map((x) => x.partition));
        expect(a.records.every((r) => ownedByA.has(r.partition))).toBe(true);
        expect(b.records.every((r) => !ownedByA.has(r.partition))).toBe(true);

        await memberA.stop();
        await waitFor(
          'the survivor to own every partition',
          () => covers(memberB.assignments(), topic, 4),
          rebalanceMs,
        );
        const second = trades('second', 200, keys);
        await log.produce(topic, second);
        await waitDrained(log, groupId, topic);

        const everyone = new Set([...a.ids(), ...b.ids()]);
        expect(sorted(everyone)).toEqual(sorted([...idsOf(first), ...idsOf(second)]));
        const survivor = new Set(b.ids());
        expect(idsOf(second).filter((id) => !survivor.has(id))).toEqual([]);
      },
      testMs,
    );

    it(
      'redelivers records a stopped member never committed to the member that takes over',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 2);
        const groupId = uniqueName('group');
        const received: LogRecord[] = [];
        let failStuck: (error: Error) => void = () => undefined;
        const stuck = new Promise<void>((_, reject) => {
          failStuck = reject;
        });
        stuck.catch(() => undefined);
        const memberA = await consume(log, {
          groupId,
          topics: [topic],
          retryDelayMs: 100,
          handler: (batch) => {
            received.push(...batch.records);
            return stuck;
          },
        });
        // Runs before memberA.stop() if the test fails early (cleanups run in reverse).
        cleanups.push(() => failStuck(new Error('test over')));
        await memberA.ready();
        const produced = trades('alo', 60, ['k-a', 'k-b', 'k-c', 'k-d', 'k-e', 'k-f']);
        await log.produce(topic, produced);
        await waitFor('member A to hold a batch', () => received.length > 0, rebalanceMs);
        const seenByA = received.map((r) => parseTrade(r).id);

        const b = collector();
        await consume(log, { groupId, topics: [topic], handler: b.handler });
        const stopping = memberA.stop();
        failStuck(new Error('member A stopped before committing'));
        await stopping;

        await waitDrained(log, groupId, topic);
        expect(sorted(new Set(b.ids()))).toEqual(sorted(idsOf(produced)));
        for (const id of seenByA) expect(b.ids()).toContain(id);
      },
      testMs,
    );

    it(
      'replays everything for a new group and for start earliest on a group with commits',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 3);
        const produced = trades('replay', 90, ['x', 'y', 'z', 'w', 'v']);
        await log.produce(topic, produced);
        const groupId = uniqueName('group');

        const firstRun = collector();
        const first = await consume(log, { groupId, topics: [topic], handler: firstRun.handler });
        await waitDrained(log, groupId, topic);
        await first.stop();
        expect(sorted(firstRun.ids())).toEqual(sorted(idsOf(produced)));

        const replay = collector();
        await consume(log, {
          groupId,
          topics: [topic],
          start: 'earliest',
          handler: replay.handler,
        });
        await waitFor(
          'the replay to see every record',
          () => replay.records.length >= 90,
          deliveryMs,
        );
        await waitDrained(log, groupId, topic);
        expect(sorted(replay.ids())).toEqual(sorted(idsOf(produced)));

        const fresh = collector();
        const freshGroup = uniqueName('group');
        await consume(log, { groupId: freshGroup, topics: [topic], handler: fresh.handler });
        await waitDrained(log, freshGroup, topic);
        expect(sorted(fresh.ids())).toEqual(sorted(idsOf(produced)));
      },
      testMs,
    );

    it(
      'starts from an append time at the first record appended at or after it',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 3);
        const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
        const seqs = new Map<string, number>();
        const before = trades('before', 50, keys, seqs);
        const after = trades('after', 50, keys, seqs);
        await log.produce(topic, before);
        // The log's clock is this machine's (or a broker on it): a pause either side of the
        // mark keeps both batches clear of it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const mark = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await log.produce(topic, after);
        const groupId = uniqueName('group');
        const got = collector();
        await consume(log, {
          groupId,
          topics: [topic],
          start: { timestamp: mark },
          handler: got.handler,
        });
        await waitDrained(log, groupId, topic);
        expect(sorted(got.ids())).toEqual(sorted(idsOf(after)));
        expect(got.records.every((r) => r.timestamp >= mark)).toBe(true);
      },
      testMs,
    );

    it(
      'stamps each record with the time it was appended, not the event time it carries',
      async () => {
        const log = await openLog();
        const name = uniqueName('contract');
        // A week's retention, and trades of 2024: by event time every one is long expired.
        await log.createTopics([{ name, partitions: 2, retentionMs: 7 * 24 * 3_600_000 }]);
        const tradeTime = Date.UTC(2024, 2, 1);
        const records = trades('old', 40, ['a', 'b', 'c']).map((r) => ({
          key: r.key,
          value: JSON.stringify({ ...JSON.parse(String(r.value)), tradeTime }),
        }));
        const from = Date.now();
        await log.produce(name, records);
        const to = Date.now();
        const groupId = uniqueName('group');
        const got = collector();
        await consume(log, { groupId, topics: [name], handler: got.handler });
        await waitDrained(log, groupId, name);
        expect(sorted(got.ids())).toEqual(sorted(idsOf(records)));
        // A second of slack for a broker's clock rounding; 2024 is years away.
        for (const record of got.records) {
          expect(record.timestamp).toBeGreaterThanOrEqual(from - 1_000);
          expect(record.timestamp).toBeLessThanOrEqual(to + 1_000);
        }
      },
      testMs,
    );

    it(
      'start latest delivers only records produced after the consumer is ready',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 3);
        const keys = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];
        await log.produce(topic, trades('old', 50, keys));
        const groupId = uniqueName('group');
        const got = collector();
        const consumer = await consume(log, {
          groupId,
          topics: [topic],
          start: 'latest',
          handler: got.handler,
        });
        await consumer.ready();
        await waitFor(
          'the consumer to own every partition',
          () => covers(consumer.assignments(), topic, 3),
          rebalanceMs,
        );
        const fresh = trades('new', 30, keys);
        await log.produce(topic, fresh);
        await waitDrained(log, groupId, topic);
        expect(sorted(got.ids())).toEqual(sorted(idsOf(fresh)));
      },
      testMs,
    );

    it(
      'resumes after the last commit on restart with no loss and no duplicates',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 3);
        const keys = ['r1', 'r2', 'r3', 'r4', 'r5'];
        const before = trades('before', 100, keys);
        await log.produce(topic, before);
        const groupId = uniqueName('group');
        const firstRun = collector();
        const first = await consume(log, {
          groupId,
          topics: [topic],
          maxBatchSize: 7,
          handler: firstRun.handler,
        });
        await waitDrained(log, groupId, topic);
        await first.stop();
        expect(firstRun.ids()).toHaveLength(100);
        expect(sorted(firstRun.ids())).toEqual(sorted(idsOf(before)));
        const committedAtStop = await log.committedOffsets(groupId, topic);

        const after = trades('after', 60, keys);
        await log.produce(topic, after);
        const secondRun = collector();
        await consume(log, { groupId, topics: [topic], handler: secondRun.handler });
        await waitDrained(log, groupId, topic);
        expect(secondRun.ids()).toHaveLength(60);
        expect(sorted(secondRun.ids())).toEqual(sorted(idsOf(after)));
        for (const [partition, offset] of committedAtStop) {
          const firstOffset = secondRun.records.find((r) => r.partition === partition)?.offset;
          if (firstOffset !== undefined) expect(firstOffset).toBe(offset);
        }
      },
      testMs,
    );

    it(
      'does not commit a batch whose handler failed and delivers the same batch again',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 1);
        const produced = trades('retry', 20, ['only']);
        await log.produce(topic, produced);
        const groupId = uniqueName('group');
        const deliveries: Array<{ offsets: number[]; committedBefore: number | undefined }> = [];
        const reported: Array<{ error: unknown; firstOffset: number | undefined }> = [];
        const delivered: LogRecord[] = [];
        await consume(log, {
          groupId,
          topics: [topic],
          retryDelayMs: 200,
          handler: async (batch) => {
            const committed = await log.committedOffsets(groupId, topic);
            deliveries.push({
              offsets: batch.records.map((r) => r.offset),
              committedBefore: committed.get(0),
            });
            if (deliveries.length === 1) throw new Error('sink unavailable');
            delivered.push(...batch.records);
          },
          onHandlerError: (error, batch) =>
            reported.push({ error, firstOffset: batch.records[0]?.offset }),
        });
        await waitDrained(log, groupId, topic);

        expect(deliveries.length).toBeGreaterThanOrEqual(2);
        const [failed, retried] = deliveries;
        expect(failed?.offsets[0]).toBe(0);
        expect(retried?.offsets.slice(0, failed?.offsets.length)).toEqual(failed?.offsets);
        expect(retried?.committedBefore ?? 0).toBe(0);
        expect(reported).toHaveLength(1);
        expect(reported[0]?.firstOffset).toBe(0);
        expect((reported[0]?.error as Error).message).toBe('sink unavailable');
        expect(delivered.map((r) => r.offset)).toEqual(produced.map((_, i) => i));
        expect((await log.committedOffsets(groupId, topic)).get(0)).toBe(20);
      },
      testMs,
    );

    it(
      'stops delivering while paused and continues after resume',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 2);
        const keys = ['p1', 'p2', 'p3', 'p4'];
        const groupId = uniqueName('group');
        const got = collector();
        const consumer = await consume(log, { groupId, topics: [topic], handler: got.handler });
        await consumer.ready();
        const early = trades('early', 20, keys);
        await log.produce(topic, early);
        await waitDrained(log, groupId, topic);
        expect(got.records).toHaveLength(20);

        consumer.pause();
        expect(consumer.isPaused()).toBe(true);
        const late = trades('late', 30, keys);
        await log.produce(topic, late);
        const quietUntil = Date.now() + quietMs;
        while (Date.now() < quietUntil) {
          expect(got.records).toHaveLength(20);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(got.records).toHaveLength(20);

        consumer.resume();
        expect(consumer.isPaused()).toBe(false);
        await waitDrained(log, groupId, topic);
        expect(sorted(got.ids())).toEqual(sorted([...idsOf(early), ...idsOf(late)]));
      },
      testMs,
    );

    it(
      'createTopics leaves existing topics as they are',
      async () => {
        const log = await openLog();
        const topic = uniqueName('contract');
        const other = uniqueName('contract');
        await log.createTopics([{ name: topic, partitions: 3 }]);
        await log.produce(topic, trades('idem', 10, ['a', 'b', 'c', 'd']));
        await log.createTopics([
          { name: topic, partitions: 5 },
          { name: other, partitions: 2 },
        ]);
        await log.createTopics([{ name: other, partitions: 2 }]);

        const topics = await log.listTopics();
        expect(topics.filter((t) => t === topic)).toHaveLength(1);
        expect(topics.filter((t) => t === other)).toHaveLength(1);
        const ends = await log.endOffsets(topic);
        expect(sorted(ends.keys())).toEqual([0, 1, 2]);
        expect([...ends.values()].reduce((a, b) => a + b, 0)).toBe(10);
        expect([...(await log.endOffsets(other))].sort((a, b) => a[0] - b[0])).toEqual([
          [0, 0],
          [1, 0],
        ]);
      },
      testMs,
    );

    it(
      'reports end offsets per partition and the group’s committed offsets',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 3);
        const [p0Keys, p1Keys] = keysForPartitions(3, 1);
        const p0Key = (p0Keys ?? [])[0] as string;
        const p1Key = (p1Keys ?? [])[0] as string;
        await log.produce(topic, trades('e0', 7, [p0Key]));
        await log.produce(topic, trades('e1', 4, [p1Key]));
        expect(Object.fromEntries(await log.endOffsets(topic))).toEqual({ 0: 7, 1: 4, 2: 0 });

        const groupId = uniqueName('group');
        expect((await log.committedOffsets(groupId, topic)).size).toBe(0);
        const got = collector();
        await consume(log, { groupId, topics: [topic], maxBatchSize: 3, handler: got.handler });
        await waitDrained(log, groupId, topic);
        const committed = await log.committedOffsets(groupId, topic);
        expect(committed.get(0)).toBe(7);
        expect(committed.get(1)).toBe(4);
        expect(committed.has(2)).toBe(false);
        expect(got.batches.every((b) => b.records.length <= 3)).toBe(true);
        const lastOfP0 = got.batches.filter((b) => b.partition === 0).at(-1);
        expect(lastOfP0?.records.at(-1)?.offset).toBe(6);
        expect(lastOfP0?.highWatermark).toBe(7);
      },
      testMs,
    );

    it(
      'deletes a group: its commits are gone, a live group is refused, an unknown one is fine',
      async () => {
        const log = await openLog();
        const topic = await topicWith(log, 2);
        await log.produce(topic, trades('d', 6, ['k1', 'k2', 'k3']));
        const groupId = uniqueName('group');
        const got = collector();
        const member = await consume(log, { groupId, topics: [topic], handler: got.handler });
        await waitDrained(log, groupId, topic);
        await expect(log.deleteGroup(groupId)).rejects.toMatchObject({ code: 'GROUP_NOT_EMPTY' });
        await member.stop();
        await log.deleteGroup(groupId);
        expect((await log.committedOffsets(groupId, topic)).size).toBe(0);
        // Reading again as that group starts where a new group starts.
        const again = collector();
        await consume(log, { groupId, topics: [topic], handler: again.handler });
        await waitDrained(log, groupId, topic);
        expect(again.records.length).toBe(6);
        await expect(log.deleteGroup(uniqueName('never-used'))).resolves.toBeUndefined();
      },
      testMs,
    );
  });
}
