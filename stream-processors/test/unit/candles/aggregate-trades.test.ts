import { candleVersion, type Trade } from '@tickstream/schema';
import { CandleAggregator, type CandleUpdate } from '../../../src/candles/candle-aggregator';

const T0 = 1_721_347_020_000; // a minute boundary

function trade(id: number, time: number, price: number, qty: number, side: Trade['side']): Trade {
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol: 'BTCUSDT',
    tradeId: id,
    price,
    qty,
    side,
    tradeTime: time,
    eventTime: time,
    ingestTime: time,
  };
}

/** Fills of one taker order at one price and time, as the exchange aggregates them. */
const fills = [
  trade(100, T0 + 10, 50_000, 0.5, 'buy'),
  trade(101, T0 + 10, 50_000, 0.25, 'buy'),
  trade(102, T0 + 10, 50_000, 0.125, 'buy'),
  trade(103, T0 + 900, 49_990, 1, 'sell'),
  trade(104, T0 + 1_500, 50_010, 2, 'sell'),
  trade(105, T0 + 1_500, 50_010, 3, 'sell'),
  trade(106, T0 + 61_000, 50_020, 1, 'buy'),
];

const aggregates: Trade[] = [
  { ...trade(102, T0 + 10, 50_000, 0.875, 'buy'), firstTradeId: 100 },
  { ...trade(103, T0 + 900, 49_990, 1, 'sell'), firstTradeId: 103 },
  { ...trade(105, T0 + 1_500, 50_010, 5, 'sell'), firstTradeId: 104 },
  { ...trade(106, T0 + 61_000, 50_020, 1, 'buy'), firstTradeId: 106 },
];

function finals(trades: readonly Trade[]): CandleUpdate[] {
  const agg = new CandleAggregator({
    intervals: ['1s', '1m'],
    allowedLatenessMs: 0,
    maxLatenessMs: 5_000,
  });
  trades.forEach((t, i) => agg.add(t, i));
  const key = (u: CandleUpdate) => `${u.candle.interval}@${u.candle.start}`;
  return agg
    .drain()
    .filter((u) => u.candle.final)
    .sort((a, b) => key(a).localeCompare(key(b)));
}

describe('bars from history aggregate trades', () => {
  it('equal the bars of the fills they stand for, with source aggTrades', () => {
    const fromFills = finals(fills);
    const fromAggregates = finals(aggregates);
    expect(fromFills.map((u) => `${u.candle.interval}@${u.candle.start}`)).toEqual([
      `1m@${T0}`,
      `1s@${T0}`,
      `1s@${T0 + 1000}`,
    ]);
    expect(fromAggregates).toHaveLength(fromFills.length);
    fromFills.forEach((expected, i) => {
      const got = fromAggregates[i]?.candle;
      const { source, ...rest } = got ?? { source: undefined };
      expect(source).toBe('aggTrades');
      expect(rest).toEqual({
        ...expected.candle,
        volume: expect.closeTo(expected.candle.volume, 12),
        quoteVolume: expect.closeTo(expected.candle.quoteVolume, 6),
        vwap: expect.closeTo(expected.candle.vwap, 9),
        buyVolume: expect.closeTo(expected.candle.buyVolume, 12),
        sellVolume: expect.closeTo(expected.candle.sellVolume, 12),
      });
    });
    const minute = fromAggregates.find((u) => u.candle.interval === '1m')?.candle;
    expect(minute?.tradeCount).toBe(6);
    expect(minute?.firstTradeId).toBe(100);
    expect(minute?.lastTradeId).toBe(105);
    expect(minute?.open).toBe(50_000);
    expect(minute?.close).toBe(50_010);
  });

  it('a live bar carries no source, and its row version is above a kline of the same trades', () => {
    const live = finals(fills).find((u) => u.candle.interval === '1m');
    expect(live?.candle.source).toBeUndefined();
    const kline = { ...live!.candle, source: 'klines' as const };
    expect(live!.rowVersion).toBe(candleVersion(live!.candle));
    expect(candleVersion(live!.candle)).toBeGreaterThan(candleVersion(kline));
    // More trades win whatever the source: a complete kline beats a live bar missing its start.
    const partialLive = { ...live!.candle, tradeCount: live!.candle.tradeCount - 1 };
    expect(candleVersion(kline)).toBeGreaterThan(candleVersion(partialLive));
  });
});
