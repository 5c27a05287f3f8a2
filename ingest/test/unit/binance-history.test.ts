import { silentLogger } from '@tickstream/core';
import { BinanceHttp } from '../../src/backfill/binance-http';
import { BinanceHistory, klinesWeight, klineToCandle } from '../../src/history/binance-history';
import type { MessageOrigin } from '../../src/types';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function fakeFetch(answer: (url: URL, call: number) => Answer) {
  const urls: URL[] = [];
  const times: number[] = [];
  const fn = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    urls.push(url);
    times.push(Date.now());
    const { status, body, headers } = answer(url, urls.length);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as typeof fetch;
  return { fn, urls, times };
}

const origin: MessageOrigin = {
  session: 0,
  cause: 'reconnect',
  connection: 'binance-futures-history',
  exchange: 'binance-futures',
  deadLetterSource: 'ingest/binance-history',
  isKnownSymbol: () => true,
};

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 6, 9, 0);

function kline(start: number, trades: number) {
  return [
    start,
    '100.5',
    '101.25',
    '99.75',
    '100.0',
    '12.5',
    start + MINUTE - 1,
    '1253.125',
    trades,
    '5.5',
    '551.1',
    '0',
  ];
}

describe('Binance klines as bars', () => {
  it('maps every field, with sell volume as the rest of the volume and no trade ids', () => {
    const bar = klineToCandle(kline(T0, 42), 'binance-futures', 'BTCUSDT', '1m', T0 + MINUTE);
    expect(bar).toEqual({
      type: 'candle',
      exchange: 'binance-futures',
      symbol: 'BTCUSDT',
      interval: '1m',
      start: T0,
      end: T0 + MINUTE,
      open: 100.5,
      high: 101.25,
      low: 99.75,
      close: 100,
      volume: 12.5,
      quoteVolume: 1253.125,
      buyVolume: 5.5,
      sellVolume: 7,
      tradeCount: 42,
      vwap: 100.25,
      firstTradeId: 0,
      lastTradeId: 0,
      version: 1,
      final: true,
      source: 'klines',
    });
    expect(
      klineToCandle(kline(T0, 42), 'binance-futures', 'BTCUSDT', '1m', T0 + 30_000)?.final,
    ).toBe(false);
    expect(
      klineToCandle(kline(T0, 0), 'binance-futures', 'BTCUSDT', '1m', T0 + MINUTE),
    ).toBeUndefined();
    expect(() => klineToCandle(['x'], 'binance-futures', 'BTCUSDT', '1m', T0)).toThrow(
      /BTCUSDT 1m kline is not an array/,
    );
  });

  it('weighs a call by its limit as Binance does', () => {
    expect([1, 99, 100, 499, 500, 1000, 1001, 1500].map(klinesWeight)).toEqual([
      1, 1, 2, 2, 5, 5, 10, 10,
    ]);
  });

  it('pages 1,500 bars a call from the start to the end of the range', async () => {
    const fake = fakeFetch((url) => {
      const start = Number(url.searchParams.get('startTime'));
      const end = Number(url.searchParams.get('endTime'));
      const limit = Number(url.searchParams.get('limit'));
      const bars = [];
      for (let t = start; t <= end && bars.length < limit; t += MINUTE) bars.push(kline(t, 3));
      return { status: 200, body: bars, headers: { 'x-mbx-used-weight-1m': '10' } };
    });
    const http = new BinanceHttp({ restUrl: 'http://x', logger: silentLogger, fetch: fake.fn });
    const history = new BinanceHistory(http, origin, 'trade');
    const starts: number[] = [];
    const to = T0 + 2_000 * MINUTE;
    for await (const page of history.klines('BTCUSDT', '1m', T0, to, new AbortController().signal))
      starts.push(...page.map((b) => b.start));
    expect(starts).toHaveLength(2_000);
    expect(starts[0]).toBe(T0);
    expect(starts.at(-1)).toBe(to - MINUTE);
    expect(
      fake.urls.map((u) => [u.searchParams.get('startTime'), u.searchParams.get('limit')]),
    ).toEqual([
      [String(T0), '1500'],
      [String(T0 + 1_500 * MINUTE), '500'],
    ]);
    expect(http.stats).toMatchObject({ requests: 2, weightSpent: 15, usedWeight1m: 10 });
  });
});

describe('Binance aggregate trades as history trades', () => {
  it('stand for the trade ids they cover, and continue after the last aggregate id', async () => {
    const fake = fakeFetch((url) => {
      const fromId = url.searchParams.get('fromId');
      const body =
        fromId === null
          ? [
              { a: 10, p: '100.0', q: '0.5', f: 1000, l: 1002, T: T0 + 5, m: false },
              { a: 11, p: '99.0', q: '1.5', f: 1003, l: 1003, T: T0 + 9, m: true },
            ]
          : [];
      return { status: 200, body };
    });
    const http = new BinanceHttp({ restUrl: 'http://x', logger: silentLogger, fetch: fake.fn });
    const history = new BinanceHistory(http, origin, 'trade');
    const signal = new AbortController().signal;
    const page = await history.aggTrades(
      'BTCUSDT',
      { afterAggId: undefined, fromTime: T0 },
      T0 + MINUTE,
      signal,
    );
    expect(page.trades.map((t) => [t.firstTradeId, t.tradeId, t.qty, t.side])).toEqual([
      [1000, 1002, 0.5, 'buy'],
      [1003, 1003, 1.5, 'sell'],
    ]);
    expect(page).toMatchObject({ lastAggId: 11, lastTime: T0 + 9, full: false, rejected: 0 });
    expect(fake.urls[0]?.searchParams.get('startTime')).toBe(String(T0));
    expect(fake.urls[0]?.searchParams.get('endTime')).toBe(String(T0 + MINUTE));
    await history.aggTrades('BTCUSDT', { afterAggId: 11, fromTime: T0 + 9 }, T0 + MINUTE, signal);
    expect(fake.urls[1]?.searchParams.get('fromId')).toBe('12');
    expect(fake.urls[1]?.searchParams.get('startTime')).toBeNull();
  });
});

describe('the shared REST client', () => {
  it('after a 429 sends nothing until Retry-After has passed, for every caller', async () => {
    const fake = fakeFetch((_url, call) =>
      call === 1
        ? { status: 429, body: { code: -1003 }, headers: { 'retry-after': '1' } }
        : { status: 200, body: [] },
    );
    const http = new BinanceHttp({ restUrl: 'http://x', logger: silentLogger, fetch: fake.fn });
    const signal = new AbortController().signal;
    await expect(http.get('/fapi/v1/klines', { symbol: 'BTCUSDT' }, 1, signal)).rejects.toThrow(
      /asked to wait 1000 ms \(HTTP 429\)/,
    );
    const before = Date.now();
    await Promise.all([
      http.get('/fapi/v1/klines', { symbol: 'BTCUSDT' }, 1, signal),
      http.get('/fapi/v1/aggTrades', { symbol: 'ETHUSDT' }, 20, signal),
    ]);
    expect(Math.min(...fake.times.slice(1)) - before).toBeGreaterThanOrEqual(900);
    expect(http.stats.rateLimited).toBe(1);
  });

  it("waits for the next minute when the exchange counts this minute's weight near the IP's limit", async () => {
    const fake = fakeFetch(() => ({
      status: 200,
      body: [],
      // Others on this IP spent most of Binance's 2,400: this process's 1,200 is not there.
      headers: { 'x-mbx-used-weight-1m': '2300' },
    }));
    const http = new BinanceHttp({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
      weightPerMinute: 1200,
    });
    const signal = new AbortController().signal;
    await http.get('/fapi/v1/klines', { symbol: 'BTCUSDT' }, 1, signal);
    const controller = new AbortController();
    const second = http.get('/fapi/v1/klines', { symbol: 'BTCUSDT' }, 1, controller.signal);
    const untilNextMinute = MINUTE - (Date.now() % MINUTE);
    await new Promise((resolve) => setTimeout(resolve, Math.min(300, untilNextMinute - 100)));
    // Still waiting (unless the minute turned meanwhile).
    if (untilNextMinute > 500) expect(fake.urls).toHaveLength(1);
    controller.abort();
    await expect(second).rejects.toThrow();
  });

  it('does not pause on its own spending: its budget paces it', async () => {
    const fake = fakeFetch(() => ({
      status: 200,
      body: [],
      headers: { 'x-mbx-used-weight-1m': '1190' },
    }));
    const http = new BinanceHttp({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
      weightPerMinute: 1200,
    });
    const signal = new AbortController().signal;
    const started = Date.now();
    for (let i = 0; i < 5; i++) await http.get('/fapi/v1/klines', { symbol: 'BTCUSDT' }, 1, signal);
    expect(fake.urls).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
