import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, createEmbeddedEventLog, topicSpecs } from '@tickstream/core';
import { TOPICS } from '@tickstream/schema';
import { runCli, spawnCli, waitForExit } from '../helpers/cli';
import { produceTrades, seededRandom, syntheticTape } from '../helpers/tapes';

interface Fingerprint {
  table: string;
  rows: string;
  checksum: string;
}

/** Row count and an order-independent hash of every column, of the deduplicated tables. */
async function fingerprint(dataDir: string): Promise<Fingerprint[]> {
  const ch = await createClickHouse({ database: 'tickstream', chdbPath: join(dataDir, 'chdb') });
  try {
    const out: Fingerprint[] = [];
    for (const [table, columns] of [
      [
        'candles',
        'symbol, bar_interval, bucket_start, open, high, low, close, volume, quote_volume, buy_volume, sell_volume, trade_count, vwap, first_trade_id, last_trade_id, is_final, version',
      ],
      [
        'trades',
        'exchange, symbol, trade_id, price, qty, side, trade_time, event_time, ingest_time',
      ],
    ] as const) {
      const result = await ch.client.query({
        query: `SELECT {t:String} AS table, toString(count()) AS rows, toString(sum(cityHash64(${columns}))) AS checksum FROM {t:Identifier} FINAL`,
        query_params: { t: table },
        format: 'JSONEachRow',
      });
      out.push(...(await result.json<Fingerprint>()));
    }
    return out;
  } finally {
    await ch.close();
  }
}

describe('stream processors killed with SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function dataDirWithTape(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-crash-'));
    dirs.push(dir);
    const log = await createEmbeddedEventLog({ dataDir: join(dir, 'log') });
    await log.createTopics(topicSpecs());
    await produceTrades(
      log,
      syntheticTape({
        symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'],
        trades: 400_000,
        startMs: Date.UTC(2024, 6, 18, 22, 0, 0),
        seed: 11,
        lateShare: 0.03,
        maxDelayMs: 30_000,
        duplicateShare: 0.01,
      }),
    );
    await log.close();
    return dir;
  }

  it('leave tables identical to an uninterrupted run after restarts (12 kills at random points)', async () => {
    const uninterrupted = await dataDirWithTape();
    const crashed = await dataDirWithTape();
    const settings = [
      '--candle-intervals',
      '1s,1m,5m,15m,1h',
      '--processor-flush-interval-ms',
      '100',
    ];

    const clean = await runCli([
      'process',
      '--until-caught-up',
      '--data-dir',
      uninterrupted,
      ...settings,
    ]);
    expect(clean.code).toBe(0);

    const rand = seededRandom(99);
    let killed = 0;
    for (let i = 0; i < 12; i++) {
      const child = spawnCli(['process', '--data-dir', crashed, ...settings]);
      const exited = waitForExit(child);
      // Start-up takes about half a second; the kills land while the tape is being processed.
      await new Promise((r) => setTimeout(r, 500 + Math.floor(rand() * 1500)));
      if (child.kill('SIGKILL')) killed += 1;
      const result = await exited;
      expect(result.signal).toBe('SIGKILL');
    }
    expect(killed).toBe(12);
    // The kills must have interrupted the work, or this test proves nothing.
    const log = await createEmbeddedEventLog({ dataDir: join(crashed, 'log') });
    const ends = await log.endOffsets(TOPICS.trades.name);
    const sunk = await log.committedOffsets('tickstream.trades-sink', TOPICS.trades.name);
    await log.close();
    const total = [...ends.values()].reduce((a, b) => a + b, 0);
    const done = [...sunk.values()].reduce((a, b) => a + b, 0);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(total);
    const finish = await runCli([
      'process',
      '--until-caught-up',
      '--data-dir',
      crashed,
      ...settings,
    ]);
    expect(finish.stderr).toBe('');
    expect(finish.code).toBe(0);

    const expected = await fingerprint(uninterrupted);
    expect(Number(expected[0]?.rows)).toBeGreaterThan(1000);
    expect(await fingerprint(crashed)).toEqual(expected);
  }, 240_000);
});
