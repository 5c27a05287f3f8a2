import type { Trade } from '@tickstream/schema';
import { CandleAggregator, type CandleUpdate } from '../../../src/candles/candle-aggregator';

const T0 = 1_721_347_020_000; // a minute boundary

function trade(
  id: number,
  time: number,
  price: number,
  qty = 1,
  side: Trade['side'] = 'buy',
): Trade {
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

const options = { intervals: ['1s', '1m'] as const, allowedLatenessMs: 1000, maxLatenessMs: 5000 };

function run(
  trades: readonly Trade[],
  drainEvery: (i: number) => boolean = () => false,
): CandleUpdate[] {
  const agg = new CandleAggregator(options);
  const out: CandleUpdate[] = [];
  trades.forEach((t, i) => {
    agg.add(t, i);
    if (drainEvery(i)) out.push(...agg.drain());
  });
  out.push(...agg.drain());
  return out;
}

/** The latest state per bucket, as ClickHouse's ReplacingMergeTree keeps it. */
function latest(updates: readonly CandleUpdate[]): Map<string, CandleUpdate> {
  const byKey = new Map<string, CandleUpdate>();
  for (const u of updates) {
    const key = `${u.candle.interval}@${u.candle.start}`;
    const prev = byKey.get(key);
    if (!prev || u.rowVersion >= prev.rowVersion) byKey.set(key, u);
  }
  return byKey;
}

describe('the candle aggregator', () => {
  it('builds OHLCV, buy/sell volume, VWAP and trade ids for a bucket', () => {
    const updates = run([
      trade(1, T0 + 10, 100, 2, 'buy'),
      trade(2, T0 + 20, 105, 1, 'sell'),
      trade(3, T0 + 30, 95, 1, 'buy'),
      trade(4, T0 + 40, 101, 4, 'sell'),
    ]);
    const oneSecond = latest(updates).get(`1s@${T0}`)?.candle;
    expect(oneSecond).toMatchObject({
      open: 100,
      high: 105,
      low: 95,
      close: 101,
      volume: 8,
      quoteVolume: 200 + 105 + 95 + 404,
      buyVolume: 3,
      sellVolume: 5,
      tradeCount: 4,
      firstTradeId: 1,
      lastTradeId: 4,
      start: T0,
      end: T0 + 1000,
      final: false,
      version: 1,
    });
    expect(oneSecond?.vwap).toBeCloseTo(804 / 8, 12);
  });

  it('orders open and close by trade time then id, whatever the arrival order', () => {
    const inOrder = run([trade(1, T0 + 5, 10), trade(2, T0 + 5, 11), trade(3, T0 + 9, 12)]);
    const shuffled = run([trade(3, T0 + 9, 12), trade(2, T0 + 5, 11), trade(1, T0 + 5, 10)]);
    const a = latest(inOrder).get(`1s@${T0}`)?.candle;
    const b = latest(shuffled).get(`1s@${T0}`)?.candle;
    expect(a).toMatchObject({ open: 10, close: 12 });
    expect(b).toEqual(a);
  });

  it('puts a trade exactly on a boundary into the bucket it opens', () => {
    const updates = latest(run([trade(1, T0 - 1, 10), trade(2, T0, 20)]));
    expect(updates.get(`1s@${T0 - 1000}`)?.candle.close).toBe(10);
    expect(updates.get(`1s@${T0}`)?.candle.open).toBe(20);
    expect(updates.get(`1m@${T0 - 60_000}`)?.candle.tradeCount).toBe(1);
    expect(updates.get(`1m@${T0}`)?.candle.tradeCount).toBe(1);
  });

  it('finalizes a window once the watermark (newest time minus allowed lateness) passes its end', () => {
    const agg = new CandleAggregator(options);
    agg.add(trade(1, T0 + 100, 10), 0);
    agg.add(trade(2, T0 + 1999, 11), 1); // watermark T0+999: first second still open
    expect(
      agg.drain().find((u) => u.candle.start === T0 && u.candle.interval === '1s')?.candle.final,
    ).toBe(false);
    agg.add(trade(3, T0 + 2000, 12), 2); // watermark T0+1000 = end of the first second
    const finals = agg.drain().filter((u) => u.candle.final);
    expect(finals.map((u) => [u.candle.interval, u.candle.start])).toEqual([['1s', T0]]);
  });

  it('revises a final candle with a late trade inside the maximum lateness, bumping its version', () => {
    const agg = new CandleAggregator(options);
    agg.add(trade(1, T0 + 100, 10), 0);
    agg.add(trade(3, T0 + 3000, 12), 1);
    const first = agg.drain().find((u) => u.candle.start === T0 && u.candle.interval === '1s');
    expect(first?.candle).toMatchObject({ final: true, version: 1, tradeCount: 1 });
    expect(agg.add(trade(2, T0 + 500, 30), 2)).toEqual({ kind: 'accepted', revisions: 1 });
    const revised = agg.drain().find((u) => u.candle.start === T0 && u.candle.interval === '1s');
    expect(revised?.candle).toMatchObject({
      final: true,
      version: 2,
      tradeCount: 2,
      high: 30,
      close: 30,
    });
    expect(revised!.rowVersion).toBeGreaterThan(first!.rowVersion);
  });

  it('rejects a trade later than the maximum lateness with a reason, changing nothing', () => {
    const agg = new CandleAggregator(options);
    agg.add(trade(1, T0 + 10_000, 10), 0);
    agg.drain();
    const outcome = agg.add(trade(2, T0 + 4_999, 99), 1);
    expect(outcome.kind).toBe('too-late');
    expect(outcome.kind === 'too-late' && outcome.reason).toBe(
      'trade 2 at 2024-07-18T23:57:04.999Z is 5001 ms behind the newest BTCUSDT trade; the maximum lateness is 5000 ms',
    );
    expect(agg.drain()).toEqual([]);
    expect(agg.add(trade(3, T0 + 5_000, 99), 2).kind).toBe('accepted');
  });

  it('ignores a duplicate trade id', () => {
    const agg = new CandleAggregator(options);
    expect(agg.add(trade(7, T0 + 10, 10, 1), 0).kind).toBe('accepted');
    expect(agg.add(trade(7, T0 + 10, 10, 1), 1)).toEqual({ kind: 'duplicate' });
    expect(latest(agg.drain()).get(`1s@${T0}`)?.candle.volume).toBe(1);
  });

  it('gives the same final candles whatever the drain points (batch boundaries)', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const trades: Trade[] = [];
    let time = T0;
    for (let id = 1; id <= 3000; id++) {
      time += Math.floor(rand() * 100);
      const jitter = rand() < 0.1 ? -Math.floor(rand() * 3000) : 0; // out of order, within lateness
      trades.push(
        trade(
          id,
          time + jitter,
          100 + rand() * 10,
          rand() * 2 + 0.001,
          rand() < 0.5 ? 'buy' : 'sell',
        ),
      );
      if (rand() < 0.02) trades.push(trade(id, time + jitter, 1, 1)); // a duplicate id (ignored)
    }
    const a = latest(run(trades));
    const b = latest(run(trades, (i) => i % 7 === 0));
    const c = latest(run(trades, () => rand() < 0.3));
    expect([...b.values()].map((u) => u.candle)).toEqual([...a.values()].map((u) => u.candle));
    expect([...c.values()].map((u) => u.candle)).toEqual([...a.values()].map((u) => u.candle));
    expect(a.size).toBeGreaterThan(100);
  });

  it('reports the lowest offset still needed, which rises as windows settle', () => {
    const agg = new CandleAggregator({
      intervals: ['1s'],
      allowedLatenessMs: 0,
      maxLatenessMs: 1000,
    });
    const key = 'binance-futures:BTCUSDT';
    agg.add(trade(1, T0 + 10, 10), 100);
    agg.add(trade(2, T0 + 1500, 10), 101);
    agg.drain();
    expect(agg.lowestRetainedOffset([key])).toBe(100);
    agg.add(trade(3, T0 + 2500, 10), 102); // horizon T0+1500 passes the first window's end
    agg.drain();
    expect(agg.lowestRetainedOffset([key])).toBe(101);
    expect(agg.lowestRetainedOffset(['other:SYMBOL'])).toBeUndefined();
  });

  it('makes windows final when told where a bounded range ends, without a later trade', () => {
    const agg = new CandleAggregator({
      intervals: ['1s', '1m'],
      allowedLatenessMs: 0,
      maxLatenessMs: 60_000,
    });
    agg.add(trade(1, T0 + 10, 10), 0);
    agg.add(trade(2, T0 + 1_500, 11), 1);
    const finals = (updates: CandleUpdate[]) =>
      updates.filter((u) => u.candle.final).map((u) => `${u.candle.interval}@${u.candle.start}`);
    expect(finals(agg.drain())).toEqual([`1s@${T0}`]);
    agg.advanceWatermark(T0 + 2_000);
    expect(finals(agg.drain())).toEqual([`1s@${T0 + 1000}`]);
    agg.advanceWatermark(T0 + 60_000);
    expect(finals(agg.drain())).toEqual([`1m@${T0}`]);
  });
});
