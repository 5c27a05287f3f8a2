import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { barsFrom, insertCandles, walk } from '../helpers/seed';

describe('invalid arguments', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({ settings: { maxRows: 1_000 } });
    await insertCandles(h.ch, [
      ...barsFrom('BTCUSDT', '1m', walk(1, 1_200, 64_000)),
      ...barsFrom('ETHUSDT', '1m', walk(2, 100, 3_400)),
    ]);
  });
  afterAll(() => h.cleanup());

  const graphqlCases: [string, string, string][] = [
    ['an unknown symbol', '{ candles(symbol: "NOPEUSDT") { start } }', 'UNKNOWN_SYMBOL'],
    ['a malformed symbol', '{ candles(symbol: "btc-usdt!") { start } }', 'BAD_USER_INPUT'],
    [
      'an unknown interval',
      '{ candles(symbol: "BTCUSDT", interval: "7m") { start } }',
      'UNKNOWN_INTERVAL',
    ],
    [
      'a range that ends before it starts',
      '{ candles(symbol: "BTCUSDT", from: 2000, to: 1000) { start } }',
      'INVALID_RANGE',
    ],
    [
      'a timestamp that is no time',
      '{ candles(symbol: "BTCUSDT", from: "yesterday") { start } }',
      'INVALID_TIMESTAMP',
    ],
    [
      'an impossible date',
      '{ candles(symbol: "BTCUSDT", from: "2024-02-31T00:00:00Z") { start } }',
      'INVALID_TIMESTAMP',
    ],
    [
      'a limit above the maximum rows',
      '{ candles(symbol: "BTCUSDT", last: 1001) { start } }',
      'LIMIT_OUT_OF_RANGE',
    ],
    [
      'a limit of zero',
      '{ trades(symbol: "BTCUSDT", first: 0) { edges { cursor } } }',
      'LIMIT_OUT_OF_RANGE',
    ],
    [
      'a range holding more rows than allowed',
      '{ candles(symbol: "BTCUSDT", from: 0, to: 99999999999999) { start } }',
      'ROW_LIMIT_EXCEEDED',
    ],
    [
      'a cursor this API did not issue',
      '{ trades(symbol: "BTCUSDT", after: "bm90LWEtY3Vyc29y") { edges { cursor } } }',
      'INVALID_CURSOR',
    ],
    [
      'first and last together',
      '{ trades(symbol: "BTCUSDT", first: 1, last: 1) { edges { cursor } } }',
      'BAD_USER_INPUT',
    ],
    [
      'a pair of one symbol',
      '{ pairAnalysis(symbolX: "BTCUSDT", symbolY: "BTCUSDT") { bars } }',
      'BAD_USER_INPUT',
    ],
    [
      'a stats window of one bar',
      '{ stats(symbol: "BTCUSDT", window: 1) { bars } }',
      'LIMIT_OUT_OF_RANGE',
    ],
    ['a malformed pair', '{ alerts(pair: "BTCUSDT") { edges { cursor } } }', 'BAD_USER_INPUT'],
    ['an unknown alert kind', '{ alerts(kind: "boom") { edges { cursor } } }', 'BAD_USER_INPUT'],
    [
      'a correlation matrix of one symbol',
      '{ correlationMatrix(symbols: ["BTCUSDT"]) { values } }',
      'BAD_USER_INPUT',
    ],
  ];

  it.each(graphqlCases)('GraphQL refuses %s with a coded error', async (_name, query, code) => {
    const { body } = await h.gql(query);
    expect(body.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(body.errors?.[0]?.message).not.toMatch(/Unexpected error/);
  });

  const restCases: [string, string, number, string][] = [
    ['an unknown symbol', '/api/v1/candles?symbol=NOPEUSDT', 400, 'UNKNOWN_SYMBOL'],
    ['an unknown interval', '/api/v1/candles?symbol=BTCUSDT&interval=7m', 400, 'UNKNOWN_INTERVAL'],
    ['a bad range', '/api/v1/candles?symbol=BTCUSDT&from=2000&to=1000', 400, 'INVALID_RANGE'],
    [
      'a limit out of bounds',
      '/api/v1/candles?symbol=BTCUSDT&last=5000',
      400,
      'LIMIT_OUT_OF_RANGE',
    ],
    [
      'a limit that is not a number',
      '/api/v1/candles?symbol=BTCUSDT&last=ten',
      400,
      'BAD_USER_INPUT',
    ],
    ['a missing required argument', '/api/v1/candles', 400, 'BAD_USER_INPUT'],
    [
      'an unknown interval on a legacy route',
      '/api/ohlc/BTCUSDT?interval=7m',
      400,
      'UNKNOWN_INTERVAL',
    ],
    ['a legacy limit out of bounds', '/api/ohlc/BTCUSDT?limit=0', 400, 'LIMIT_OUT_OF_RANGE'],
    ['a legacy window that is no number', '/api/stats/BTCUSDT?window=abc', 400, 'BAD_USER_INPUT'],
    [
      'a bad CSV export range',
      '/api/v1/candles.csv?symbol=BTCUSDT&from=x',
      400,
      'INVALID_TIMESTAMP',
    ],
  ];

  it.each(restCases)(
    'REST refuses %s with HTTP 400 and the code',
    async (_name, path, status, code) => {
      const response = await h.fetch(path);
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: string; code: string };
      expect(body.code).toBe(code);
      expect(typeof body.error).toBe('string');
    },
  );

  it('masks unexpected errors at the edge and keeps domain errors', async () => {
    const spy = jest
      .spyOn(h.api.operations, 'symbols')
      .mockRejectedValueOnce(new Error('secret internals'));
    const { body } = await h.gql('{ symbols { symbol } }');
    spy.mockRestore();
    expect(body.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
