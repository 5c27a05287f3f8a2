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

/** True while the trades sink has not yet written (and committed) the whole tape. */
async function workLeft(dataDir: string): Promise<boolean> {
  const log = await createEmbeddedEventLog({ dataDir: join(dataDir, 'log') });
  try {
    const ends = await log.endOffsets(TOPICS.trades.name);
    const sunk = await log.committedOffsets('tickstream.trades-sink', TOPICS.trades.name);
    return [...ends].some(([partition, end]) => (sunk.get(partition) ?? 0) < end);
  } finally {
    await log.close();
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
        trades: 600_000,
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

  it('leave tables identical to an uninterrupted run after ten kills at random points during the work', async () => {
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

    // Kill at random points until ten kills have landed while work was left; a kill after the
    // work was done proves nothing, so it does not count.
    const rand = seededRandom(99);
    let midWorkKills = 0;
    for (let attempt = 0; midWorkKills < 10; attempt++) {
      expect(attempt).toBeLessThan(30);
      const child = spawnCli(['process', '--data-dir', crashed, ...settings]);
      const exited = waitForExit(child);
      // Start-up takes well under a second; most kills land while the tape is processed.
      await new Promise((r) => setTimeout(r, 600 + Math.floor(rand() * 1000)));
      expect(child.kill('SIGKILL')).toBe(true);
      expect((await exited).signal).toBe('SIGKILL');
      if (await workLeft(crashed)) midWorkKills += 1;
    }
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
