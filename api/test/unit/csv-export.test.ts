import type { PairAnalytics as PairAnalyticsEvent } from '@tickstream/schema';
import { csvLine } from '../../src/http/csv';
import type { Candle, PairAnalytics, Trade } from '../../src/generated/graphql';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import {
  barsFrom,
  insertCandles,
  insertPairAnalytics,
  insertTrades,
  T0,
  tradesFrom,
} from '../helpers/seed';

// The /api/v1 CSV exports are printed by ClickHouse. They must be byte for byte what the
// row-by-row export printed in JavaScript: the oracle below is that export's code (the
// values of each row, csvLine), fed with the same rows read through GraphQL.

const AWKWARD = [
  0.1 + 0.2,
  1e-7,
  1e-6,
  0.000001234,
  12345678.9,
  123456789012345680000,
  1e21,
  1.5e300,
  5e-324,
  2 ** 53,
  -0,
  64_000.5,
  1 / 3,
  -1.25e-10,
  9.99e-7,
  1.7976931348623157e308,
  1e300 * 10,
] as const;
const odd = (i: number) => AWKWARD[i % AWKWARD.length] as number;

const iso = (ms: number) => new Date(ms).toISOString();

const candleValues = (b: Candle) => [
  iso(b.start),
  b.start,
  b.exchange,
  b.symbol,
  b.interval,
  b.open,
  b.high,
  b.low,
  b.close,
  b.volume,
  b.quoteVolume,
  b.buyVolume,
  b.sellVolume,
  b.tradeCount,
  b.vwap,
  b.final,
  b.version,
  b.source,
];

const tradeValues = (t: Trade) => [
  iso(t.tradeTime),
  t.tradeTime,
  t.exchange,
  t.symbol,
  t.tradeId,
  t.price,
  t.qty,
  t.side,
  t.eventTime,
  t.ingestTime,
];

const pairValues = (p: PairAnalytics) => [
  iso(p.time),
  p.time,
  p.pair,
  p.symbolX,
  p.symbolY,
  p.interval,
  p.priceX,
  p.priceY,
  p.hedgeRatio,
  p.intercept,
  p.rSquared,
  p.stdError,
  p.spread,
  p.spreadMean,
  p.spreadStd,
  p.zScore,
  p.correlation,
  p.returnCorrelation,
  p.kalmanHedgeRatio,
  p.halfLife,
  p.hurst,
  p.adf?.statistic ?? null,
  p.adf?.pValue ?? null,
  p.adf ? p.adf.isStationary : null,
  p.coint?.pValue ?? null,
  p.version,
];

const CANDLE_HEADER =
  'timestamp,start,exchange,symbol,interval,open,high,low,close,volume,quote_volume,buy_volume,sell_volume,trade_count,vwap,final,version,source';
const TRADE_HEADER =
  'timestamp,trade_time,exchange,symbol,trade_id,price,qty,side,event_time,ingest_time';
const PAIR_HEADER =
  'timestamp,time,pair,symbol_x,symbol_y,interval,price_x,price_y,hedge_ratio,intercept,r_squared,std_error,spread,spread_mean,spread_std,z_score,correlation,return_correlation,kalman_hedge_ratio,half_life,hurst,adf_statistic,adf_p_value,is_stationary,coint_p_value,version';

const CANDLE_FIELDS =
  'exchange symbol interval start open high low close volume quoteVolume buyVolume sellVolume tradeCount vwap final version source';
const PAIR_FIELDS = `pair symbolX symbolY interval time priceX priceY hedgeRatio intercept rSquared
  stdError spread spreadMean spreadStd zScore correlation returnCorrelation kalmanHedgeRatio
  halfLife hurst adf { statistic pValue isStationary } coint { pValue } version`;

function oddBars() {
  const bars = barsFrom(
    'ODDUSDT',
    '1m',
    Array.from({ length: 180 }, (_, i) => odd(i)),
  );
  return bars.map((b, i) => ({
    ...b,
    open: odd(i + 3),
    high: odd(i + 5),
    low: odd(i + 7),
    // Sums of the rolled-up intervals must stay finite: GraphQL (the oracle) has no infinity.
    volume: odd(i + 11) > 1e300 ? 1e-7 : odd(i + 11) * (i % 3),
    quoteVolume: i % 10 === 0 ? Number.NaN : odd(i + 1),
    buyVolume: odd(i + 2),
    sellVolume: 0.1 * i,
    tradeCount: i * 97,
    vwap: i % 9 === 0 ? Number.POSITIVE_INFINITY : odd(i + 13) / 3,
    version: 1 + (i % 4),
    final: i !== 179,
    ...(i % 5 === 0 ? { source: 'klines' as const } : {}),
  }));
}

function oddPairRows(): PairAnalyticsEvent[] {
  const crit = { '1%': -3.96, '5%': -3.41, '10%': -3.13 };
  return Array.from({ length: 120 }, (_, i) => {
    const v = (k: number) => (i % 4 === 0 && k % 2 === 0 ? null : odd(i + k));
    return {
      type: 'pair-analytics',
      pair: 'ODDUSDT/BTCUSDT',
      symbolX: 'BTCUSDT',
      symbolY: 'ODDUSDT',
      interval: '1m',
      time: T0 + i * 60_000,
      priceX: 64_000 + i * 0.1,
      priceY: odd(i),
      olsWindow: 60,
      zScoreWindow: 20,
      corrWindow: 60,
      hedgeRatio: v(1),
      intercept: v(2),
      rSquared: v(3),
      stdError: v(4),
      hedgeRatioThroughOrigin: v(5),
      spread: v(6),
      spreadMean: v(7),
      spreadStd: v(8),
      zScore: v(9),
      correlation: v(10),
      returnCorrelation: v(11),
      kalmanHedgeRatio: v(12),
      kalmanIntercept: v(13),
      kalmanZScore: v(14),
      halfLife: v(15),
      hurst: v(16),
      adf:
        i % 3 === 0
          ? null
          : {
              statistic: -odd(i),
              pValue: i % 2 === 0 ? 0.01 : 0.05,
              usedLag: i % 7,
              nobs: 500,
              criticalValues: crit,
              isStationary: i % 2 === 0,
            },
      coint:
        i % 5 === 0
          ? null
          : { statistic: -2.5, pValue: odd(i + 2), criticalValues: crit, isCointegrated: false },
      nullReasons: i % 4 === 0 ? { hedgeRatio: 'window-not-full' } : {},
      version: 1 + (i % 3),
    } as PairAnalyticsEvent;
  });
}

describe('CSV exports printed by ClickHouse', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await openApiHarness();
    await insertCandles(h.ch, oddBars());
    // An exchange name that needs quoting, so the quoting rule is exercised on stored text.
    await insertCandles(h.ch, barsFrom('QUOTEUSDT', '1m', [1.5, 2.25, 3], T0, 'we,"ird'));
    // Uploaded bars beside live ones: the export reads the merged series.
    await h.ch.client.insert({
      table: 'imported_candles',
      values: [0, 1, 2, 200, 201].map((i) => ({
        symbol: 'ODDUSDT',
        bar_interval: '1m',
        bucket_start: T0 + i * 60_000,
        open: 1,
        high: odd(i + 1),
        low: 0.5,
        close: odd(i),
        volume: 12345678.9,
        trade_count: 3,
        upload_id: 'u1',
        uploaded_at: T0,
      })),
      format: 'JSONEachRow',
    });
    await insertTrades(
      h.ch,
      tradesFrom(
        'ODDUSDT',
        Array.from({ length: 400 }, (_, i) => odd(i)),
      ).map((t, i) => ({ ...t, qty: odd(i + 4) * 1e-3, tradeId: 2 ** 40 + i * 3 })),
    );
    await insertPairAnalytics(h.ch, oddPairRows());
    // Not-a-number and infinities, which the row-by-row export read as null from JSON.
    await h.ch.client.command({
      query: `INSERT INTO pair_analytics SELECT * REPLACE (
                if(toMinute(time) % 3 = 0, nan, hedge_ratio) AS hedge_ratio,
                if(toMinute(time) % 7 = 0, -inf, zscore) AS zscore,
                if(toMinute(time) % 11 = 0, nan, adf_statistic) AS adf_statistic,
                if(toMinute(time) % 13 = 0, inf, coint_pvalue) AS coint_pvalue,
                version + 10 AS version)
              FROM pair_analytics WHERE toMinute(time) % 2 = 1`,
    });
  });

  afterAll(async () => {
    await h.cleanup();
  });

  async function csv(path: string): Promise<string> {
    const response = await h.fetch(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    return response.text();
  }

  async function data<T>(query: string): Promise<T> {
    const { body } = await h.gql<T>(query);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  }

  it.each([
    ['1m, live, klines and imported bars merged', 'ODDUSDT', '1m', ''],
    [
      '5m rolled up, from a time, symbol in lower case',
      'oddusdt',
      '5m',
      `&from=${T0 + 7 * 60_000}`,
    ],
    ['1h rolled up', 'ODDUSDT', '1h', ''],
    ['an exchange that needs quoting', 'QUOTEUSDT', '1m', ''],
    ['an empty range', 'ODDUSDT', '1m', `&from=${T0 + 86_400_000}`],
  ])('prints candles as the row-by-row export did: %s', async (_what, symbol, interval, range) => {
    const from = /from=(\d+)/.exec(range)?.[1];
    const { candles } = await data<{ candles: Candle[] }>(
      `{ candles(symbol: "${symbol}", interval: "${interval}", ${from ? `from: ${from}` : 'from: 0'}) { ${CANDLE_FIELDS} } }`,
    );
    const expected =
      csvLine(CANDLE_HEADER.split(',')) + candles.map((c) => csvLine(candleValues(c))).join('');
    const text = await csv(`/api/v1/candles.csv?symbol=${symbol}&interval=${interval}${range}`);
    expect(text).toBe(expected);
    if (range === '') expect(candles.length).toBeGreaterThan(2);
  });

  it('prints the awkward numbers as JavaScript does', async () => {
    const text = await csv('/api/v1/candles.csv?symbol=ODDUSDT&interval=1m');
    expect(text).toContain(',0.30000000000000004,');
    expect(text).toContain(',1e-7,');
    expect(text).toContain(',1e+21,');
    expect(text).toContain(',123456789012345680000,');
    expect(text).toContain(',5e-324,');
    expect(text).toContain(',1.7976931348623157e+308,');
    expect(text).not.toMatch(/,(nan|-?inf|-0),/i);
    const quoted = await csv('/api/v1/candles.csv?symbol=QUOTEUSDT&interval=1m');
    expect(quoted.split('\n')[1]).toBe(
      '2024-07-19T00:00:00.000Z,1721347200000,"we,""ird",QUOTEUSDT,1m,1.5,2,1,1.5,1,1.5,0.5,0.5,3,1.5,true,1,live',
    );
  });

  it('prints trades as the row-by-row export did', async () => {
    const { trades } = await data<{ trades: { edges: { node: Trade }[] } }>(
      '{ trades(symbol: "ODDUSDT", first: 1000) { edges { node { exchange symbol tradeId price qty side tradeTime eventTime ingestTime } } } }',
    );
    expect(trades.edges).toHaveLength(400);
    const expected =
      csvLine(TRADE_HEADER.split(',')) +
      trades.edges.map((e) => csvLine(tradeValues(e.node))).join('');
    expect(await csv('/api/v1/trades.csv?symbol=ODDUSDT')).toBe(expected);
    const from = T0 + 10_000;
    const to = T0 + 30_000;
    const ranged = await data<{ trades: { edges: { node: Trade }[] } }>(
      `{ trades(symbol: "ODDUSDT", from: ${from}, to: ${to}, first: 1000) { edges { node { exchange symbol tradeId price qty side tradeTime eventTime ingestTime } } } }`,
    );
    expect(await csv(`/api/v1/trades.csv?symbol=ODDUSDT&from=${from}&to=${to}`)).toBe(
      csvLine(TRADE_HEADER.split(',')) +
        ranged.trades.edges.map((e) => csvLine(tradeValues(e.node))).join(''),
    );
  });

  it('prints pair analytics as the row-by-row export did, NaN and infinities empty', async () => {
    const { pairAnalyticsHistory } = await data<{
      pairAnalyticsHistory: { edges: { node: PairAnalytics }[] };
    }>(
      `{ pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ODDUSDT", interval: "1m", first: 1000) { edges { node { ${PAIR_FIELDS} } } } }`,
    );
    expect(pairAnalyticsHistory.edges).toHaveLength(120);
    const expected =
      csvLine(PAIR_HEADER.split(',')) +
      pairAnalyticsHistory.edges.map((e) => csvLine(pairValues(e.node))).join('');
    const text = await csv(
      '/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ODDUSDT&interval=1m',
    );
    expect(text).toBe(expected);
    // The 20 rows whose hedge ratio was made NaN above print it empty.
    expect(
      text.split('\n').filter((l) => /^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,1m,[^,]*,[^,]*,,/.test(l))
        .length,
    ).toBe(20);
    expect(
      await csv('/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ODDUSDT&interval=5m'),
    ).toBe(`${PAIR_HEADER}\n`);
  });

  it('refuses an unknown interval and an unknown symbol before streaming anything', async () => {
    const interval = await h.fetch('/api/v1/candles.csv?symbol=ODDUSDT&interval=2m');
    expect(interval.status).toBe(400);
    expect(await interval.json()).toMatchObject({ code: 'UNKNOWN_INTERVAL' });
    const symbol = await h.fetch('/api/v1/trades.csv?symbol=NOPEUSDT');
    expect(symbol.status).toBe(400);
    expect(await symbol.json()).toMatchObject({ code: 'UNKNOWN_SYMBOL' });
  });
});
