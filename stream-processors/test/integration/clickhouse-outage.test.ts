import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouse,
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import {
  openTestLog,
  startChdbHttpServer,
  type ChdbHttpServer,
  type TestLog,
} from '@tickstream/testkit';
import { buildPipeline } from '../../src/pipeline';
import { produceTrades, syntheticTape, waitFor } from '../helpers/tapes';

async function count(ch: ClickHouseHandle, query: string): Promise<number> {
  const result = await ch.client.query({ query, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: number | string }>();
  return Number(row?.n);
}

describe('stream processors while ClickHouse is unreachable', () => {
  let dir: string;
  let server: ChdbHttpServer;
  let ch: ClickHouseHandle;
  let t: TestLog;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickstream-outage-'));
    server = await startChdbHttpServer({ dataDir: join(dir, 'chdb') });
    ch = await createClickHouse({ url: server.url, database: 'outage' });
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    t = await openTestLog('embedded');
    await t.log.createTopics(topicSpecs());
  });
  afterEach(async () => {
    await t.cleanup();
    await ch.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stall with a reason, lose and duplicate nothing, and catch up once it is back', async () => {
    const tape = syntheticTape({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      trades: 12_000,
      startMs: Date.UTC(2024, 6, 18, 23, 0, 0),
      seed: 21,
      lateShare: 0.02,
      maxDelayMs: 5_000,
      duplicateShare: 0.02,
    });
    const metrics = createMetricsRegistry({ role: 'test' });
    const pipeline = buildPipeline({
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
      metrics,
      intervals: ['1s', '1m'],
      statsWindows: [{ interval: '1m', bars: 5 }],
      allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
      maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      flushIntervalMs: 50,
    });
    await pipeline.start();
    await produceTrades(t.log, tape.slice(0, 6_000));
    await pipeline.drained();

    await server.pause();
    await produceTrades(t.log, tape.slice(6_000));
    await waitFor(
      () => pipeline.health()['trades-sink']?.state === 'stalled',
      30_000,
      'the sink to stall',
    );
    const stalled = pipeline.health()['trades-sink'];
    expect(stalled?.reason).toMatch(
      /^cannot write output: .*\[CLICKHOUSE_UNREACHABLE\]; retrying \(attempt \d+\)$/,
    );
    const text = await metrics.metrics();
    expect(text).toMatch(/tickstream_processor_stalled\{[^}]*processor="trades-sink"[^}]*\} 1/);
    expect(text).toMatch(
      /tickstream_processor_sink_errors_total\{[^}]*processor="trades-sink"[^}]*\} [1-9]/,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    await server.resume();

    await pipeline.drained();
    await pipeline.stop();
    expect(pipeline.health()['trades-sink']?.state).toBe('stopped');

    const unique = new Set(tape.map((trade) => `${trade.symbol}:${trade.tradeId}`)).size;
    expect(await count(ch, 'SELECT count() AS n FROM trades FINAL')).toBe(unique);
    expect(
      await count(
        ch,
        `SELECT count() AS n FROM (
           SELECT symbol, intDiv(toUnixTimestamp64Milli(trade_time), 1000) AS s, count() AS c, sum(qty) AS v
           FROM trades FINAL GROUP BY symbol, s) AS o
         FULL OUTER JOIN (
           SELECT symbol, intDiv(toUnixTimestamp64Milli(bucket_start), 1000) AS s, trade_count AS c, volume AS v
           FROM candles FINAL WHERE bar_interval = '1s') AS m
         USING (symbol, s)
         WHERE o.c != m.c OR abs(o.v - m.v) > 1e-9 * o.v`,
      ),
    ).toBe(0);
    expect(
      await count(ch, "SELECT count() AS n FROM candles FINAL WHERE bar_interval = '1s'"),
    ).toBeGreaterThan(100);
  });
});
