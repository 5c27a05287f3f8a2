import type { MapResult, MessageOrigin } from '../types';
import { describe, epochMs, isRecord, positiveDecimal, reject, toTrade, tradeId } from './mapper';

// Items of Binance's REST trade lists, used to backfill gaps:
//   GET /fapi/v1/historicalTrades → {"id":..,"price":"..","qty":"..","quoteQty":"..","time":..,"isBuyerMaker":true}
//   GET /fapi/v1/aggTrades        → {"a":..,"p":"..","q":"..","f":..,"l":..,"T":..,"m":true}

export function mapBinanceRestTrade(
  item: unknown,
  kind: 'trade' | 'aggTrade',
  symbol: string,
  receivedAt: number,
  origin: MessageOrigin,
): MapResult {
  if (!isRecord(item))
    return reject('INVALID_MESSAGE', `expected a trade object, got ${describe(item)}`);
  const names =
    kind === 'trade'
      ? { id: 'id', price: 'price', qty: 'qty', time: 'time', maker: 'isBuyerMaker' }
      : { id: 'a', price: 'p', qty: 'q', time: 'T', maker: 'm' };
  const id = tradeId(item[names.id]);
  if (id === undefined)
    return reject(
      'INVALID_TRADE_ID',
      `${names.id} must be a non-negative integer, got ${describe(item[names.id])}`,
    );
  const price = positiveDecimal(item[names.price]);
  if (price === undefined)
    return reject(
      'INVALID_PRICE',
      `price must be a positive decimal, got ${describe(item[names.price])}`,
    );
  const qty = positiveDecimal(item[names.qty]);
  if (qty === undefined)
    return reject(
      'INVALID_QTY',
      `quantity must be a positive decimal, got ${describe(item[names.qty])}`,
    );
  const tradeTime = epochMs(item[names.time]);
  if (tradeTime === undefined)
    return reject(
      'INVALID_TIME',
      `${names.time} must be epoch milliseconds, got ${describe(item[names.time])}`,
    );
  const isBuyerMaker = item[names.maker];
  if (typeof isBuyerMaker !== 'boolean')
    return reject(
      'INVALID_SIDE',
      `${names.maker} must be a boolean, got ${describe(isBuyerMaker)}`,
    );
  return toTrade(
    { symbol, tradeId: id, price, qty, isBuyerMaker, tradeTime, eventTime: tradeTime },
    origin,
    receivedAt,
  );
}
