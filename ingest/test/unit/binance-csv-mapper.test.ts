import { mapBinanceCsvRow } from '../../src';
import { detectCsvFormat, symbolFromFileName } from '../../src/mappers/binance-csv';
import { mapBinanceRestTrade } from '../../src/mappers/binance-rest';
import { testOrigin } from '../helpers/origin';

const origin = testOrigin();

describe('the Binance public-data CSV mapper', () => {
  it('recognizes trades and aggTrades files by header or by the shape of a row', () => {
    expect(detectCsvFormat('id,price,qty,quote_qty,time,is_buyer_maker')).toBe(
      'binance-csv-trades',
    );
    expect(
      detectCsvFormat(
        'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker',
      ),
    ).toBe('binance-csv-aggtrades');
    expect(detectCsvFormat('5182005737,63943.90,0.003,191.83170,1721347022956,true')).toBe(
      'binance-csv-trades',
    );
    expect(
      detectCsvFormat('2284459651,63943.90,0.003,5182005737,5182005737,1721347022956,true'),
    ).toBe('binance-csv-aggtrades');
    // Spot trades carry is_best_match: seven cells, the sixth a boolean.
    expect(detectCsvFormat('3735683259,61837.63,0.02,1236.75,1723161255342,true,true')).toBe(
      'binance-csv-trades',
    );
    expect(detectCsvFormat('hello world')).toBeUndefined();
  });

  it('reads the symbol from a public-data file name', () => {
    expect(symbolFromFileName('/data/BTCUSDT-trades-2024-07-18.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('ethusdt-aggTrades-2024-07.zip')).toBe('ETHUSDT');
    expect(symbolFromFileName('capture.jsonl')).toBeUndefined();
  });

  it('maps a trades row, with the time for both trade and event time', () => {
    expect(
      mapBinanceCsvRow(
        'binance-csv-trades',
        '5182005737,63943.90,0.003,191.83170,1721347022956,true',
        'BTCUSDT',
        99,
        origin,
      ),
    ).toEqual({
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
        ingestTime: 99,
      },
    });
  });

  it('maps an aggTrades row with the aggregate id as trade id', () => {
    const result = mapBinanceCsvRow(
      'binance-csv-aggtrades',
      '2284459651,63943.90,0.010,5182005737,5182005739,1721347022956,false',
      'BTCUSDT',
      1,
      origin,
    );
    expect(result).toMatchObject({
      kind: 'trade',
      trade: { tradeId: 2284459651, qty: 0.01, side: 'buy' },
    });
  });

  it('reads microsecond times of newer files as milliseconds', () => {
    const result = mapBinanceCsvRow(
      'binance-csv-trades',
      '1,10.5,1,10.5,1721347022956123,False',
      'BTCUSDT',
      1,
      origin,
    );
    expect(result).toMatchObject({
      kind: 'trade',
      trade: { tradeTime: 1721347022956, side: 'buy' },
    });
  });

  it('skips header lines', () => {
    expect(
      mapBinanceCsvRow(
        'binance-csv-trades',
        'id,price,qty,quote_qty,time,is_buyer_maker',
        'BTCUSDT',
        1,
        origin,
      ),
    ).toEqual({ kind: 'ignore' });
  });

  it.each([
    ['too few columns', '1,2,3', 'INVALID_CSV_ROW'],
    ['a text id', 'x,10,1,10,1721347022956,true', 'INVALID_TRADE_ID'],
    ['a zero price', '1,0,1,0,1721347022956,true', 'INVALID_PRICE'],
    ['a negative quantity', '1,10,-1,10,1721347022956,true', 'INVALID_QTY'],
    ['a text time', '1,10,1,10,yesterday,true', 'INVALID_TIME'],
    ['a maker flag that is not a boolean', '1,10,1,10,1721347022956,maybe', 'INVALID_SIDE'],
  ])('rejects a row with %s', (_what, row, code) => {
    expect(mapBinanceCsvRow('binance-csv-trades', row, 'BTCUSDT', 1, origin)).toMatchObject({
      kind: 'reject',
      code,
    });
  });

  it('rejects rows when no symbol is known for the file', () => {
    expect(
      mapBinanceCsvRow('binance-csv-trades', '1,10,1,10,1721347022956,true', undefined, 1, origin),
    ).toMatchObject({ kind: 'reject', code: 'INVALID_SYMBOL' });
  });
});

describe('the Binance REST trade mapper', () => {
  it('maps historicalTrades and aggTrades items', () => {
    expect(
      mapBinanceRestTrade(
        { id: 7, price: '10.5', qty: '2', quoteQty: '21', time: 1000, isBuyerMaker: false },
        'trade',
        'BTCUSDT',
        5,
        origin,
      ),
    ).toMatchObject({
      kind: 'trade',
      trade: {
        tradeId: 7,
        price: 10.5,
        qty: 2,
        side: 'buy',
        tradeTime: 1000,
        eventTime: 1000,
        ingestTime: 5,
      },
    });
    expect(
      mapBinanceRestTrade(
        { a: 8, p: '10.5', q: '2', f: 1, l: 3, T: 1000, m: true },
        'aggTrade',
        'BTCUSDT',
        5,
        origin,
      ),
    ).toMatchObject({
      kind: 'trade',
      trade: { tradeId: 8, side: 'sell' },
    });
  });

  it('rejects items that are not trades', () => {
    expect(mapBinanceRestTrade(null, 'trade', 'BTCUSDT', 5, origin)).toMatchObject({
      kind: 'reject',
      code: 'INVALID_MESSAGE',
    });
    expect(
      mapBinanceRestTrade(
        { id: 7, price: '0', qty: '1', time: 1, isBuyerMaker: true },
        'trade',
        'BTCUSDT',
        5,
        origin,
      ),
    ).toMatchObject({ kind: 'reject', code: 'INVALID_PRICE' });
  });
});
