import type { Trade } from '@tickstream/schema';

/**
 * The running aggregate of one bucket. Open and close are the prices of the first and last
 * trade in (tradeTime, tradeId) order, so out-of-order arrival gives the same candle as
 * sorted input — the same rule as ClickHouse's argMin/argMax over (trade_time, trade_id).
 */
export interface CandleAccumulator {
  open: number;
  openKey: readonly [number, number];
  close: number;
  closeKey: readonly [number, number];
  high: number;
  low: number;
  volume: number;
  quoteVolume: number;
  buyVolume: number;
  sellVolume: number;
  tradeCount: number;
  firstTradeId: number;
  lastTradeId: number;
}

const before = (a: readonly [number, number], b: readonly [number, number]) =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export function startAccumulator(trade: Trade): CandleAccumulator {
  const key = [trade.tradeTime, trade.tradeId] as const;
  return {
    open: trade.price,
    openKey: key,
    close: trade.price,
    closeKey: key,
    high: trade.price,
    low: trade.price,
    volume: trade.qty,
    quoteVolume: trade.price * trade.qty,
    buyVolume: trade.side === 'buy' ? trade.qty : 0,
    sellVolume: trade.side === 'sell' ? trade.qty : 0,
    tradeCount: 1,
    firstTradeId: trade.tradeId,
    lastTradeId: trade.tradeId,
  };
}

/** Adds a trade in place (the accumulator is owned by one window). */
export function accumulate(acc: CandleAccumulator, trade: Trade): void {
  const key = [trade.tradeTime, trade.tradeId] as const;
  if (before(key, acc.openKey)) {
    acc.open = trade.price;
    acc.openKey = key;
  }
  if (before(acc.closeKey, key)) {
    acc.close = trade.price;
    acc.closeKey = key;
  }
  if (trade.price > acc.high) acc.high = trade.price;
  if (trade.price < acc.low) acc.low = trade.price;
  acc.volume += trade.qty;
  acc.quoteVolume += trade.price * trade.qty;
  if (trade.side === 'buy') acc.buyVolume += trade.qty;
  else acc.sellVolume += trade.qty;
  acc.tradeCount += 1;
  if (trade.tradeId < acc.firstTradeId) acc.firstTradeId = trade.tradeId;
  if (trade.tradeId > acc.lastTradeId) acc.lastTradeId = trade.tradeId;
}
