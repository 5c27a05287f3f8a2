// Crash safety of the embedded log: a child appends numbered records and reports each
// acknowledged produce; we SIGKILL it at random moments, many times, restart it (it goes on
// from the last readable number) and finally check that every acknowledged record is there,
// once, in order, intact, and that what is readable has no holes.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createEmbeddedEventLog } from '../../src/event-log/embedded';
import type { LogRecord } from '../../src/event-log/port';
import { waitFor } from './event-log-contract';

const CHILD = resolve(__dirname, 'fixtures/embedded-crash-child.js');
const BUILT = resolve(__dirname, '../../dist/event-log/embedded.js');
const KILLS = 25;

/** Must match recordValue() in the child. */
function recordValue(seq: number): string {
  return `seq=${seq};${'x'.repeat(50 + (seq % 151))};end=${seq}`;
}

interface Run {
  readonly ready: number | undefined;
  readonly acked: number;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Starts the child, kills it with SIGKILL after a random delay and waits until it is reaped. */
function runAndKill(dataDir: string, killDuringStartup: boolean): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ready: number | undefined;
    let acked = -1;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'ready') {
        ready = Number(a);
        if (!killDuringStartup) timer = setTimeout(kill, 50 + Math.random() * 600);
      } else if (kind === 'ack') {
        // Calls in flight together may resolve in any order; all that matters is the highest
        // acknowledged number, since the readable numbers must be a gapless 0..max.
        if (!(Number(a) <= Number(b))) reject(new Error(`malformed ack line: ${line}`));
        acked = Math.max(acked, Number(b));
      }
    });
    if (killDuringStartup) timer = setTimeout(kill, Math.random() * 250);
    child.on('error', reject);
    // 'close' comes after the process is reaped and its output drained, so the next child
    // never finds it alive in the lock file.
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolvePromise({ ready, acked, signal, stderr });
    });
  });
}

describe('embedded log crash safety', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tickstream-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged record, once, in order and intact across repeated SIGKILLs', async () => {
    expect(existsSync(BUILT)).toBe(true); // run `npx tsc -b core` first; npm test does
    let acknowledged = -1;
    let kills = 0;
    let restartsAfterProgress = 0;
    for (let run = 0; run < KILLS; run++) {
      const result = await runAndKill(dataDir, run % 5 === 4);
      expect(result.stderr).toBe('');
      expect(result.signal).toBe('SIGKILL');
      kills++;
      if (result.ready !== undefined) {
        // Everything acknowledged before earlier kills was found again on restart.
        expect(result.ready).toBeGreaterThan(acknowledged);
        if (result.acked >= 0) {
          expect(result.acked).toBeGreaterThanOrEqual(result.ready);
          restartsAfterProgress++;
        }
      }
      acknowledged = Math.max(acknowledged, result.acked);
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(restartsAfterProgress).toBeGreaterThanOrEqual(10);
    expect(acknowledged).toBeGreaterThan(1000);

    const log = await createEmbeddedEventLog({ dataDir });
    try {
      const ends = await log.endOffsets('crash');
      const total = [...ends.values()].reduce((a, b) => a + b, 0);
      const records: LogRecord[] = [];
      const consumer = await log.consume({
        groupId: 'verify',
        topics: ['crash'],
        start: 'earliest',
        maxBatchSize: 5000,
        handler: async (batch) => {
          records.push(...batch.records);
        },
      });
      await waitFor('every record to be read back', () => records.length >= total, 60_000);
      await consumer.stop();

      const torn: string[] = [];
      const seqs = records.map((record) => {
        const text = record.value.toString('utf8');
        const seq = Number(/^seq=(\d+);/.exec(text)?.[1] ?? Number.NaN);
        // Not torn, not mixed with another record, under the key it was produced with.
        if (text !== recordValue(seq) || record.key !== `key-${seq % 7}`) {
          torn.push(`${record.partition}:${record.offset}`);
        }
        return seq;
      });
      expect(torn).toEqual([]);
      // Readable numbers are exactly 0..max: no duplicates and no holes.
      const sortedSeqs = [...seqs].sort((a, b) => a - b);
      expect(sortedSeqs.length).toBe(total);
      expect(sortedSeqs.findIndex((seq, i) => seq !== i)).toBe(-1);
      // Every acknowledged record is among them.
      expect(sortedSeqs.length).toBeGreaterThan(acknowledged);
      // Within each partition, offsets are dense and follow the produce order.
      for (const partition of ends.keys()) {
        const inPartition = records
          .map((record, i) => ({ record, seq: seqs[i] ?? -1 }))
          .filter(({ record }) => record.partition === partition);
        expect(inPartition.findIndex(({ record }, i) => record.offset !== i)).toBe(-1);
        expect(
          inPartition.findIndex(({ seq }, i) => i > 0 && seq <= (inPartition[i - 1]?.seq ?? -1)),
        ).toBe(-1);
      }
      console.log(
        `crash test: ${kills} SIGKILLs, ${acknowledged + 1} acknowledged, ${total} readable records`,
      );
    } finally {
      await log.close();
    }
  }, 600_000);
});
