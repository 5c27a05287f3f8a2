import { validateTrade } from '@tickstream/schema';
import { mapBinanceMessage } from '../../src';
import { testOrigin } from '../helpers/origin';

const origin = testOrigin({ symbols: ['BTCUSDT', 'ETHUSDT'] });
const trade2024 =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1721347022956,"T":1721347022956,"s":"BTCUSDT","t":5182005737,"p":"63943.90","q":"0.003","X":"MARKET","m":true}}';

function frame(data: Record<string, unknown>, stream = 'btcusdt@trade'): string {
  return JSON.stringify({ stream, data });
}

const base = {
  e: 'trade',
  E: 1721347022956,
  T: 1721347022955,
  s: 'BTCUSDT',
  t: 42,
  p: '63943.90',
  q: '0.003',
  X: 'MARKET',
  m: false,
};

describe('the Binance message mapper', () => {
  it('maps a 2024 futures @trade frame to the Trade contract', () => {
    const result = mapBinanceMessage(trade2024, 1721347023100, origin);
    expect(result).toEqual({
      kind: 'trade',
      trade: {
        type: 'trade',
        exchange: 'binance-futures',
        symbol: 'BTCUSDT',
        tradeId: 5182005737,
        price: 63943.9,
        qty: 0.003,
        side: 'sell',
        tradeTime: 1721347022956,
        eventTime: 1721347022956,
        ingestTime: 1721347023100,
      },
    });
  });

  it('reads the taker side from m: a buyer-maker trade is a sell, otherwise a buy', () => {
    const buy = mapBinanceMessage(frame({ ...base, m: false }), 1, origin);
    const sell = mapBinanceMessage(frame({ ...base, m: true }), 1, origin);
    expect(buy.kind === 'trade' && buy.trade.side).toBe('buy');
    expect(sell.kind === 'trade' && sell.trade.side).toBe('sell');
  });

  it('ignores the unknown keys 2026 frames carry (st, nq) on @trade and @aggTrade', () => {
    const trade = mapBinanceMessage(frame({ ...base, st: 1, future: { nested: true } }), 1, origin);
    expect(trade.kind).toBe('trade');
    const agg = mapBinanceMessage(
      frame(
        {
          e: 'aggTrade',
          E: 5,
          a: 900,
          s: 'BTCUSDT',
          p: '64000.1',
          q: '0.010',
          nq: '0.010',
          f: 100,
          l: 102,
          T: 4,
          m: true,
          st: 1,
        },
        'btcusdt@aggTrade',
      ),
      6,
      origin,
    );
    expect(agg).toMatchObject({
      kind: 'trade',
      trade: {
        tradeId: 900,
        price: 64000.1,
        qty: 0.01,
        side: 'sell',
        tradeTime: 4,
        eventTime: 5,
        ingestTime: 6,
      },
    });
  });

  it('maps spot frames (no X, an M key) and raw frames without the combined envelope', () => {
    const spot =
      '{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}';
    expect(mapBinanceMessage(spot, 7, origin)).toMatchObject({
      kind: 'trade',
      trade: { tradeId: 3735683259, price: 61837.63, qty: 0.02 },
    });
  });

  it('upper-cases the symbol', () => {
    const result = mapBinanceMessage(frame({ ...base, s: 'btcusdt' }), 1, origin);
    expect(result.kind === 'trade' && result.trade.symbol).toBe('BTCUSDT');
  });

  it.each([
    ['malformed JSON', '{"stream":"btcusdt@trade","data":{', 'MALFORMED_JSON'],
    ['a JSON array', '[1,2]', 'INVALID_MESSAGE'],
    ['a JSON string', '"hello"', 'INVALID_MESSAGE'],
    ['an envelope without data', '{"stream":"btcusdt@trade"}', 'INVALID_MESSAGE'],
    ['a non-string stream', '{"stream":5,"data":{}}', 'INVALID_MESSAGE'],
    ['an unknown event type', frame({ ...base, e: 'markPriceUpdate' }), 'UNKNOWN_EVENT_TYPE'],
    ['a missing event type', frame({ ...base, e: undefined }), 'INVALID_MESSAGE'],
    ['a numeric symbol', frame({ ...base, s: 5 }), 'INVALID_SYMBOL'],
    ['an unknown symbol', frame({ ...base, s: 'DOGEUSDT' }, 'dogeusdt@trade'), 'UNKNOWN_SYMBOL'],
    ['a string trade id', frame({ ...base, t: '42' }), 'INVALID_TRADE_ID'],
    ['a negative trade id', frame({ ...base, t: -1 }), 'INVALID_TRADE_ID'],
    ['a fractional trade id', frame({ ...base, t: 1.5 }), 'INVALID_TRADE_ID'],
    ['a zero price', frame({ ...base, p: '0' }), 'INVALID_PRICE'],
    ['a negative price', frame({ ...base, p: '-1.0' }), 'INVALID_PRICE'],
    ['a numeric price', frame({ ...base, p: 63943.9 }), 'INVALID_PRICE'],
    ['a price in exponent notation', frame({ ...base, p: '1e5' }), 'INVALID_PRICE'],
    ['a zero quantity', frame({ ...base, q: '0.000' }), 'INVALID_QTY'],
    ['a negative quantity', frame({ ...base, q: '-0.5' }), 'INVALID_QTY'],
    ['a missing quantity', frame({ ...base, q: undefined }), 'INVALID_QTY'],
    ['a string trade time', frame({ ...base, T: '1721347022955' }), 'INVALID_TIME'],
    ['a negative event time', frame({ ...base, E: -5 }), 'INVALID_TIME'],
    ['a string maker flag', frame({ ...base, m: 'true' }), 'INVALID_SIDE'],
    ['a stream naming another symbol', frame(base, 'ethusdt@trade'), 'STREAM_MISMATCH'],
    ['a stream naming another event', frame(base, 'btcusdt@aggTrade'), 'STREAM_MISMATCH'],
  ])('rejects %s with code %s', (_what, text, code) => {
    const result = mapBinanceMessage(text, 1, origin);
    expect(result).toMatchObject({ kind: 'reject', code });
    if (result.kind === 'reject') expect(result.reason.length).toBeGreaterThan(5);
  });

  it('explains a zero price in words that name the value', () => {
    expect(mapBinanceMessage(frame({ ...base, p: '0' }), 1, origin)).toEqual({
      kind: 'reject',
      code: 'INVALID_PRICE',
      reason: 'price must be a positive decimal, got "0"',
    });
  });

  it('lets subscription answers pass without a dead letter', () => {
    expect(mapBinanceMessage('{"result":null,"id":1}', 1, origin)).toEqual({ kind: 'ignore' });
  });

  it('produces only trades that satisfy the schema validator', () => {
    const result = mapBinanceMessage(trade2024, 1, origin);
    expect(result.kind === 'trade' && validateTrade.is(result.trade)).toBe(true);
  });
});
