import type { TapeAggTrade, TapeTrade } from './tape-trade';

// Binance USD-M combined-stream frames, key order as the exchange sends them.

export function tradePayload(t: TapeTrade, eventTime = t.eventTime, time = t.time): string {
  return `{"e":"trade","E":${eventTime},"T":${time},"s":"${t.symbol}","t":${t.id},"p":"${t.price}","q":"${t.qty}","X":"MARKET","m":${t.isBuyerMaker}}`;
}

export function tradeFrame(t: TapeTrade, eventTime = t.eventTime, time = t.time): string {
  return `{"stream":"${t.symbol.toLowerCase()}@trade","data":${tradePayload(t, eventTime, time)}}`;
}

export function aggTradePayload(a: TapeAggTrade, eventTime = a.eventTime, time = a.time): string {
  return `{"e":"aggTrade","E":${eventTime},"a":${a.aggId},"s":"${a.symbol}","p":"${a.price}","q":"${a.qty}","f":${a.firstId},"l":${a.lastId},"T":${time},"m":${a.isBuyerMaker}}`;
}

export function aggTradeFrame(a: TapeAggTrade, eventTime = a.eventTime, time = a.time): string {
  return `{"stream":"${a.symbol.toLowerCase()}@aggTrade","data":${aggTradePayload(a, eventTime, time)}}`;
}

/** An item of GET /fapi/v1/historicalTrades. */
export function historicalTradeItem(t: TapeTrade): Record<string, unknown> {
  const quoteQty = (Number(t.price) * Number(t.qty)).toFixed(8).replace(/\.?0+$/, '');
  return {
    id: t.id,
    price: t.price,
    qty: t.qty,
    quoteQty,
    time: t.time,
    isBuyerMaker: t.isBuyerMaker,
  };
}

/** An item of GET /fapi/v1/aggTrades. */
export function aggTradeItem(a: TapeAggTrade): Record<string, unknown> {
  return {
    a: a.aggId,
    p: a.price,
    q: a.qty,
    f: a.firstId,
    l: a.lastId,
    T: a.time,
    m: a.isBuyerMaker,
  };
}
