import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbeddedEventLog, type EmbeddedEventLogOptions } from '../../src/event-log/embedded';
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

  function records(prefix: string, count: number, timestampOf?: (i: number) => number) {
    return Array.from({ length: count }, (_, i): ProduceRecord => ({
      key: `key-${i % 5}`,
      value: `${prefix}-${i}`,
      ...(timestampOf ? { timestamp: timestampOf(i) } : {}),
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

  it('seeks by timestamp correctly when producer timestamps go back and forth', async () => {
    const log = await openLog({ dataDir: freshDir() });
    await log.createTopics([{ name: 'jitter', partitions: 1 }]);
    const timestamps = [50, 10, 70, 20, 90, 30, 100, 60, 55, 120, 110, 130];
    for (let i = 0; i < timestamps.length; i += 3) {
      await log.produce(
        'jitter',
        timestamps.slice(i, i + 3).map((timestamp, j) => ({
          key: 'k',
          value: String(i + j),
          timestamp,
        })),
      );
    }
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
      const firstAtOrAfter = timestamps.findIndex((ts) => ts >= target);
      const expected = firstAtOrAfter === -1 ? timestamps.length : firstAtOrAfter;
      await waitFor(
        `records from offset ${expected}`,
        async () => (await log.committedOffsets(groupId, 'jitter')).get(0) === timestamps.length,
        5_000,
      );
      await consumer.stop();
      expect(got.map((r) => r.offset)).toEqual(
        timestamps.map((_, i) => i).filter((i) => i >= expected),
      );
    }
  });

  it('deletes records older than the topic retention without reusing their offsets', async () => {
    const dataDir = freshDir();
    const log = await createEmbeddedEventLog({ dataDir, retentionCheckIntervalMs: 50 });
    await log.createTopics([{ name: 'aged', partitions: 1, retentionMs: 60_000 }]);
    const old = Date.now() - 3_600_000;
    await log.produce(
      'aged',
      records('old', 30, () => old),
    );
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
      log.produce('typed', [{ key: 'k', value: 'v', timestamp: Number.NaN }]),
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
