import { MinuteBars } from '../../src/mock-exchange/klines';
import { RestLimits } from '../../src/mock-exchange/rest-limits';
import { loopTape } from '../../src/tape/load-capture';
import type { TapeTrade } from '../../src/tape/tape-trade';
import { DecimalSum, multiplyScaled, scaleDecimal } from '../../src/util/decimal';

function sum(values: readonly string[]): string {
  const total = new DecimalSum();
  for (const v of values) total.add(scaleDecimal(v));
  return total.toString();
}

describe('exact running sums of decimal strings', () => {
  it('adds without float error, at the largest number of decimals seen', () => {
    expect(sum(['0.1', '0.2'])).toBe('0.3');
    expect(sum(['1.5', '0.25', '2'])).toBe('3.75');
    expect(sum(['0.001', '0.002'])).toBe('0.003');
    expect(sum([])).toBe('0');
  });

  it('stays exact past 2^53, moving to a bigint', () => {
    expect(sum(['9007199254740991', '1'])).toBe('9007199254740992');
    expect(sum(['900719925474099', '0.01'])).toBe('900719925474099.01');
    const many = Array.from({ length: 20 }, () => '999999999999999.9');
    expect(sum(many)).toBe('19999999999999998.0');
    const merged = new DecimalSum();
    const a = new DecimalSum();
    a.add(scaleDecimal('9007199254740991'));
    const b = new DecimalSum();
    b.add(scaleDecimal('0.5'));
    merged.addSum(a);
    merged.addSum(b);
    merged.addSum(a);
    expect(merged.toString()).toBe('18014398509481982.5');
  });

  it('multiplies exactly, also where the product leaves the doubles', () => {
    const product = (a: string, b: string) => {
      const s = new DecimalSum();
      s.add(multiplyScaled(scaleDecimal(a), scaleDecimal(b)));
      return s.toString();
    };
    expect(product('63943.90', '0.003')).toBe('191.83170');
    expect(product('99999999.99', '99999999.999')).toBe('9999999998900000.00001');
  });
});

describe('one-minute bars', () => {
  const trade = (id: number, time: number, price: string, qty: string): TapeTrade => ({
    symbol: 'BTCUSDT',
    id,
    price,
    qty,
    time,
    eventTime: time,
    isBuyerMaker: id % 2 === 0,
  });
  const trades = [
    trade(1, 60_000, '10.0', '1'),
    trade(2, 61_000, '12.0', '2'),
    trade(3, 119_999, '11.0', '1'),
    trade(4, 180_000, '9.5', '3'),
    trade(5, 185_000, '10.5', '1'),
  ];

  it('merge into coarser bars, leave out minutes without trades, and keep the open bar', () => {
    const bars = new MinuteBars();
    for (const t of trades) bars.add(t);
    expect(bars.klines(60_000, { limit: 10 })).toEqual([
      [60_000, '10.0', '12.0', '10.0', '11.0', '4', 119_999, '45.0', 3, '2', '21.0', '0'],
      [180_000, '9.5', '10.5', '9.5', '10.5', '4', 239_999, '39.0', 2, '1', '10.5', '0'],
    ]);
    expect(bars.klines(300_000, { limit: 10 })).toEqual([
      [0, '10.0', '12.0', '9.5', '10.5', '8', 299_999, '84.0', 5, '3', '31.5', '0'],
    ]);
    expect(bars.klines(60_000, { limit: 1 }).map((b) => b[0])).toEqual([180_000]);
    expect(bars.klines(60_000, { startTime: 60_001, limit: 10 }).map((b) => b[0])).toEqual([
      180_000,
    ]);
    expect(bars.klines(60_000, { endTime: 179_999, limit: 10 }).map((b) => b[0])).toEqual([60_000]);
  });

  it('forget what the history dropped, rebuilding the first minute kept', () => {
    const bars = new MinuteBars();
    for (const t of trades) bars.add(t);
    bars.trimTo(trades.slice(1));
    expect(bars.klines(60_000, { limit: 10 })[0]).toEqual([
      60_000,
      '12.0',
      '12.0',
      '11.0',
      '11.0',
      '3',
      119_999,
      '35.0',
      2,
      '1',
      '11.0',
      '0',
    ]);
  });

  it('print a bar of taker sells only with zero taker buys at the bar’s precision', () => {
    const bars = new MinuteBars();
    // Even ids are buyer-maker trades: taker sells.
    bars.add(trade(2, 60_000, '10.5', '0.250'));
    bars.add(trade(4, 61_000, '10.0', '0.100'));
    expect(bars.klines(60_000, { limit: 1 })).toEqual([
      [
        60_000,
        '10.5',
        '10.5',
        '10.0',
        '10.0',
        '0.350',
        119_999,
        '3.6250',
        2,
        '0.000',
        '0.0000',
        '0',
      ],
    ]);
  });
});

describe('the REST weight limit and bans', () => {
  it('answers 429 until enough weight expires, bans a client that does not wait, then lets it in', () => {
    const limits = new RestLimits({ weightPerMinute: 50, banMs: 120_000 });
    expect(limits.admit(10, 0)).toEqual({ admitted: true, used: 10 });
    expect(limits.admit(30, 10_000)).toEqual({ admitted: true, used: 40 });
    // 20 more fits once the first 10 expire, at 60 s.
    expect(limits.admit(20, 20_000)).toMatchObject({
      admitted: false,
      status: 429,
      retryAfterSeconds: 40,
      used: 40,
    });
    expect(limits.admit(1, 25_000)).toMatchObject({
      admitted: false,
      status: 418,
      retryAfterSeconds: 120,
    });
    expect(limits.admit(1, 144_500)).toMatchObject({ status: 418, retryAfterSeconds: 1 });
    expect(limits.admit(20, 145_000)).toEqual({ admitted: true, used: 20 });
    expect([limits.requests, limits.rateLimited, limits.banned]).toEqual([6, 1, 2]);
  });

  it('is no limit at 0, and never bans then', () => {
    const limits = new RestLimits({ weightPerMinute: 0, banMs: 120_000 });
    for (let i = 0; i < 1_000; i++) limits.admit(20, i);
    expect(limits.used(1_000)).toBe(20_000);
    expect(limits.used(60_500)).toBe(9_980);
    expect([limits.rateLimited, limits.banned]).toEqual([0, 0]);
  });
});

describe('a looped tape', () => {
  const tape: TapeTrade[] = [
    { symbol: 'A', id: 10, price: '1', qty: '1', time: 0, eventTime: 5, isBuyerMaker: true },
    {
      symbol: 'A',
      id: 11,
      price: '1',
      qty: '1',
      time: 2_000,
      eventTime: 2_005,
      isBuyerMaker: true,
    },
  ];

  it('yields any stretch of passes, moved in time, ids following on', () => {
    // A pass lasts 2,005 ms plus a second.
    const stretch = [...loopTape(tape, { firstPass: 2, passes: 2, timeOffset: 100 })];
    expect(stretch.map((t) => [t.id, t.time])).toEqual([
      [14, 6_110],
      [15, 8_110],
      [16, 9_115],
      [17, 11_115],
    ]);
    expect(stretch.every((t) => t.raw === undefined)).toBe(true);
  });
});
