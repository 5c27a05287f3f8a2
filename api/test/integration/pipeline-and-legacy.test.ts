import { INTERVAL_MS, type Trade } from '@tickstream/schema';
import { openLiveServer, type LiveServer } from '../helpers/live-server';
import { pairTape, parseCsv } from '../helpers/tape';

const START = Date.UTC(2024, 6, 19, 9, 0, 0);
const SECONDS = 15 * 60;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let server: LiveServer;
let tape: Trade[];

async function get(
  path: string,
): Promise<{ status: number; body: unknown; headers: Headers; text: string }> {
  // The old dashboard used Python requests: a plain GET, JSON parsed from the body.
  const response = await fetch(`${server.url}${path}`);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers, text };
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Bars as ClickHouse-independent truth: the tape aggregated in the test. */
function oracle(symbol: string, interval: '1s' | '1m') {
  const size = INTERVAL_MS[interval];
  const buckets = new Map<number, Trade[]>();
  for (const t of tape.filter((x) => x.symbol === symbol)) {
    const b = Math.floor(t.tradeTime / size) * size;
    buckets.set(b, [...(buckets.get(b) ?? []), t]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, trades]) => ({
      start,
      open: trades[0]?.price,
      high: Math.max(...trades.map((t) => t.price)),
      low: Math.min(...trades.map((t) => t.price)),
      close: trades[trades.length - 1]?.price,
      tradeCount: trades.length,
      volume: trades.reduce((s, t) => s + t.qty, 0),
    }));
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const shape = (o: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, v]) => [k, typeOf(v)]));

beforeAll(async () => {
  server = await openLiveServer();
  tape = pairTape(START, SECONDS);
  for (let i = 0; i < tape.length; i += 1_000) await server.produceTrades(tape.slice(i, i + 1_000));
  await server.pipeline.drained();
}, 120_000);
afterAll(() => server.cleanup());

describe('queries over data produced by the real pipeline', () => {
  it('serves the bars the pipeline materialized, equal to the tape aggregated independently', async () => {
    const { candles } = await gql<{
      candles: {
        start: number;
        open: number;
        high: number;
        low: number;
        close: number;
        tradeCount: number;
        volume: number;
        final: boolean;
      }[];
    }>(
      '{ candles(symbol: "BTCUSDT", interval: "1m", last: 100) { start open high low close tradeCount volume final } }',
    );
    const expected = oracle('BTCUSDT', '1m');
    expect(candles.map(({ volume: _v, final: _f, ...c }) => c)).toEqual(
      expected.map(({ volume: _v, ...c }) => c),
    );
    candles.forEach((c, i) => expect(c.volume).toBeCloseTo(expected[i]?.volume ?? NaN, 9));
    expect(candles.slice(0, -1).every((c) => c.final)).toBe(true);
  });

  it('gives the same numbers over GraphQL, /api/v1 and the legacy route', async () => {
    const { candles } = await gql<{
      candles: {
        start: number;
        open: number;
        high: number;
        low: number;
        close: number;
        volume: number;
        tradeCount: number;
      }[];
    }>(
      '{ candles(symbol: "ETHUSDT", interval: "1m", last: 5) { start open high low close volume tradeCount } }',
    );
    const v1 = (await get('/api/v1/candles?symbol=ETHUSDT&interval=1m&last=5'))
      .body as typeof candles;
    expect(
      v1.map((c) => ({
        start: c.start,
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
        tradeCount: c.tradeCount,
      })),
    ).toEqual(candles);
    const legacy = (await get('/api/ohlc/ETHUSDT?interval=1m&limit=5')).body as {
      bars: {
        timestamp: string;
        open: number;
        high: number;
        low: number;
        close: number;
        volume: number;
        trade_count: number;
      }[];
    };
    expect(legacy.bars).toEqual(
      candles.map((c) => ({
        timestamp: new Date(c.start).toISOString(),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
        trade_count: c.tradeCount,
      })),
    );
  });

  it('streams CSV exports that parse back to the same rows as the JSON queries', async () => {
    const from = START;
    const to = START + 120_000;
    const { candles, trades } = await gql<{
      candles: { start: number; close: number; volume: number }[];
      trades: { edges: { node: { tradeId: number; price: number; qty: number } }[] };
    }>(
      `query($from: Timestamp, $to: Timestamp) {
         candles(symbol: "BTCUSDT", interval: "1s", from: $from, to: $to) { start close volume }
         trades(symbol: "BTCUSDT", from: $from, to: $to, first: 10000) { edges { node { tradeId price qty } } } }`,
      { from, to },
    );
    const candleCsv = await get(
      `/api/v1/candles.csv?symbol=BTCUSDT&interval=1s&from=${from}&to=${to}`,
    );
    expect(candleCsv.headers.get('content-type')).toContain('text/csv');
    expect(candleCsv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="candles_BTCUSDT_1s_\d{8}_\d{6}\.csv"$/,
    );
    const c = parseCsv(candleCsv.text);
    const at = (name: string) => c.header.indexOf(name);
    expect(
      c.rows.map((r) => ({
        start: Number(r[at('start')]),
        close: Number(r[at('close')]),
        volume: Number(r[at('volume')]),
      })),
    ).toEqual(candles);
    const t = parseCsv((await get(`/api/v1/trades.csv?symbol=BTCUSDT&from=${from}&to=${to}`)).text);
    const tat = (name: string) => t.header.indexOf(name);
    expect(
      t.rows.map((r) => ({
        tradeId: Number(r[tat('trade_id')]),
        price: Number(r[tat('price')]),
        qty: Number(r[tat('qty')]),
      })),
    ).toEqual(trades.edges.map((e) => e.node));
    const { pairAnalyticsHistory } = await gql<{
      pairAnalyticsHistory: {
        edges: { node: { time: number; hedgeRatio: number | null; zScore: number | null } }[];
      };
    }>(
      '{ pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1s", first: 10000) { edges { node { time hedgeRatio zScore } } } }',
    );
    expect(pairAnalyticsHistory.edges.length).toBeGreaterThan(800);
    const p = parseCsv(
      (await get('/api/v1/pair-analytics.csv?symbolX=BTCUSDT&symbolY=ETHUSDT&interval=1s')).text,
    );
    const pat = (name: string) => p.header.indexOf(name);
    const num = (s: string | undefined) => (s === '' || s === undefined ? null : Number(s));
    expect(
      p.rows.map((r) => ({
        time: Number(r[pat('time')]),
        hedgeRatio: num(r[pat('hedge_ratio')]),
        zScore: num(r[pat('z_score')]),
      })),
    ).toEqual(pairAnalyticsHistory.edges.map((e) => e.node));
  });

  it('answers the stored pair analytics, stats, correlation, symbols and status queries', async () => {
    const data = await gql<{
      pairAnalytics: {
        time: number;
        olsWindow: number;
        hedgeRatio: number;
        adf: { pValue: number } | null;
      };
      stats: { bars: number; closeStats: { current: number } };
      correlationMatrix: { values: number[][] };
      symbols: { symbol: string; lastPrice: number }[];
      ingestStatus: { available: boolean; processors: { name: string; lag: number | null }[] };
      health: { status: string };
    }>(`{
      pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1s") { time olsWindow hedgeRatio adf { pValue } }
      stats(symbol: "BTCUSDT", interval: "1s", window: 60) { bars closeStats { current } }
      correlationMatrix(symbols: ["BTCUSDT", "ETHUSDT"], interval: "1s", window: 60) { values }
      symbols { symbol lastPrice }
      ingestStatus { available processors { name lag } }
      health { status }
    }`);
    const lastBtc = oracle('BTCUSDT', '1s');
    expect(data.pairAnalytics.olsWindow).toBe(20);
    expect(data.pairAnalytics.time).toBe(lastBtc[lastBtc.length - 2]?.start);
    expect(data.stats).toEqual({
      bars: 60,
      closeStats: { current: lastBtc[lastBtc.length - 2]?.close },
    });
    expect(data.correlationMatrix.values[0]?.[1]).toBeGreaterThan(0.5);
    expect(data.symbols.find((s) => s.symbol === 'BTCUSDT')?.lastPrice).toBe(
      tape.filter((t) => t.symbol === 'BTCUSDT').pop()?.price,
    );
    expect(data.ingestStatus.available).toBe(false);
    // Lag is what each group has not committed yet: a number once the group has committed
    // (commits are asynchronous, and the candles processor keeps its open bars' trades).
    for (const name of ['trades-sink', 'candles', 'stats', 'pair-analytics']) {
      const lag = data.ingestStatus.processors.find((p) => p.name === name)?.lag;
      expect(typeof lag === 'number' && lag >= 0).toBe(true);
    }
    expect(data.health.status).toBe('healthy');
  });
});

describe('the older platform’s REST contract, called as its dashboard called it', () => {
  it('GET /api/health returns status, service and timestamp', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', service: 'Crypto Analytics API' });
    expect(shape(body)).toMatchObject({ status: 'string', service: 'string', timestamp: 'string' });
    expect((body as { timestamp: string }).timestamp).toMatch(ISO);
  });

  it('GET /api/symbols returns symbols and pairs', async () => {
    const { status, body } = await get('/api/symbols');
    expect(status).toBe(200);
    expect(shape(body)).toEqual({ symbols: 'array', pairs: 'array' });
    expect(body).toEqual({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      pairs: expect.arrayContaining([['BTCUSDT', 'ETHUSDT']]),
    });
  });

  it('GET /api/ohlc/{symbol} returns the latest `limit` bars in ascending time with every field', async () => {
    const all = await get('/api/ohlc/BTCUSDT?interval=1m&limit=500');
    expect(all.status).toBe(200);
    expect(shape(all.body)).toEqual({
      symbol: 'string',
      interval: 'string',
      count: 'number',
      bars: 'array',
    });
    const body = all.body as {
      symbol: string;
      interval: string;
      count: number;
      bars: Record<string, unknown>[];
    };
    expect([body.symbol, body.interval, body.count]).toEqual(['BTCUSDT', '1m', body.bars.length]);
    for (const bar of body.bars) {
      expect(shape(bar)).toEqual({
        timestamp: 'string',
        open: 'number',
        high: 'number',
        low: 'number',
        close: 'number',
        volume: 'number',
        trade_count: 'number',
      });
      expect(bar['timestamp']).toMatch(ISO);
    }
    const times = body.bars.map((b) => Date.parse(b['timestamp'] as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const latest = (await get('/api/ohlc/BTCUSDT?interval=1m&limit=3')).body as typeof body;
    expect(latest.bars).toEqual(body.bars.slice(-3));
    const defaults = (await get('/api/ohlc/BTCUSDT')).body as typeof body;
    expect(defaults.interval).toBe('1m');
    const seconds = (await get('/api/ohlc/BTCUSDT?interval=1s')).body as typeof body;
    expect(seconds.count).toBe(500);
  });

  it('GET /api/ohlc/{symbol} for a symbol without data is 404 with the old message', async () => {
    const { status, body } = await get('/api/ohlc/DOGEUSDT');
    expect(status).toBe(404);
    expect((body as { error: string }).error).toBe('No data available for DOGEUSDT');
  });

  it('GET /api/stats/{symbol} returns price_stats, volume_stats and last_update', async () => {
    const { status, body } = await get('/api/stats/BTCUSDT?interval=1s&window=60');
    expect(status).toBe(200);
    const b = body as Record<string, Record<string, unknown>>;
    expect(shape(b)).toEqual({
      price_stats: 'object',
      volume_stats: 'object',
      last_update: 'string',
    });
    expect(shape(b['price_stats'])).toEqual({
      symbol: 'string',
      interval: 'string',
      window_size: 'number',
      mean: 'number',
      std: 'number',
      min: 'number',
      max: 'number',
      current: 'number',
      change_pct: 'number',
      timestamp: 'string',
    });
    expect(shape(b['volume_stats'])).toEqual({
      symbol: 'string',
      interval: 'string',
      window_size: 'number',
      mean_volume: 'number',
      std_volume: 'number',
      total_volume: 'number',
      timestamp: 'string',
    });
    const closes = oracle('BTCUSDT', '1s')
      .slice(-61, -1)
      .map((c) => c.close as number);
    const ps = b['price_stats'] as Record<string, number>;
    expect(ps['window_size']).toBe(60);
    expect(ps['min']).toBe(Math.min(...closes));
    expect(ps['max']).toBe(Math.max(...closes));
    expect(ps['current']).toBe(closes[59]);
    expect(ps['change_pct']).toBeCloseTo(
      (((closes[59] as number) - (closes[0] as number)) / (closes[0] as number)) * 100,
      9,
    );
    expect((await get('/api/stats/BTCUSDT?interval=1s&window=60&force_refresh=true')).status).toBe(
      200,
    );
  });

  it('GET /api/stats/{symbol} with fewer than 10 bars is 404 Insufficient data', async () => {
    const { status, body } = await get('/api/stats/BTCUSDT?interval=5m');
    expect(status).toBe(404);
    expect((body as { error: string }).error).toBe('Insufficient data for BTCUSDT');
  });

  it('GET /api/pairs needs both symbols: 400 with the old message', async () => {
    for (const path of [
      '/api/pairs',
      '/api/pairs?symbol_x=BTCUSDT',
      '/api/pairs?symbol_y=ETHUSDT',
    ]) {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect((body as { error: string }).error).toBe('symbol_x and symbol_y are required');
    }
  });

  it('GET /api/pairs returns regression, spread, z_score, stationarity and correlation', async () => {
    const { status, body } = await get(
      '/api/pairs?symbol_x=BTCUSDT&symbol_y=ETHUSDT&interval=1s&window=60',
    );
    expect(status).toBe(200);
    const b = body as Record<string, Record<string, unknown>>;
    expect(shape(b)).toMatchObject({
      symbol_x: 'string',
      symbol_y: 'string',
      interval: 'string',
      window: 'number',
      regression: 'object',
      spread: 'object',
      z_score: 'object',
      stationarity: 'object',
      correlation: 'object',
      last_update: 'string',
    });
    expect(shape(b['regression'])).toMatchObject({
      hedge_ratio: 'number',
      intercept: 'number',
      r_squared: 'number',
      std_error: 'number',
      timestamp: 'string',
    });
    expect(shape(b['spread'])).toEqual({ values: 'array', latest: 'number' });
    expect(shape(b['z_score'])).toEqual({ values: 'array', latest: 'number' });
    expect((b['spread']?.['values'] as unknown[]).length).toBe(100);
    expect(
      (b['z_score']?.['values'] as unknown[]).every((v) => v === null || typeof v === 'number'),
    ).toBe(true);
    expect(shape(b['stationarity'])).toEqual({
      test_statistic: 'number',
      p_value: 'number',
      is_stationary: 'boolean',
      critical_values: 'object',
      interpretation: 'string',
      timestamp: 'string',
    });
    expect(Object.keys(b['stationarity']?.['critical_values'] as object)).toEqual([
      '1%',
      '5%',
      '10%',
    ]);
    expect(shape(b['correlation'])).toEqual({
      current: 'number',
      rolling_window: 'number',
      history: 'array',
      timestamp: 'string',
    });
    const history = b['correlation']?.['history'] as Record<string, unknown>[];
    expect(history.length).toBe(50);
    for (const h of history) expect(shape(h)).toEqual({ timestamp: 'string', value: 'number' });
    // Prices are regressed: ETH ≈ 0.053·BTC + 10 in the tape.
    expect(b['regression']?.['hedge_ratio']).toBeCloseTo(0.053, 1);
  });

  it('GET /api/pairs with too few bars is 404 Insufficient data for pairs analysis', async () => {
    const { status, body } = await get('/api/pairs?symbol_x=BTCUSDT&symbol_y=ETHUSDT&interval=1m');
    expect(status).toBe(404);
    expect((body as { error: string }).error).toBe('Insufficient data for pairs analysis');
  });

  it('GET /api/export/csv/{x}/{y} downloads the analytics CSV with the old name and columns', async () => {
    const { status, headers, text } = await get('/api/export/csv/BTCUSDT/ETHUSDT?interval=1s');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/csv');
    expect(headers.get('content-disposition')).toMatch(
      /^attachment; filename="analytics_BTCUSDT_ETHUSDT_1s_\d{8}_\d{6}\.csv"$/,
    );
    const csv = parseCsv(text);
    expect(csv.header).toEqual([
      'index',
      'spread',
      'z_score',
      'hedge_ratio',
      'r_squared',
      'is_stationary',
      'correlation',
      'timestamp',
    ]);
    // 1,000 rows asked for by default; the tape has 900 final seconds.
    expect(csv.rows.length).toBe(SECONDS);
    const pairs = (await get('/api/pairs?symbol_x=BTCUSDT&symbol_y=ETHUSDT&interval=1s')).body as {
      spread: { values: (number | null)[] };
    };
    expect(csv.rows.slice(-100).map((r) => (r[1] === '' ? null : Number(r[1])))).toEqual(
      pairs.spread.values,
    );
    expect(csv.rows.every((r) => ['True', 'False', ''].includes(r[5] ?? 'x'))).toBe(true);
  });

  it('POST /api/upload/ohlc accepts a multipart CSV as the old upload widget sent it', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([
        'timestamp,symbol,interval,open,high,low,close,volume\n2024-07-18T00:00:00Z,BTCUSDT,1m,1,2,0.5,1.5,10\n',
      ]),
      'history.csv',
    );
    const response = await fetch(`${server.url}/api/upload/ohlc`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(shape(body)).toMatchObject({ success: 'boolean', message: 'string', summary: 'object' });
    expect(body['message']).toBe('Successfully uploaded 1 OHLC bars');
    expect(shape(body['summary'])).toEqual({
      total_bars: 'number',
      symbols: 'array',
      intervals: 'array',
      time_range: 'object',
    });
  });

  it('answers unknown paths with 404 {"error": "Endpoint not found"}', async () => {
    for (const path of ['/api/unknown', '/api/ohlc', '/nothing-here']) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect((body as { error: string }).error).toBe('Endpoint not found');
    }
  });
});
