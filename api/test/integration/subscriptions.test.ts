import { TOPICS, type Alert, type SymbolStats } from '@tickstream/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { trade, waitFor } from '../helpers/live-server';

const KEY = 'subscription-key-123';

interface Outcome<T> {
  readonly values: T[];
  readonly errors: { message: string; extensions?: Record<string, unknown> }[];
  done: boolean;
}

function collect<T>(client: Client, query: string): Outcome<T> {
  const out: Outcome<T> = { values: [], errors: [], done: false };
  client.subscribe<Record<string, T>>(
    { query },
    {
      next: (r) => {
        if (r.errors) out.errors.push(...(r.errors as Outcome<T>['errors']));
        const value = r.data ? Object.values(r.data)[0] : undefined;
        if (value) out.values.push(value);
      },
      error: (e) => {
        if (Array.isArray(e)) out.errors.push(...(e as Outcome<T>['errors']));
        out.done = true;
      },
      complete: () => {
        out.done = true;
      },
    },
  );
  return out;
}

const stats = (symbol: string, window: string, time: number): SymbolStats => ({
  type: 'symbol-stats',
  exchange: 'binance-futures',
  symbol,
  window,
  interval: '1m',
  bars: 60,
  time,
  lastPrice: 2,
  openPrice: 1,
  change: 1,
  changePct: 100,
  high: 2,
  low: 1,
  volume: 3,
  quoteVolume: 4.5,
  vwap: 1.5,
  tradeCount: 3,
  meanClose: 1.5,
  stdClose: 0.5,
  realizedVolatility: 0.1,
  nullReasons: {},
  final: true,
});

const alert = (pair: string, time: number): Alert => ({
  type: 'alert',
  id: `zscore-entry:${pair}:1m:${time}`,
  kind: 'zscore-entry',
  pair,
  interval: '1m',
  time,
  value: 2.3,
  threshold: 2,
  message: 'Z: 2.3 > 2',
});

describe('subscriptions over graphql-ws', () => {
  let h: ApiHarness;
  let url: string;
  const clients: Client[] = [];
  const client = (params: Record<string, unknown> = { apiKey: KEY }) => {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: params,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    h = await openApiHarness({
      settings: {
        apiKeys: [KEY],
        rateLimitPerMinute: 30,
        corsOrigins: ['https://app.example.com'],
      },
      extra: {
        ingestStatus: () => ({
          state: 'running',
          source: 'mock',
          symbols: {},
          connections: [],
          deadLetters: 0,
          gaps: { detected: 0, backfilled: 0, unrecoverable: 0, open: 0, missingTrades: 0 },
        }),
      },
    });
    url = `${(await h.api.listen(0)).url.replace('http', 'ws')}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h.cleanup();
  });

  it('closes a connection without a valid key with 4401', async () => {
    for (const params of [{}, { apiKey: 'wrong-key-000000' }]) {
      const closed = await new Promise<number>((resolve) => {
        const c = createClient({
          url,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => undefined,
          connectionParams: params,
          on: { closed: (e) => resolve((e as { code: number }).code) },
        });
        clients.push(c);
      });
      expect(closed).toBe(4401);
    }
  });

  it('accepts the key as ?api_key= on the WebSocket URL too', async () => {
    const c = createClient({
      url: `${url}?api_key=${KEY}`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(c);
    const out = collect<{ available: boolean }>(
      c,
      'subscription { ingestStatus(everyMs: 250) { available } }',
    );
    await waitFor(() => out.values.length >= 2, 5_000, 'two status updates');
    expect(out.values[0]).toEqual({ available: true });
  });

  it('refuses the upgrade from an origin that is not allowed', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', {
        headers: { origin: 'https://evil.example.com' },
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it('streams trades of the chosen symbols, sampled to one per symbol per interval', async () => {
    const all = collect<{ symbol: string; price: number }>(
      client(),
      'subscription { trades(symbols: ["BTCUSDT", "ETHUSDT"]) { symbol price } }',
    );
    const sampled = collect<{ symbol: string; price: number }>(
      client(),
      'subscription { trades(symbols: ["BTCUSDT"], sampleMs: 1000) { symbol price } }',
    );
    await waitFor(() => h.api.hub.trades.subscriberCount() === 2, 5_000, 'trade subscriptions');
    const t0 = Date.UTC(2024, 6, 19);
    const trades = [
      ...Array.from({ length: 20 }, (_, i) => trade('BTCUSDT', t0 + i, 100 + i)),
      trade('ETHUSDT', t0, 5),
      trade('SOLUSDT', t0, 1),
    ];
    await h.log.log.produce(
      TOPICS.trades.name,
      trades.map((t) => ({ key: TOPICS.trades.keyOf(t), value: JSON.stringify(t) })),
    );
    await waitFor(() => all.values.length === 21, 5_000, 'all trades');
    expect(all.values.filter((v) => v.symbol === 'SOLUSDT')).toEqual([]);
    await waitFor(
      () => sampled.values.some((v) => v.price === 119),
      5_000,
      'the newest sampled trade',
    );
    expect(sampled.values.length).toBeLessThanOrEqual(2);
  });

  it('streams stats of one window and alerts of one pair', async () => {
    const s = collect<{ window: string; time: number }>(
      client(),
      'subscription { stats(symbol: "BTCUSDT", window: "60x1m") { window time } }',
    );
    const a = collect<{ pair: string; message: string }>(
      client(),
      'subscription { alerts(pair: "ETHUSDT/BTCUSDT") { pair message } }',
    );
    await waitFor(
      () => h.api.hub.stats.subscriberCount() === 1 && h.api.hub.alerts.subscriberCount() === 1,
      5_000,
      'subscriptions',
    );
    await h.log.log.produce(
      TOPICS.stats.name,
      [stats('BTCUSDT', '60x1s', 1), stats('BTCUSDT', '60x1m', 2)].map((v) => ({
        key: 'k',
        value: JSON.stringify(v),
      })),
    );
    await h.log.log.produce(
      TOPICS.alerts.name,
      [alert('SOLUSDT/BTCUSDT', 1), alert('ETHUSDT/BTCUSDT', 2)].map((v) => ({
        key: v.pair,
        value: JSON.stringify(v),
      })),
    );
    await waitFor(() => s.values.length === 1 && a.values.length === 1, 5_000, 'updates');
    expect(s.values).toEqual([{ window: '60x1m', time: 2 }]);
    expect(a.values).toEqual([{ pair: 'ETHUSDT/BTCUSDT', message: 'Z: 2.3 > 2' }]);
  });

  it('refuses invalid subscription arguments with coded errors', async () => {
    const c = client();
    const cases: [string, string][] = [
      [
        'subscription { candles(symbol: "BTCUSDT", interval: "1h") { start } }',
        'INTERVAL_NOT_LIVE',
      ],
      ['subscription { candles(symbol: "BTCUSDT", interval: "2m") { start } }', 'UNKNOWN_INTERVAL'],
      ['subscription { trades(symbols: []) { price } }', 'LIMIT_OUT_OF_RANGE'],
      [
        'subscription { stats(symbol: "BTCUSDT", window: "60 minutes") { time } }',
        'BAD_USER_INPUT',
      ],
      ['subscription { ingestStatus(everyMs: 5) { available } }', 'LIMIT_OUT_OF_RANGE'],
    ];
    for (const [query, code] of cases) {
      const out = collect(c, query);
      await waitFor(() => out.done || out.errors.length > 0, 5_000, code);
      expect(out.errors[0]?.extensions?.['code']).toBe(code);
    }
  });

  it('refuses subscriptions past the key’s rate limit with RATE_LIMITED', async () => {
    const c = client();
    const outcomes = Array.from({ length: 40 }, () => collect(c, 'subscription { alerts { id } }'));
    await waitFor(() => outcomes.some((o) => o.errors.length > 0), 5_000, 'a refusal');
    const refused = outcomes.filter((o) => o.errors[0]?.extensions?.['code'] === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThan(0);
  });
});
