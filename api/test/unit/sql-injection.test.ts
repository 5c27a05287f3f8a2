import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { barsFrom, count, insertCandles, insertTrades, tradesFrom, walk } from '../helpers/seed';

const HOSTILE = [
  "BTCUSDT'; DROP TABLE candles; --",
  "' OR 1=1 --",
  'BTCUSDT") OR ("1"="1',
  '{symbol:String}',
  "\\'; SELECT 1",
  'BTCUSDT UNION ALL SELECT * FROM system.tables',
  '1m; TRUNCATE TABLE trades',
];

const STRING_ARGS = (v: string) => {
  const s = JSON.stringify(v);
  return [
    `{ candles(symbol: ${s}) { start } }`,
    `{ candles(symbol: "BTCUSDT", interval: ${s}) { start } }`,
    `{ candles(symbol: "BTCUSDT", exchange: ${s}) { start } }`,
    `{ candles(symbol: "BTCUSDT", from: ${s}) { start } }`,
    `{ trades(symbol: ${s}) { edges { cursor } } }`,
    `{ trades(symbol: "BTCUSDT", after: ${s}) { edges { cursor } } }`,
    `{ trades(symbol: "BTCUSDT", before: ${s}) { edges { cursor } } }`,
    `{ stats(symbol: ${s}) { bars } }`,
    `{ pairAnalysis(symbolX: ${s}, symbolY: "BTCUSDT") { bars } }`,
    `{ pairAnalytics(symbolX: "BTCUSDT", symbolY: ${s}) { time } }`,
    `{ pairAnalyticsHistory(symbolX: ${s}, symbolY: "ETHUSDT") { edges { cursor } } }`,
    `{ correlationMatrix(symbols: ["BTCUSDT", ${s}]) { values } }`,
    `{ alerts(pair: ${s}) { edges { cursor } } }`,
    `{ alerts(kind: ${s}) { edges { cursor } } }`,
    `{ backtest(input: { symbolX: ${s}, symbolY: "BTCUSDT" }) { bars } }`,
    `{ backtest(input: { symbolX: "BTCUSDT", symbolY: ${s} }) { bars } }`,
    `{ backtest(input: { symbolX: "BTCUSDT", symbolY: "ETHUSDT", exchange: ${s} }) { bars } }`,
    `{ backtest(input: { symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: ${s} }) { bars } }`,
    `{ backtestSweep(input: { symbolX: ${s}, symbolY: "BTCUSDT", entries: [2], exits: [0.5], windows: [30] }) { bars } }`,
    `{ pairScreen(interval: ${s}) { total } }`,
    `{ pairScreen(filters: { symbols: ["BTCUSDT", ${s}] }) { total } }`,
  ];
};

const REST = (v: string) => {
  const e = encodeURIComponent(v);
  return [
    `/api/ohlc/${e}`,
    `/api/ohlc/BTCUSDT?interval=${e}`,
    `/api/stats/${e}`,
    `/api/pairs?symbol_x=${e}&symbol_y=BTCUSDT`,
    `/api/export/csv/${e}/BTCUSDT`,
    `/api/v1/candles?symbol=${e}`,
    `/api/v1/candles.csv?symbol=BTCUSDT&exchange=${e}`,
    `/api/v1/trades?symbol=BTCUSDT&after=${e}`,
    `/api/v1/alerts?pair=${e}`,
    `/api/v1/screener?symbols=BTCUSDT,${e}`,
    `/api/v1/screener.csv?orderBy=${e}`,
    `/api/v1/screener?interval=${e}`,
  ];
};

describe('SQL injection attempts', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({ settings: { cacheTtlMs: 0 } });
    await insertCandles(h.ch, barsFrom('BTCUSDT', '1m', walk(1, 50, 64_000)));
    await insertTrades(h.ch, tradesFrom('BTCUSDT', walk(2, 50, 64_000)));
  });
  afterAll(() => h.cleanup());

  async function snapshot() {
    const tables = await h.ch.client.query({
      query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      format: 'JSONEachRow',
    });
    return {
      tables: await tables.json(),
      candles: await count(h.ch, 'candles'),
      trades: await count(h.ch, 'trades'),
      latest: (await h.gql('{ candles(symbol: "BTCUSDT", last: 3) { start close } }')).body,
    };
  }

  it('change nothing, whatever string argument they arrive in, over GraphQL and REST', async () => {
    const before = await snapshot();
    for (const value of HOSTILE) {
      for (const query of STRING_ARGS(value)) {
        const { body } = await h.gql(query);
        // Refused as invalid input or answered as a value that matches nothing; never run as SQL.
        for (const error of body.errors ?? []) {
          expect([
            'BAD_USER_INPUT',
            'UNKNOWN_SYMBOL',
            'UNKNOWN_INTERVAL',
            'INVALID_TIMESTAMP',
            'INVALID_CURSOR',
          ]).toContain(error.extensions?.['code']);
        }
      }
      for (const path of REST(value)) {
        const response = await h.fetch(path);
        expect([400, 404]).toContain(response.status);
      }
      for (const path of ['/api/v1/backtest', '/api/v1/backtest/trades.csv']) {
        for (const field of ['symbolX', 'symbolY', 'exchange', 'interval']) {
          const body = { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT', [field]: value };
          const response = await h.fetch(path, { method: 'POST', body: JSON.stringify(body) });
          expect([400, 404]).toContain(response.status);
        }
      }
      const form = new FormData();
      form.append(
        'file',
        new Blob([
          `timestamp,symbol,interval,open,high,low,close,volume\n2024-07-19T00:00:00Z,${value.replace(/,/g, ' ')},1m,1,2,1,1,1`,
        ]),
        'x.csv',
      );
      expect((await h.fetch('/api/upload/ohlc', { method: 'POST', body: form })).status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });
});
