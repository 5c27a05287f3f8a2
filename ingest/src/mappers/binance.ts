import type { MapResult, MessageOrigin } from '../types';
import {
  describe,
  epochMs,
  isRecord,
  positiveDecimal,
  reject,
  symbolOf,
  toTrade,
  tradeId,
  type Fields,
} from './mapper';

// Binance trade messages, USD-M futures and spot, raw or wrapped in a combined-stream
// envelope ({"stream":"btcusdt@trade","data":{...}}):
//   trade:    {"e":"trade","E":..,"T":..,"s":"BTCUSDT","t":..,"p":"..","q":"..","X":"MARKET","m":true}
//   aggTrade: {"e":"aggTrade","E":..,"a":..,"s":"BTCUSDT","p":"..","q":"..","f":..,"l":..,"T":..,"m":true}
// Unknown keys (`st`, `nq` since 2026, `M` and `X`) are ignored: the exchange adds fields
// without notice, and a parser that rejected them would drop a whole market.

function mapTradePayload(
  data: Fields,
  event: 'trade' | 'aggTrade',
  origin: MessageOrigin,
  receivedAt: number,
): MapResult {
  const symbol = symbolOf(data['s']);
  if (symbol === undefined)
    return reject('INVALID_SYMBOL', `s must be a symbol, got ${describe(data['s'])}`);
  const idField = event === 'trade' ? 't' : 'a';
  const id = tradeId(data[idField]);
  if (id === undefined) {
    return reject(
      'INVALID_TRADE_ID',
      `${idField} must be a non-negative integer, got ${describe(data[idField])}`,
    );
  }
  const price = positiveDecimal(data['p']);
  if (price === undefined) {
    return reject('INVALID_PRICE', `price must be a positive decimal, got ${describe(data['p'])}`);
  }
  const qty = positiveDecimal(data['q']);
  if (qty === undefined) {
    return reject('INVALID_QTY', `quantity must be a positive decimal, got ${describe(data['q'])}`);
  }
  const tradeTime = epochMs(data['T']);
  if (tradeTime === undefined) {
    return reject('INVALID_TIME', `T must be epoch milliseconds, got ${describe(data['T'])}`);
  }
  const eventTime = epochMs(data['E']);
  if (eventTime === undefined) {
    return reject('INVALID_TIME', `E must be epoch milliseconds, got ${describe(data['E'])}`);
  }
  const isBuyerMaker = data['m'];
  if (typeof isBuyerMaker !== 'boolean') {
    return reject('INVALID_SIDE', `m must be a boolean, got ${describe(isBuyerMaker)}`);
  }
  return toTrade(
    { symbol, tradeId: id, price, qty, isBuyerMaker, tradeTime, eventTime },
    origin,
    receivedAt,
  );
}

/** Maps one Binance WebSocket message (or JSONL line of one) to a Trade or a rejection. */
export function mapBinanceMessage(
  text: string,
  receivedAt: number,
  origin: MessageOrigin,
): MapResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject(
      'MALFORMED_JSON',
      `not JSON: ${error instanceof Error ? error.message : 'parse error'}`,
    );
  }
  if (!isRecord(parsed))
    return reject('INVALID_MESSAGE', `expected a JSON object, got ${describe(parsed)}`);
  let data: unknown = parsed;
  let stream: string | undefined;
  if ('stream' in parsed || 'data' in parsed) {
    if (typeof parsed['stream'] !== 'string') {
      return reject(
        'INVALID_MESSAGE',
        `stream must be a string, got ${describe(parsed['stream'])}`,
      );
    }
    stream = parsed['stream'];
    data = parsed['data'];
  }
  if (!isRecord(data))
    return reject('INVALID_MESSAGE', `expected an event object, got ${describe(data)}`);
  const event = data['e'];
  if (event !== 'trade' && event !== 'aggTrade') {
    if (typeof event === 'string')
      return reject('UNKNOWN_EVENT_TYPE', `event type ${describe(event)} is not a trade`);
    if ('result' in data || 'error' in data) return { kind: 'ignore' };
    return reject('INVALID_MESSAGE', `e (event type) must be a string, got ${describe(event)}`);
  }
  const result = mapTradePayload(data, event, origin, receivedAt);
  if (stream !== undefined && result.kind === 'trade') {
    const expected = `${result.trade.symbol.toLowerCase()}@${event}`;
    if (stream !== expected) {
      return reject(
        'STREAM_MISMATCH',
        `a ${event} of ${result.trade.symbol} arrived on stream ${describe(stream)}`,
      );
    }
  }
  return result;
}
