import { INTERVAL_MS, INTERVALS, type Interval, type Trade } from '@tickstream/schema';
import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PROCESS_SETTINGS } from '../../src/settings';
import { MIGRATIONS_DIR, TOPICS, validateDeadLetter } from '@tickstream/schema';
import {
  adaptersUnderTest,
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type TestLog,
} from '@tickstream/testkit';
import { DEFAULT_TAPE, SPOT_TAPE, loadCapture } from '@tickstream/ingest';
import { candlesProcessor } from '../../src/candles/candles-processor';
import { replayDerivedTables } from '../../src/replay';
import { buildProcessor } from '../../src/runtime/define-processor';
import { tradesSink } from '../../src/sinks/trades-sink';
import { readReference, relativeError } from '../helpers/reference';
import { produceTrades, syntheticTape } from '../helpers/tapes';

interface CandleRowOut {
  symbol: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quote_volume: number;
  buy_volume: number;
  sell_volume: number;
  trade_count: number;
  first_trade_id: number;
  last_trade_id: number;
}

const COLUMNS = `symbol, toUnixTimestamp64Milli(bucket_start) AS start, open, high, low, close, volume,
  quote_volume, buy_volume, sell_volume, trade_count, first_trade_id, last_trade_id`;

async function materialized(ch: ClickHouseHandle, interval: Interval): Promise<CandleRowOut[]> {
  const result = await ch.client.query({
    query: `SELECT ${COLUMNS} FROM candles FINAL WHERE bar_interval = {interval:String} ORDER BY symbol, start`,
    query_params: { interval },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<CandleRowOut>();
}

/** What ClickHouse itself computes from the raw trades: one GROUP BY per interval. */
async function oracle(ch: ClickHouseHandle, interval: Interval): Promise<CandleRowOut[]> {
  const result = await ch.client.query({
    query: `
      SELECT symbol,
             intDiv(toUnixTimestamp64Milli(trade_time), {size:UInt64}) * {size:UInt64} AS start,
             argMin(price, (trade_time, trade_id)) AS open, max(price) AS high, min(price) AS low,
             argMax(price, (trade_time, trade_id)) AS close, sum(qty) AS volume,
             sum(price * qty) AS quote_volume, sumIf(qty, side = 'buy') AS buy_volume,
             sumIf(qty, side = 'sell') AS sell_volume, count() AS trade_count,
             min(trade_id) AS first_trade_id, max(trade_id) AS last_trade_id
      FROM trades FINAL
      GROUP BY symbol, start
      ORDER BY symbol, start`,
    query_params: { size: INTERVAL_MS[interval] },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<CandleRowOut>();
}

function expectSameCandles(actual: CandleRowOut[], expected: CandleRowOut[]): void {
  expect(actual.map((c) => [c.symbol, c.start])).toEqual(expected.map((c) => [c.symbol, c.start]));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    // Selections are exact; sums may differ in the last bits with summation order.
    expect([
      a.open,
      a.high,
      a.low,
      a.close,
      a.trade_count,
      a.first_trade_id,
      a.last_trade_id,
    ]).toEqual([e.open, e.high, e.low, e.close, e.trade_count, e.first_trade_id, e.last_trade_id]);
    for (const field of ['volume', 'quote_volume', 'buy_volume', 'sell_volume'] as const) {
      expect(Math.abs(a[field] - e[field])).toBeLessThanOrEqual(1e-9 * Math.abs(e[field]) + 1e-12);
    }
  });
}

describe.each(adaptersUnderTest())('the candles processor on %s + chDB', (adapter) => {
  let t: TestLog;
  let ch: ClickHouseHandle;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    t = await openTestLog(adapter);
    await t.log.createTopics(topicSpecs());
    ch = await openTestClickHouse('candles');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await t.cleanup();
    await dropDatabase(ch);
  });

  async function runPipeline(trades: readonly Trade[], intervals: readonly Interval[]) {
    await produceTrades(t.log, trades);
    const sink = buildProcessor(tradesSink, {
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
    });
    const candles = buildProcessor(candlesProcessor, {
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
      intervals,
      allowedLatenessMs: 2_000,
      maxLatenessMs: 60_000,
    });
    stops.push(
      () => sink.stop(),
      () => candles.stop(),
    );
    await sink.start();
    await candles.start();
    await sink.drained();
    await candles.drained();
    return { sink, candles };
  }

  it('materializes, for every interval, exactly what ClickHouse computes from the raw trades', async () => {
    const tape = syntheticTape({
      symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      trades: 20_000,
      startMs: Date.UTC(2024, 6, 18, 23, 0, 0),
      seed: 7,
      lateShare: 0.05,
      maxDelayMs: 20_000,
      duplicateShare: 0.02,
    });
    const { candles } = await runPipeline(tape, INTERVALS);
    expect(candles.counters.tooLate).toBe(0);
    expect(candles.counters.duplicates).toBeGreaterThan(100);
    expect(candles.counters.revisions).toBeGreaterThan(0);
    for (const interval of INTERVALS) {
      const actual = await materialized(ch, interval);
      expect(actual.length).toBeGreaterThan(0);
      expectSameCandles(actual, await oracle(ch, interval));
    }
  });

  it.each([
    ['USD-M futures', DEFAULT_TAPE],
    ['spot', SPOT_TAPE],
  ])(
    'materializes the real Binance %s capture exactly as ClickHouse groups its raw trades',
    async (_name, path) => {
      const trades: Trade[] = (await loadCapture(path)).map((t) => ({
        type: 'trade',
        exchange: 'binance-futures',
        symbol: t.symbol,
        tradeId: t.id,
        price: Number(t.price),
        qty: Number(t.qty),
        side: t.isBuyerMaker ? 'sell' : 'buy',
        tradeTime: t.time,
        eventTime: t.eventTime,
        ingestTime: t.eventTime,
      }));
      expect(trades.length).toBeGreaterThan(20_000);
      const { candles } = await runPipeline(trades, ['1s', '1m', '5m']);
      expect(candles.counters.tooLate).toBe(0);
      for (const interval of ['1s', '1m', '5m'] as const) {
        const actual = await materialized(ch, interval);
        expect(actual.length).toBeGreaterThan(interval === '1s' ? 400 : 2);
        expectSameCandles(actual, await oracle(ch, interval));
      }
    },
  );

  it('rebuilds the candles from a time in the log with identical results', async () => {
    const start = Date.UTC(2024, 6, 18, 23, 0, 0);
    const tape = syntheticTape({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      trades: 8_000,
      startMs: start,
      seed: 17,
      lateShare: 0.03,
      maxDelayMs: 10_000,
    });
    const { sink, candles } = await runPipeline(tape, ['1s', '1m']);
    await sink.stop();
    await candles.stop();
    const before = [...(await materialized(ch, '1s')), ...(await materialized(ch, '1m'))];
    const middle = tape[Math.floor(tape.length / 2)]!.tradeTime;
    const result = await replayDerivedTables({
      eventLog: t.log,
      clickhouse: ch.client,
      logger: silentLogger,
      intervals: ['1s', '1m'],
      statsWindows: [{ interval: '1m', bars: 5 }],
      allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
      maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      from: middle,
    });
    expect(result.fromMs).toBe(Math.floor(middle / 60_000) * 60_000);
    const after = [...(await materialized(ch, '1s')), ...(await materialized(ch, '1m'))];
    expect(after).toEqual(before);
  });

  it('equals the pandas resample of the reference tape for 1s, 1m and 5m', async () => {
    type Columns = { ts: number[]; id: number[]; price: number[]; qty: number[] };
    type Buckets = Record<
      'start_ms' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'count' | 'notional' | 'vwap',
      number[]
    >;
    const ref = readReference<{
      input: Record<string, Columns>;
      expected: Record<string, { ohlc: Record<string, { buckets: Buckets }> }>;
    }>('trades_ohlc.json');
    const trades: Trade[] = [];
    for (const [symbol, cols] of Object.entries(ref.input)) {
      cols.ts.forEach((ts, i) =>
        trades.push({
          type: 'trade',
          exchange: 'binance-futures',
          symbol,
          tradeId: cols.id[i]!,
          price: cols.price[i]!,
          qty: cols.qty[i]!,
          side: 'buy',
          tradeTime: ts,
          eventTime: ts,
          ingestTime: ts,
        }),
      );
    }
    trades.sort((a, b) => a.tradeTime - b.tradeTime || a.tradeId - b.tradeId);
    await runPipeline(trades, ['1s', '1m', '5m']);
    for (const [interval, rule] of [
      ['1s', '1s'],
      ['1m', '1min'],
      ['5m', '5min'],
    ] as const) {
      const rows = await materialized(ch, interval);
      for (const symbol of Object.keys(ref.input)) {
        const expected = ref.expected[symbol]!.ohlc[rule]!.buckets;
        const mine = rows.filter((r) => r.symbol === symbol);
        expect(mine.map((r) => r.start)).toEqual(expected.start_ms);
        mine.forEach((r, i) => {
          expect([r.open, r.high, r.low, r.close, r.trade_count]).toEqual([
            expected.open[i],
            expected.high[i],
            expected.low[i],
            expected.close[i],
            expected.count[i],
          ]);
          expect(relativeError(r.volume, expected.volume[i]!)).toBeLessThanOrEqual(1e-12);
          expect(relativeError(r.quote_volume, expected.notional[i]!)).toBeLessThanOrEqual(1e-12);
          expect(relativeError(r.quote_volume / r.volume, expected.vwap[i]!)).toBeLessThanOrEqual(
            1e-10,
          );
        });
      }
    }
  });

  it('revises a candle with a late trade and dead-letters a too-late one with its reason', async () => {
    const base = Date.UTC(2024, 6, 19, 0, 0, 0);
    const mk = (id: number, at: number, price: number): Trade => ({
      type: 'trade',
      exchange: 'binance-futures',
      symbol: 'BTCUSDT',
      tradeId: id,
      price,
      qty: 1,
      side: 'buy',
      tradeTime: base + at,
      eventTime: base + at,
      ingestTime: base + at,
    });
    const tape = [
      mk(1, 100, 10),
      mk(3, 5_000, 12),
      mk(2, 900, 30),
      mk(4, 120_000, 13),
      mk(5, 1_000, 99),
    ];
    const { candles } = await runPipeline(tape, ['1s']);
    expect(candles.counters).toMatchObject({ trades: 4, tooLate: 1, revisions: 1 });
    const first = (await materialized(ch, '1s')).find((c) => c.start === base);
    expect(first).toMatchObject({ open: 10, high: 30, close: 30, trade_count: 2 });
    const version = await ch.client.query({
      query:
        'SELECT version, is_final FROM candles FINAL WHERE bucket_start = fromUnixTimestamp64Milli({t:Int64})',
      query_params: { t: base },
      format: 'JSONEachRow',
    });
    expect(await version.json()).toEqual([{ version: 2, is_final: 1 }]);

    const letters: unknown[] = [];
    const consumer = await t.log.consume({
      groupId: 'read-dead-letters',
      topics: [TOPICS.deadLetter.name],
      handler: async (batch) => {
        letters.push(...batch.records.map((r) => JSON.parse(r.value.toString()) as unknown));
      },
    });
    stops.push(() => consumer.stop());
    const deadline = Date.now() + 30_000;
    while (letters.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(letters).toHaveLength(1);
    const letter = validateDeadLetter.assert(letters[0]);
    expect(letter).toMatchObject({
      code: 'TOO_LATE',
      source: 'stream-processors/candles',
      topic: TOPICS.trades.name,
    });
    expect(letter.reason).toBe(
      'trade 5 at 2024-07-19T00:00:01.000Z is 119000 ms behind the newest BTCUSDT trade; the maximum lateness is 60000 ms',
    );
    expect(JSON.parse(letter.raw)).toMatchObject({ tradeId: 5, price: 99 });
  });
});
