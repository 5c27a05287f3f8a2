import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import { buildPipeline } from '../../src/pipeline';
import { produceTrades, syntheticTape } from '../helpers/tapes';

interface StatsRow {
  symbol: string;
  time: number;
  bars: number;
  open_price: number;
  last_price: number;
  high: number;
  low: number;
  volume: number;
  trade_count: number;
  mean_close: number;
  std_close: number | null;
}

async function query<T>(ch: ClickHouseHandle, sql: string): Promise<T[]> {
  const result = await ch.client.query({
    query: sql,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}

describe('the stats processor', () => {
  let t: TestLog;
  let ch: ClickHouseHandle;

  beforeEach(async () => {
    t = await openTestLog('embedded');
    await t.log.createTopics(topicSpecs());
    ch = await openTestClickHouse('stats');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  });
  afterEach(async () => {
    await t.cleanup();
    await dropDatabase(ch);
  });

  it('writes, for every final bar, the statistics ClickHouse computes over the last N final candles', async () => {
    await produceTrades(
      t.log,
      syntheticTape({
        symbols: ['BTCUSDT', 'ETHUSDT'],
        trades: 15_000,
        startMs: Date.UTC(2024, 6, 18, 23, 0, 0),
        seed: 3,
        lateShare: 0.02,
        maxDelayMs: 5_000,
      }),
    );
    const pipeline = buildPipeline({
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
      intervals: ['1s', '1m'],
      statsWindows: [{ interval: '1s', bars: 20 }],
      allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
      maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      flushIntervalMs: 50,
    });
    await pipeline.start();
    await pipeline.drained();
    await pipeline.stop();

    const mine = await query<StatsRow>(
      ch,
      `SELECT symbol, toUnixTimestamp64Milli(time) AS time, bars, open_price, last_price, high, low, volume,
              trade_count, mean_close, std_close
       FROM symbol_stats FINAL WHERE window = '20x1s' ORDER BY symbol, time`,
    );
    // The oracle: window functions over the final 1s candles (a test-only constant window size).
    const oracle = await query<StatsRow>(
      ch,
      `SELECT symbol, toUnixTimestamp64Milli(bucket_start) AS time, count() OVER w AS bars,
              first_value(open) OVER w AS open_price, close AS last_price, max(high) OVER w AS high,
              min(low) OVER w AS low, sum(volume) OVER w AS volume, sum(trade_count) OVER w AS trade_count,
              avg(close) OVER w AS mean_close, if(count() OVER w > 1, stddevSamp(close) OVER w, NULL) AS std_close
       FROM candles FINAL WHERE bar_interval = '1s' AND is_final = 1
       WINDOW w AS (PARTITION BY symbol ORDER BY bucket_start ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
       ORDER BY symbol, time`,
    );
    expect(oracle.length).toBeGreaterThan(200);
    expect(mine.map((r) => [r.symbol, r.time, r.bars])).toEqual(
      oracle.map((r) => [r.symbol, r.time, r.bars]),
    );
    mine.forEach((row, i) => {
      const o = oracle[i]!;
      expect([row.open_price, row.last_price, row.high, row.low, row.trade_count]).toEqual([
        o.open_price,
        o.last_price,
        o.high,
        o.low,
        o.trade_count,
      ]);
      expect(Math.abs(row.volume - o.volume)).toBeLessThanOrEqual(1e-9 * o.volume);
      expect(Math.abs(row.mean_close - o.mean_close)).toBeLessThanOrEqual(1e-9 * o.mean_close);
      if (o.std_close === null) expect(row.std_close).toBeNull();
      else
        expect(Math.abs((row.std_close ?? NaN) - o.std_close)).toBeLessThanOrEqual(
          1e-7 * o.std_close + 1e-9,
        );
    });
  });
});
