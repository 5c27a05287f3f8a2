import type { Trade } from '@tickstream/schema';

/**
 * The running aggregate of one bucket. Open and close are the prices of the first and last
 * trade in (tradeTime, tradeId) order, so out-of-order arrival gives the same candle as
 * sorted input — the same rule as ClickHouse's argMin/argMax over (trade_time, trade_id).
 * The (time, id) order keys are kept as plain numbers: this runs for every trade and every
 * interval, and a tuple per call was a measurable share of the candles processor's time.
 */
export interface CandleAccumulator {
  open: number;
  openTime: number;
  openId: number;
  close: number;
  closeTime: number;
  closeId: number;
  high: number;
  low: number;
  volume: number;
  quoteVolume: number;
  buyVolume: number;
  sellVolume: number;
  tradeCount: number;
  firstTradeId: number;
  lastTradeId: number;
  /** Some of the trades were history aggregates (the bar's source is then aggTrades). */
  aggregated: boolean;
}

export function startAccumulator(trade: Trade): CandleAccumulator {
  const buy = trade.side === 'buy';
  return {
    open: trade.price,
    openTime: trade.tradeTime,
    openId: trade.tradeId,
    close: trade.price,
    closeTime: trade.tradeTime,
    closeId: trade.tradeId,
    high: trade.price,
    low: trade.price,
    volume: trade.qty,
    quoteVolume: trade.price * trade.qty,
    buyVolume: buy ? trade.qty : 0,
    sellVolume: buy ? 0 : trade.qty,
    // An aggregate from history stands for every trade id it covers.
    tradeCount: trade.firstTradeId === undefined ? 1 : trade.tradeId - trade.firstTradeId + 1,
    firstTradeId: trade.firstTradeId ?? trade.tradeId,
    lastTradeId: trade.tradeId,
    aggregated: trade.firstTradeId !== undefined,
  };
}

/** Adds a trade in place (the accumulator is owned by one window). */
export function accumulate(acc: CandleAccumulator, trade: Trade): void {
  const { price, qty, tradeTime: time, tradeId: id } = trade;
  if (time < acc.openTime || (time === acc.openTime && id < acc.openId)) {
    acc.open = price;
    acc.openTime = time;
    acc.openId = id;
  }
  if (time > acc.closeTime || (time === acc.closeTime && id > acc.closeId)) {
    acc.close = price;
    acc.closeTime = time;
    acc.closeId = id;
  }
  if (price > acc.high) acc.high = price;
  if (price < acc.low) acc.low = price;
  acc.volume += qty;
  acc.quoteVolume += price * qty;
  if (trade.side === 'buy') acc.buyVolume += qty;
  else acc.sellVolume += qty;
  const first = trade.firstTradeId;
  if (first === undefined) {
    acc.tradeCount += 1;
    if (id < acc.firstTradeId) acc.firstTradeId = id;
  } else {
    acc.tradeCount += id - first + 1;
    acc.aggregated = true;
    if (first < acc.firstTradeId) acc.firstTradeId = first;
  }
  if (id > acc.lastTradeId) acc.lastTradeId = id;
}
