import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import { MIGRATIONS_DIR, TOPICS, type Candle } from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import { buildPipeline } from '../../src/pipeline';
import { produceTrades, syntheticTape } from '../helpers/tapes';

/** A final 1s bar of one trade, closing at `close`. */
function bar(start: number, close: number): Candle {
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol: 'BTCUSDT',
    interval: '1s',
    start,
    end: start + 1_000,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    buyVolume: 1,
    sellVolume: 0,
    tradeCount: 1,
    vwap: close,
    firstTradeId: start,
    lastTradeId: start,
    version: 1,
    final: true,
  };
}

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

  it('keeps the complete row of a bar when the bar is sent again at the edge of what it keeps, before the flush', async () => {
    // A restarted candles stage sends its recent bars again. Here all of them are read in one
    // batch: the bars older than what the stage keeps (window + slack) are ignored, and the
    // first kept bar's repeat yields rows over fewer bars, which must not displace the
    // complete rows still waiting to be written.
    const start = Date.UTC(2024, 6, 18, 23, 0, 0);
    const bars = Array.from({ length: 60 }, (_, i) => bar(start + i * 1_000, 100 + (i % 7)));
    await t.log.produce(
      TOPICS.candles.name,
      [...bars, ...bars].map((c) => ({ key: TOPICS.candles.keyOf(c), value: JSON.stringify(c) })),
    );
    const pipeline = buildPipeline({
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
      intervals: ['1s'],
      statsWindows: [{ interval: '1s', bars: 20 }],
      allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
      maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      flushIntervalMs: 50,
    });
    await pipeline.start();
    await pipeline.drained();
    await pipeline.stop();

    const rows = await query<{ time: number; bars: number; mean_close: number }>(
      ch,
      `SELECT toUnixTimestamp64Milli(time) AS time, bars, mean_close
       FROM symbol_stats FINAL WHERE window = '20x1s' ORDER BY time`,
    );
    expect(rows.map((r) => r.bars)).toEqual(bars.map((_, i) => Math.min(i + 1, 20)));
    rows.forEach((row, i) => {
      const closes = bars.slice(Math.max(0, i - 19), i + 1).map((c) => c.close);
      expect(row.time).toBe(bars[i]!.start);
      expect(row.mean_close).toBeCloseTo(closes.reduce((a, b) => a + b, 0) / closes.length, 9);
    });
  });
});
