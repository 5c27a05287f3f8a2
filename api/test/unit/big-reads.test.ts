import { execute, parse } from 'graphql';
import { buildSchema } from '../../src/graphql/schema';
import { selectRowsBinary } from '../../src/storage/row-binary';
import { selectRows } from '../../src/storage/rows';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { barsFrom, insertCandles } from '../helpers/seed';

// Big reads take a lean path (RowBinary reads, queries compiled by graphql-jit); what they
// answer must be what the JSON read and the general executor answered, to the byte.

const AWKWARD = [
  0.1 + 0.2,
  1e-7,
  12345678.9,
  123456789012345680000,
  1e21,
  5e-324,
  2 ** 53,
  -0,
  1 / 3,
  -1.25e-10,
  1.7976931348623157e308,
] as const;
const odd = (i: number) => AWKWARD[i % AWKWARD.length] as number;

describe('big reads', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await openApiHarness();
    await insertCandles(
      h.ch,
      barsFrom(
        'ODDUSDT',
        '1m',
        Array.from({ length: 300 }, (_, i) => odd(i)),
      ).map((b, i) => ({
        ...b,
        high: odd(i + 3),
        volume: odd(i + 5),
        quoteVolume: odd(i + 7),
        tradeCount: 2 ** 40 + i,
        final: i !== 299,
      })),
    );
  });

  afterAll(async () => {
    await h.cleanup();
  });

  it('reads RowBinary into the values the JSON read gave, NaN and infinities as null', async () => {
    const sql = `
      SELECT number AS n,
             [0.1 + 0.2, 1e-7, -0., nan, inf, -inf, 5e-324, 1.7976931348623157e308][number % 8 + 1] AS f,
             if(number % 3 = 0, NULL, toFloat64(number) / 7) AS nf,
             toInt64(number) * -3037000499 AS i64,
             [toUInt64(0), toUInt64(9007199254740993), toUInt64(18446744073709551615)][number % 3 + 1] AS u64,
             toUInt32(number * 1000) AS u32, toUInt8(number % 2) AS u8,
             toLowCardinality(['binance-futures', 'bybit'][number % 2 + 1]) AS lc,
             ['', 'é€😀', 'a,"b'][number % 3 + 1] AS s,
             {p:String} AS param
      FROM numbers(50)`;
    const json = await selectRows<Record<string, unknown>>(h.ch.client, sql, { p: 'x' }, 'json');
    const binary = await selectRowsBinary(
      h.ch.client,
      sql,
      { p: 'x' },
      'binary',
      (r: Record<string, unknown>) => ({ ...r }),
    );
    expect(binary).toHaveLength(50);
    expect(binary).toEqual(json);
    expect(binary[2]?.['f']).toBe(-0);
    expect(binary[3]?.['f']).toBeNull();
    expect(binary[1]?.['u64']).toBe(9007199254740992);
    expect(binary[2]?.['u64']).toBe(2 ** 64);
    expect(binary[0]?.['nf']).toBeNull();
    expect(binary[1]?.['s']).toBe('é€😀');
  });

  it.each([
    [
      'a range',
      '{ candles(symbol: "ODDUSDT", interval: "1m", from: 0) { start open high low close volume quoteVolume tradeCount final version source } }',
    ],
    [
      'the latest bars, with aliases, a fragment and __typename',
      '{ a: candles(symbol: "ODDUSDT", interval: "1m", last: 100) { ...f __typename } b: candles(symbol: "ODDUSDT", interval: "5m") { t: start vwap } } fragment f on Candle { close start symbol exchange interval }',
    ],
    [
      'a roll-up with a variable',
      'query($i: String!) { candles(symbol: "ODDUSDT", interval: $i, from: 0) { start open close volume tradeCount } }',
    ],
    ['an unknown symbol (an error)', '{ candles(symbol: "NOPEUSDT", interval: "1m") { start } }'],
  ])('answers %s over HTTP with the bytes the general executor makes', async (_what, query) => {
    const variables = { i: '1h' };
    const response = await h.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.text();
    const reference = await execute({
      schema: buildSchema(),
      document: parse(query),
      variableValues: variables,
      contextValue: { ops: h.api.operations, hub: h.api.hub, settings: h.api.settings },
    });
    if (reference.errors) {
      // Errors go through Yoga's masking (codes added); the rest is the general executor's.
      const parsed = JSON.parse(body) as { data: unknown; errors: Record<string, unknown>[] };
      expect(Object.keys(parsed)).toEqual(['errors', 'data']);
      expect(parsed.data).toBeNull();
      expect(
        parsed.errors.map(({ message, locations, path }) => ({ message, locations, path })),
      ).toEqual(
        reference.errors.map(({ message, locations, path }) => ({ message, locations, path })),
      );
      return;
    }
    expect(body).toBe(JSON.stringify(reference));
    expect(body.length).toBeGreaterThan(1_000);
  });
});
