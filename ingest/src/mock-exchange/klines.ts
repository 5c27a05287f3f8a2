import type { TapeTrade } from '../tape/tape-trade';
import { DecimalSum, multiplyScaled, scaleDecimal } from '../util/decimal';
import { firstAtOrAfter } from '../util/sorted';

const MINUTE = 60_000;

/**
 * USD-M's kline intervals, epoch-aligned (so UTC-aligned, days at 00:00 UTC). USD-M has no
 * 1s klines. 3d, 1w and 1M exist on Binance but are calendar-aligned; the mock does not serve
 * them, and answers them as unknown intervals.
 */
export const KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1_440 * MINUTE,
};

interface Bar {
  readonly openTime: number;
  readonly open: string;
  high: string;
  highValue: number;
  low: string;
  lowValue: number;
  close: string;
  count: number;
  readonly volume: DecimalSum;
  readonly quoteVolume: DecimalSum;
  readonly takerBuyVolume: DecimalSum;
  readonly takerBuyQuoteVolume: DecimalSum;
}

export interface KlineQuery {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit: number;
}

/** One item of GET /fapi/v1/klines, as Binance prints it. */
export type KlineItem = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

function emptyBar(openTime: number, price: string): Bar {
  const value = Number(price);
  return {
    openTime,
    open: price,
    high: price,
    highValue: value,
    low: price,
    lowValue: value,
    close: price,
    count: 0,
    volume: new DecimalSum(),
    quoteVolume: new DecimalSum(),
    takerBuyVolume: new DecimalSum(),
    takerBuyQuoteVolume: new DecimalSum(),
  };
}

function addTrade(bar: Bar, trade: TapeTrade): void {
  const value = Number(trade.price);
  if (value > bar.highValue) {
    bar.high = trade.price;
    bar.highValue = value;
  }
  if (value < bar.lowValue) {
    bar.low = trade.price;
    bar.lowValue = value;
  }
  bar.close = trade.price;
  bar.count++;
  const qty = scaleDecimal(trade.qty);
  const quote = multiplyScaled(scaleDecimal(trade.price), qty);
  bar.volume.add(qty);
  bar.quoteVolume.add(quote);
  // The buyer was the taker: a taker buy.
  if (!trade.isBuyerMaker) {
    bar.takerBuyVolume.add(qty);
    bar.takerBuyQuoteVolume.add(quote);
  }
}

function merge(bars: readonly Bar[], from: number, to: number, openTime: number): Bar {
  const first = bars[from] as Bar;
  const merged = emptyBar(openTime, first.open);
  merged.lowValue = Number.POSITIVE_INFINITY;
  merged.highValue = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const bar = bars[i] as Bar;
    if (bar.highValue > merged.highValue) {
      merged.high = bar.high;
      merged.highValue = bar.highValue;
    }
    if (bar.lowValue < merged.lowValue) {
      merged.low = bar.low;
      merged.lowValue = bar.lowValue;
    }
    merged.close = bar.close;
    merged.count += bar.count;
    merged.volume.addSum(bar.volume);
    merged.quoteVolume.addSum(bar.quoteVolume);
    merged.takerBuyVolume.addSum(bar.takerBuyVolume);
    merged.takerBuyQuoteVolume.addSum(bar.takerBuyQuoteVolume);
  }
  return merged;
}

function item(bar: Bar, intervalMs: number): KlineItem {
  return [
    bar.openTime,
    bar.open,
    bar.high,
    bar.low,
    bar.close,
    bar.volume.toString(),
    bar.openTime + intervalMs - 1,
    bar.quoteVolume.toString(),
    bar.count,
    // Binance prints every size of a bar at the symbol's precision: a bar of taker sells only
    // has a taker-buy volume of "0.000", not "0".
    bar.takerBuyVolume.toString(bar.volume.scale),
    bar.takerBuyQuoteVolume.toString(bar.quoteVolume.scale),
    '0',
  ];
}

/**
 * A symbol's trades as one-minute bars, kept as trades are executed, so a kline request
 * costs its bars, not its trades: every USD-M interval is a whole number of epoch-aligned
 * minutes, and each of its bars is the merge of its minutes. Sums are exact (DecimalSum).
 * Trade times are taken to never decrease along ids, as on an exchange.
 */
export class MinuteBars {
  private readonly bars: Bar[] = [];

  add(trade: TapeTrade): void {
    const minute = Math.floor(trade.time / MINUTE) * MINUTE;
    let bar = this.bars.at(-1);
    if (bar === undefined || bar.openTime < minute) {
      bar = emptyBar(minute, trade.price);
      this.bars.push(bar);
    } else if (bar.openTime > minute) {
      // A time out of order (a hand-made tape): its own minute, found or made.
      const at = firstAtOrAfter(this.bars, minute, (b) => b.openTime);
      bar = this.bars[at];
      if (bar?.openTime !== minute) {
        bar = emptyBar(minute, trade.price);
        this.bars.splice(at, 0, bar);
      }
    }
    addTrade(bar, trade);
  }

  /** After the oldest trades were dropped: forget their bars, rebuild the first one kept. */
  trimTo(trades: readonly TapeTrade[]): void {
    const first = trades[0];
    if (first === undefined) {
      this.bars.length = 0;
      return;
    }
    const minute = Math.floor(first.time / MINUTE) * MINUTE;
    this.bars.splice(
      0,
      firstAtOrAfter(this.bars, minute + MINUTE, (b) => b.openTime),
    );
    const rebuilt = emptyBar(minute, first.price);
    for (const t of trades) {
      if (t.time >= minute + MINUTE) break;
      addTrade(rebuilt, t);
    }
    this.bars.unshift(rebuilt);
  }

  /**
   * Binance's klines, except that a bar without trades is left out (Binance sends it with
   * the previous close and zero volume): `limit` counts bars that have trades. With
   * `startTime`, the first bars opening at or after it; without, the newest; `endTime`
   * caps the open time. The bar still open is included with its trades so far.
   */
  klines(intervalMs: number, query: KlineQuery): KlineItem[] {
    const bucketOf = (bar: Bar) => Math.floor(bar.openTime / intervalMs) * intervalMs;
    const openTimeOf = (bar: Bar) => bar.openTime;
    const lo =
      query.startTime === undefined
        ? 0
        : firstAtOrAfter(
            this.bars,
            Math.ceil(query.startTime / intervalMs) * intervalMs,
            openTimeOf,
          );
    const hi =
      query.endTime === undefined
        ? this.bars.length
        : firstAtOrAfter(
            this.bars,
            Math.floor(query.endTime / intervalMs) * intervalMs + intervalMs,
            openTimeOf,
          );
    const ranges: [number, number][] = [];
    if (query.startTime !== undefined) {
      for (let i = lo; i < hi && ranges.length < query.limit;) {
        const bucket = bucketOf(this.bars[i] as Bar);
        let j = i + 1;
        while (j < hi && bucketOf(this.bars[j] as Bar) === bucket) j++;
        ranges.push([i, j]);
        i = j;
      }
    } else {
      for (let j = hi; j > lo && ranges.length < query.limit;) {
        const bucket = bucketOf(this.bars[j - 1] as Bar);
        let i = j - 1;
        while (i > lo && bucketOf(this.bars[i - 1] as Bar) === bucket) i--;
        ranges.push([i, j]);
        j = i;
      }
      ranges.reverse();
    }
    return ranges.map(([from, to]) =>
      item(merge(this.bars, from, to, bucketOf(this.bars[from] as Bar)), intervalMs),
    );
  }
}
