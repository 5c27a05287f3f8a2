import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { open as openLmdb } from 'lmdb';
import { createEmbeddedEventLog, type EmbeddedEventLogOptions } from '../../src/event-log/embedded';
import { FORMAT_V1 } from '../../src/event-log/embedded-codec';
import { STORE_FORMAT_KEY } from '../../src/event-log/embedded-migration';
import type { EventLog, LogRecord, ProduceRecord, RecordBatch } from '../../src/event-log/port';
import { describeEventLogContract, uniqueName, waitFor } from './event-log-contract';

const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-embedded-log-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeEventLogContract('embedded', () => createEmbeddedEventLog({ dataDir: freshDir() }));

describe('embedded event log', () => {
  const open: EventLog[] = [];

  async function openLog(options: EmbeddedEventLogOptions): Promise<EventLog> {
    const log = await createEmbeddedEventLog(options);
    open.push(log);
    return log;
  }

  afterEach(async () => {
    for (const log of open.splice(0)) await log.close();
  });

  function records(prefix: string, count: number) {
    return Array.from({ length: count }, (_, i): ProduceRecord => ({
      key: `key-${i % 5}`,
      value: `${prefix}-${i}`,
    }));
  }

  async function readAll(log: EventLog, topic: string): Promise<LogRecord[]> {
    const groupId = uniqueName('read-all');
    const got: LogRecord[] = [];
    const ends = await log.endOffsets(topic);
    const consumer = await log.consume({
      groupId,
      topics: [topic],
      start: 'earliest',
      handler: async (batch) => {
        got.push(...batch.records);
      },
    });
    await waitFor(
      'every retained record to be read',
      async () => {
        const committed = await log.committedOffsets(groupId, topic);
        return [...ends].every(([p, end]) => (committed.get(p) ?? 0) >= end);
      },
      10_000,
    );
    await consumer.stop();
    return got.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  }

  it('keeps acknowledged records, offsets and commits across close and reopen', async () => {
    const dataDir = freshDir();
    const first = await createEmbeddedEventLog({ dataDir });
    await first.createTopics([{ name: 'durable', partitions: 2 }]);
    await first.produce('durable', records('a', 40));
    const groupId = uniqueName('group');
    const seen: LogRecord[] = [];
    await first.consume({
      groupId,
      topics: ['durable'],
      maxBatchSize: 25,
      handler: async (batch) => {
        seen.push(...batch.records);
      },
    });
    await waitFor('the first 40 records', () => seen.length === 40, 10_000);
    const endsBefore = await first.endOffsets('durable');
    const committedBefore = await first.committedOffsets(groupId, 'durable');
    await first.close();

    const second = await openLog({ dataDir });
    expect(await second.listTopics()).toEqual(['durable']);
    expect(await second.endOffsets('durable')).toEqual(endsBefore);
    expect(await second.committedOffsets(groupId, 'durable')).toEqual(committedBefore);
    await second.produce('durable', records('b', 10));
    const all = await readAll(second, 'durable');
    expect(all.map((r) => r.value.toString()).sort()).toEqual(
      [...records('a', 40), ...records('b', 10)].map((r) => String(r.value)).sort(),
    );
    for (const partition of [0, 1]) {
      const offsets = all.filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  });

  it('refuses a second open of a data directory while it is open, and allows it after close', async () => {
    const dataDir = freshDir();
    const log = await createEmbeddedEventLog({ dataDir });
    await expect(createEmbeddedEventLog({ dataDir })).rejects.toMatchObject({
      name: 'EventLogError',
      code: 'EMBEDDED_LOG_LOCKED',
    });
    await log.close();
    const again = await openLog({ dataDir });
    expect(await again.listTopics()).toEqual([]);
  });

  it('refuses a data directory another live process has open', async () => {
    const dataDir = freshDir();
    await openLog({ dataDir });
    const dist = resolve(__dirname, '../../dist/event-log/embedded.js');
    expect(existsSync(dist)).toBe(true); // built by `npx tsc -b core` before the tests
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(dist)}).createEmbeddedEventLog({ dataDir: ${JSON.stringify(dataDir)} })` +
          `.then(() => console.log('opened'), (e) => console.log(e.code))`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.stdout.trim()).toBe('EMBEDDED_LOG_LOCKED');
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = freshDir();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dataDir, 'tickstream-owner.pid'), dead.stdout.trim());
    const log = await openLog({ dataDir });
    await log.createTopics([{ name: 'after-crash', partitions: 1 }]);
    expect(await log.listTopics()).toEqual(['after-crash']);
  });

  it('wakes a consumer on produce instead of waiting for its poll interval', async () => {
    const log = await openLog({ dataDir: freshDir(), pollIntervalMs: 60_000 });
    await log.createTopics([{ name: 'wake', partitions: 1 }]);
    const arrivals: number[] = [];
    await log.consume({
      groupId: 'g',
      topics: ['wake'],
      handler: async () => {
        arrivals.push(Date.now());
      },
    });
    const before = Date.now();
    await log.produce('wake', records('w', 1));
    await waitFor('the record to arrive', () => arrivals.length === 1, 5_000);
    expect((arrivals[0] ?? Infinity) - before).toBeLessThan(1_000);
  });

  it('seeks by append time, which never goes back even when the clock does', async () => {
    let now = 0;
    const log = await openLog({ dataDir: freshDir(), clock: () => now });
    await log.createTopics([{ name: 'jitter', partitions: 1 }]);
    const clockAtProduce = [50, 10, 70, 20, 90, 30, 100, 60, 55, 120, 110, 130];
    for (const [i, t] of clockAtProduce.entries()) {
      now = t;
      await log.produce('jitter', [{ key: 'k', value: String(i) }]);
    }
    const appendTimes = clockAtProduce.map((_, i) => Math.max(...clockAtProduce.slice(0, i + 1)));
    for (const target of [0, 10, 51, 60, 71, 95, 101, 125, 131]) {
      const groupId = uniqueName('seek');
      const got: LogRecord[] = [];
      const consumer = await log.consume({
        groupId,
        topics: ['jitter'],
        start: { timestamp: target },
        handler: async (batch) => {
          got.push(...batch.records);
        },
      });
      const firstAtOrAfter = appendTimes.findIndex((ts) => ts >= target);
      const expected = firstAtOrAfter === -1 ? appendTimes.length : firstAtOrAfter;
      await waitFor(
        `records from offset ${expected}`,
        async () => (await log.committedOffsets(groupId, 'jitter')).get(0) === appendTimes.length,
        5_000,
      );
      await consumer.stop();
      expect(got.map((r) => r.offset)).toEqual(
        appendTimes.map((_, i) => i).filter((i) => i >= expected),
      );
      expect(got.map((r) => r.timestamp)).toEqual(appendTimes.slice(expected));
    }
  });

  it('deletes records older than the topic retention without reusing their offsets', async () => {
    const dataDir = freshDir();
    let now = Date.now() - 3_600_000;
    const log = await createEmbeddedEventLog({
      dataDir,
      retentionCheckIntervalMs: 50,
      clock: () => now,
    });
    await log.createTopics([{ name: 'aged', partitions: 1, retentionMs: 60_000 }]);
    await log.produce('aged', records('old', 30));
    now = Date.now();
    await log.produce('aged', records('new', 20));
    await waitFor(
      'retention to delete the old batch',
      async () => (await readAll(log, 'aged')).length === 20,
      10_000,
      100,
    );
    expect((await readAll(log, 'aged')).map((r) => r.offset)).toEqual(
      Array.from({ length: 20 }, (_, i) => 30 + i),
    );
    expect((await log.endOffsets('aged')).get(0)).toBe(50);
    await log.close();

    const reopened = await openLog({ dataDir, retentionCheckIntervalMs: 50 });
    await reopened.produce('aged', records('later', 5));
    const after = await readAll(reopened, 'aged');
    expect(after.map((r) => r.offset)).toEqual(Array.from({ length: 25 }, (_, i) => 30 + i));
  });

  it('keeps trades of 2024 under a 7-day retention, deleting them 7 days after they arrived', async () => {
    const day = 24 * 3_600_000;
    let now = Date.now();
    const log = await openLog({
      dataDir: freshDir(),
      retentionCheckIntervalMs: 20,
      clock: () => now,
    });
    await log.createTopics([
      { name: 'trades-2024', partitions: 2, retentionMs: 7 * day },
      { name: 'canary', partitions: 1, retentionMs: 3 * day },
    ]);
    const tradeTime = Date.UTC(2024, 2, 1);
    await log.produce(
      'trades-2024',
      Array.from({ length: 30 }, (_, i) => ({
        key: `k${i % 3}`,
        value: JSON.stringify({ id: i, tradeTime }),
      })),
    );
    await log.produce('canary', records('expired', 1));
    now += 6 * day;
    await log.produce('canary', records('kept', 1));
    // A sweep trims the canary; the same sweep passed the trades (created before it).
    await waitFor(
      'a retention sweep',
      async () => (await readAll(log, 'canary')).length === 1,
      10_000,
      50,
    );
    expect((await readAll(log, 'trades-2024')).length).toBe(30);

    now += 2 * day;
    await log.produce('trades-2024', records('fresh', 10)); // keys over both partitions
    await waitFor(
      'the trades to expire 7 days after arrival',
      async () => (await readAll(log, 'trades-2024')).length === 10,
      10_000,
      50,
    );
  });

  it('migrates a data directory of event-time records: they count as appended at the upgrade', async () => {
    const dataDir = freshDir();
    const first = await createEmbeddedEventLog({ dataDir });
    await first.createTopics([{ name: 'legacy', partitions: 2, retentionMs: 7 * 24 * 3_600_000 }]);
    for (let b = 0; b < 3; b++) await first.produce('legacy', records(`v1-${b}`, 10));
    await first.close();
    const tradeTime = Date.UTC(2024, 0, 2);
    await rewriteAsFormat1(dataDir, tradeTime);

    const upgradeTime = Date.now() + 60_000;
    let now = upgradeTime;
    const log = await openLog({ dataDir, clock: () => now, retentionCheckIntervalMs: 20 });
    const migrated = await readAll(log, 'legacy');
    expect(migrated.map((r) => String(r.value)).sort()).toEqual(
      [0, 1, 2].flatMap((b) => records(`v1-${b}`, 10).map((r) => String(r.value))).sort(),
    );
    expect(migrated.every((r) => r.timestamp === upgradeTime)).toBe(true);

    now = upgradeTime - 5_000; // a clock behind the upgrade time: append times still go on
    await log.produce('legacy', records('v2', 10));
    const after = await readAll(log, 'legacy');
    expect(
      after
        .filter((r) => String(r.value).startsWith('v2'))
        .every((r) => r.timestamp === upgradeTime),
    ).toBe(true);

    now = upgradeTime + 60_000;
    const groupId = uniqueName('from-upgrade');
    const got: LogRecord[] = [];
    const consumer = await log.consume({
      groupId,
      topics: ['legacy'],
      start: { timestamp: upgradeTime + 1 },
      handler: async (batch) => {
        got.push(...batch.records);
      },
    });
    await log.produce('legacy', records('later', 4));
    await waitFor('the records after the upgrade', () => got.length >= 4, 5_000);
    await consumer.stop();
    expect(got.map((r) => String(r.value)).sort()).toEqual(
      records('later', 4)
        .map((r) => String(r.value))
        .sort(),
    );
  });

  it('deletes whole oldest batches while a partition is over its size limit', async () => {
    const log = await openLog({ dataDir: freshDir(), retentionCheckIntervalMs: 50 });
    const value = 'v'.repeat(1000);
    await log.createTopics([{ name: 'sized', partitions: 1, retentionBytes: 25_000 }]);
    for (let b = 0; b < 10; b++) {
      await log.produce(
        'sized',
        Array.from({ length: 10 }, () => ({ key: 'k', value })),
      );
    }
    // Each batch is ~10 KB, so two batches fit under 25 KB and eight must go.
    await waitFor(
      'retention to trim the partition',
      async () => (await readAll(log, 'sized')).length === 20,
      10_000,
      100,
    );
    expect((await readAll(log, 'sized')).map((r) => r.offset)).toEqual(
      Array.from({ length: 20 }, (_, i) => 80 + i),
    );
  });

  it('leaves the group when a handler hangs past the stop timeout, so another member takes over', async () => {
    const log = await openLog({ dataDir: freshDir(), stopTimeoutMs: 300 });
    await log.createTopics([{ name: 'hang', partitions: 1 }]);
    await log.produce('hang', records('h', 10));
    let hung = 0;
    const a = await log.consume({
      groupId: 'g',
      topics: ['hang'],
      handler: () => {
        hung++;
        return new Promise<void>(() => undefined);
      },
    });
    await waitFor('member A to hang', () => hung === 1, 5_000);
    const got: RecordBatch[] = [];
    const b = await log.consume({
      groupId: 'g',
      topics: ['hang'],
      handler: async (batch) => {
        got.push(batch);
      },
    });
    expect(b.assignments()).toEqual([]);
    const started = Date.now();
    await a.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await waitFor('member B to get the hung batch', () => got.length > 0, 5_000);
    expect(got[0]?.records[0]?.offset).toBe(0);
  });

  it('rejects unknown topics, invalid records and offset resets on a live group with typed errors', async () => {
    const log = await openLog({ dataDir: freshDir() });
    await expect(log.produce('missing', records('x', 1))).rejects.toMatchObject({
      code: 'UNKNOWN_TOPIC',
    });
    await log.createTopics([{ name: 'typed', partitions: 1 }]);
    await expect(
      log.produce('typed', [{ key: 'k', value: 42 as unknown as string }]),
    ).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(log.createTopics([{ name: 'bad name!', partitions: 1 }])).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
    });
    await log.consume({ groupId: 'live', topics: ['typed'], handler: async () => undefined });
    await expect(
      log.consume({
        groupId: 'live',
        topics: ['typed'],
        start: 'earliest',
        handler: async () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'GROUP_NOT_EMPTY', retriable: true });
    await log.close();
    await expect(log.produce('typed', records('x', 1))).rejects.toMatchObject({
      code: 'EVENT_LOG_CLOSED',
    });
  });
});

/**
 * Turns a data directory written by this version back into format 1, as the version before
 * wrote it: batch format 1, every record stamped with an event time, no store format key.
 */
async function rewriteAsFormat1(dataDir: string, eventTime: number): Promise<void> {
  const root = openLmdb({ path: dataDir, noSubdir: false, maxDbs: 8 });
  const recordsDb = root.openDB<Buffer, Buffer>({
    name: 'records',
    keyEncoding: 'binary',
    encoding: 'binary',
  });
  const topicsDb = root.openDB<unknown, string>({ name: 'topics' });
  root.transactionSync(() => {
    let partition = '';
    for (const { key, value } of recordsDb.getRange({})) {
      const p = key.subarray(0, 8).toString('hex');
      const first = p !== partition;
      partition = p;
      const batch = Buffer.from(value);
      batch.writeUInt32LE(FORMAT_V1, 0);
      batch.writeDoubleLE(first ? -Infinity : eventTime, 16);
      batch.writeDoubleLE(eventTime, 24);
      let pos = 48;
      for (let i = 0; i < batch.readUInt32LE(4); i++) {
        batch.writeDoubleLE(eventTime, pos);
        pos += 16 + batch.readUInt32LE(pos + 8) + batch.readUInt32LE(pos + 12);
      }
      recordsDb.putSync(Buffer.from(key), batch);
    }
    topicsDb.removeSync(STORE_FORMAT_KEY);
  });
  await root.close();
}
