import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import {
  MIGRATIONS_DIR,
  PAIR_DEFAULTS,
  validatePairAnalytics,
  type PairSpec,
} from '@tickstream/schema';
import {
  adaptersUnderTest,
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type TestLog,
} from '@tickstream/testkit';
import { buildPipeline, type PipelineOptions } from '../../src/pipeline';
import { replayDerivedTables } from '../../src/replay';
import { pairTape, produceTrades } from '../helpers/tapes';

const pairs: PairSpec[] = [
  {
    ...PAIR_DEFAULTS,
    symbolY: 'ETHUSDT',
    symbolX: 'BTCUSDT',
    interval: '1s',
    olsWindow: 200,
    corrWindow: 60,
    testEvery: 10,
  },
  {
    ...PAIR_DEFAULTS,
    symbolY: 'SOLUSDT',
    symbolX: 'BTCUSDT',
    interval: '1s',
    olsWindow: 200,
    corrWindow: 60,
    testEvery: 10,
  },
];

interface LatestRow {
  pair: string;
  bars: number;
  adf_pvalue: number;
  coint_pvalue: number;
  hedge_ratio: number;
}

async function rows<T>(ch: ClickHouseHandle, query: string): Promise<T[]> {
  const result = await ch.client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}

describe.each(adaptersUnderTest())('pair analytics end to end on %s + chDB', (adapter) => {
  let t: TestLog;
  let ch: ClickHouseHandle;

  beforeEach(async () => {
    t = await openTestLog(adapter);
    await t.log.createTopics(topicSpecs());
    ch = await openTestClickHouse('pairs');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  });
  afterEach(async () => {
    await t.cleanup();
    await dropDatabase(ch);
  });

  const settings = (): PipelineOptions => ({
    eventLog: t.log,
    clickhouse: ch.client,
    logger: silentLogger,
    intervals: ['1s'],
    statsWindows: [{ interval: '1s', bars: 60 }],
    allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
    maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
    pairs,
    flushIntervalMs: 50,
  });

  it('finds the cointegrated pair stationary and the independent one not, and replays to identical rows', async () => {
    await produceTrades(
      t.log,
      pairTape({ startMs: Date.UTC(2024, 7, 8, 23, 0, 0), seconds: 900, seed: 5 }),
    );
    const pipeline = buildPipeline(settings());
    await pipeline.start();
    await pipeline.drained();
    await pipeline.stop();

    const latest = await rows<LatestRow>(
      ch,
      `SELECT pair, count() AS bars, argMax(adf_pvalue, time) AS adf_pvalue,
              argMax(coint_pvalue, time) AS coint_pvalue, argMax(hedge_ratio, time) AS hedge_ratio
       FROM pair_analytics FINAL GROUP BY pair ORDER BY pair`,
    );
    expect(latest.map((r) => r.pair)).toEqual(['ETHUSDT/BTCUSDT', 'SOLUSDT/BTCUSDT']);
    const [eth, sol] = latest as [LatestRow, LatestRow];
    // The watermark trails the last trade (at 899.x s) by the 2 s allowed lateness, so the
    // last three 1s candles of each leg are still open: 897 of 900 bars are aligned.
    expect(eth.bars).toBe(897);
    expect(eth.adf_pvalue).toBeLessThan(0.05);
    expect(eth.coint_pvalue).toBeLessThan(0.05);
    expect(eth.hedge_ratio).toBeGreaterThan(0.03);
    expect(eth.hedge_ratio).toBeLessThan(0.07);
    expect(sol.adf_pvalue).toBeGreaterThan(0.05);
    expect(sol.coint_pvalue).toBeGreaterThan(0.05);

    const all = async () =>
      rows<Record<string, unknown>>(
        ch,
        'SELECT * EXCEPT (version) FROM pair_analytics FINAL ORDER BY pair, bar_interval, time',
      );
    const before = await all();
    await replayDerivedTables({ ...settings(), from: 'earliest' });
    const after = await all();
    expect(after).toHaveLength(before.length);
    expect(after).toEqual(before);
  });

  it('publishes valid PairAnalytics messages with no NaN or Infinity', async () => {
    await produceTrades(
      t.log,
      pairTape({ startMs: Date.UTC(2024, 7, 8, 23, 0, 0), seconds: 260, seed: 6 }),
    );
    const pipeline = buildPipeline(settings());
    await pipeline.start();
    await pipeline.drained();
    await pipeline.stop();
    const messages: string[] = [];
    const consumer = await t.log.consume({
      groupId: 'read-pair-analytics',
      topics: ['md.pair-analytics.v1'],
      handler: async (batch) => {
        messages.push(...batch.records.map((r) => r.value.toString()));
      },
    });
    const deadline = Date.now() + 30_000;
    while (messages.length < 2 * 257 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await consumer.stop();
    expect(messages).toHaveLength(2 * 257);
    for (const message of messages) {
      expect(message).not.toMatch(/NaN|Infinity/);
      validatePairAnalytics.assert(JSON.parse(message));
    }
  });
});
