import { silentLogger } from '@tickstream/core';
import { BinanceBackfiller } from '../../src/backfill/binance-rest';
import type { BackfillPage } from '../../src/types';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function fakeFetch(answer: (url: URL, call: number) => Answer) {
  const urls: URL[] = [];
  const headers: Record<string, string>[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    urls.push(url);
    headers.push({ ...(init?.headers as Record<string, string>) });
    const { status, body, headers: h } = answer(url, urls.length);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...h },
    });
  }) as typeof fetch;
  return { fn, urls, headers };
}

function history(from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    id: from + i,
    price: '10.0',
    qty: '1',
    quoteQty: '10',
    time: 1000 + i,
    isBuyerMaker: i % 2 === 0,
  }));
}

async function collect(pages: AsyncIterable<BackfillPage>): Promise<number[]> {
  const ids: number[] = [];
  for await (const page of pages) ids.push(...page.trades.map((t) => t.tradeId));
  return ids;
}

describe('the Binance REST backfiller', () => {
  it('pages through historicalTrades by fromId, 500 at most per call, with the API key when set', async () => {
    const fake = fakeFetch((url) => {
      const from = Number(url.searchParams.get('fromId'));
      const limit = Number(url.searchParams.get('limit'));
      return { status: 200, body: history(from, from + limit - 1) };
    });
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
      apiKey: 'k',
    });
    const ids = await collect(
      backfiller.fetch('BTCUSDT', 100, 1_299, new AbortController().signal),
    );
    expect(ids).toEqual(Array.from({ length: 1_200 }, (_, i) => 100 + i));
    expect(
      fake.urls.map((u) => [u.pathname, u.searchParams.get('fromId'), u.searchParams.get('limit')]),
    ).toEqual([
      ['/fapi/v1/historicalTrades', '100', '500'],
      ['/fapi/v1/historicalTrades', '600', '500'],
      ['/fapi/v1/historicalTrades', '1100', '200'],
    ]);
    expect(fake.headers[0]?.['X-MBX-APIKEY']).toBe('k');
  });

  it('uses /fapi/v1/aggTrades for aggregate ids', async () => {
    const fake = fakeFetch(() => ({
      status: 200,
      body: [{ a: 5, p: '1', q: '1', f: 1, l: 2, T: 1, m: true }],
    }));
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      stream: 'aggTrade',
      logger: silentLogger,
      fetch: fake.fn,
    });
    expect(await collect(backfiller.fetch('BTCUSDT', 5, 5, new AbortController().signal))).toEqual([
      5,
    ]);
    expect(fake.urls[0]?.pathname).toBe('/fapi/v1/aggTrades');
  });

  it('resumes from the last id received after a failed page, never from the start', async () => {
    const fake = fakeFetch((url, call) => {
      if (call === 2) return { status: 502, body: { code: -1001, msg: 'busy' } };
      const from = Number(url.searchParams.get('fromId'));
      return { status: 200, body: history(from, Math.min(from + 499, 1_099)) };
    });
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
      retryInitialMs: 5,
    });
    const ids = await collect(
      backfiller.fetch('BTCUSDT', 100, 1_099, new AbortController().signal),
    );
    expect(ids).toHaveLength(1_000);
    expect(fake.urls.map((u) => u.searchParams.get('fromId'))).toEqual(['100', '600', '600']);
  });

  it('waits as long as a 429 says before asking again', async () => {
    const fake = fakeFetch((url, call) =>
      call === 1
        ? { status: 429, body: { code: -1003 }, headers: { 'retry-after': '0.2' } }
        : { status: 200, body: history(1, 3) },
    );
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
      retryInitialMs: 1,
    });
    const started = Date.now();
    expect(await collect(backfiller.fetch('BTCUSDT', 1, 3, new AbortController().signal))).toEqual([
      1, 2, 3,
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('gives up at once on a client error such as an unknown symbol', async () => {
    const fake = fakeFetch(() => ({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } }));
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
    });
    await expect(
      collect(backfiller.fetch('NOPE', 1, 3, new AbortController().signal)),
    ).rejects.toMatchObject({ code: 'BACKFILL_FAILED' });
    expect(fake.urls).toHaveLength(1);
  });

  it('stops when the exchange has nothing at or after the id asked for', async () => {
    const fake = fakeFetch(() => ({ status: 200, body: [] }));
    const backfiller = new BinanceBackfiller({
      restUrl: 'http://x',
      logger: silentLogger,
      fetch: fake.fn,
    });
    expect(await collect(backfiller.fetch('BTCUSDT', 1, 3, new AbortController().signal))).toEqual(
      [],
    );
    expect(fake.urls).toHaveLength(1);
  });
});
