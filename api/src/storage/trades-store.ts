import type { ClickHouseClient } from '@tickstream/core';
import type { Trade } from '../generated/graphql';
import {
  csvIso,
  csvNumber,
  csvText,
  streamCsvLines,
  TIME_MAX,
  TIME_MIN,
  type CsvColumn,
} from './rows';
import { selectRowsBinary } from './row-binary';

export interface TradesQuery {
  readonly symbol: string;
  readonly exchange: string;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** Exclusive trade-id bounds (cursors). */
  readonly afterId?: number | undefined;
  readonly beforeId?: number | undefined;
}

interface TradeDbRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly trade_id: number;
  readonly price: number;
  readonly qty: number;
  readonly side_name: 'buy' | 'sell';
  readonly trade_ms: number;
  readonly event_ms: number;
  readonly ingest_ms: number;
}

// Trade ids rise with time per symbol, so paging on the ORDER BY key (exchange, symbol,
// trade_id) is keyset pagination that never rescans earlier pages.
const SQL = (order: 'ASC' | 'DESC') => `
  SELECT exchange, symbol, trade_id, price, qty, toString(side) AS side_name,
         toUnixTimestamp64Milli(trade_time) AS trade_ms,
         toUnixTimestamp64Milli(event_time) AS event_ms,
         toUnixTimestamp64Milli(ingest_time) AS ingest_ms
  FROM trades FINAL
  WHERE exchange = {exchange:String} AND symbol = {symbol:String}
    AND trade_time >= fromUnixTimestamp64Milli({from:Int64})
    AND trade_time < fromUnixTimestamp64Milli({to:Int64})
    AND trade_id > {afterId:Int64} AND trade_id < {beforeId:Int64}
  ORDER BY trade_id ${order}
  LIMIT {limit:UInt64}`;

function params(q: TradesQuery, limit: number): Record<string, unknown> {
  return {
    exchange: q.exchange,
    symbol: q.symbol,
    from: q.from ?? TIME_MIN,
    to: q.to ?? TIME_MAX,
    afterId: q.afterId ?? -1,
    beforeId: q.beforeId ?? Number.MAX_SAFE_INTEGER,
    limit,
  };
}

const toTrade = (r: TradeDbRow): Trade => ({
  exchange: r.exchange,
  symbol: r.symbol,
  tradeId: Number(r.trade_id),
  price: r.price,
  qty: r.qty,
  side: r.side_name,
  tradeTime: Number(r.trade_ms),
  eventTime: Number(r.event_ms),
  ingestTime: Number(r.ingest_ms),
});

export async function selectTrades(
  client: ClickHouseClient,
  q: TradesQuery,
  order: 'ASC' | 'DESC',
  limit: number,
): Promise<Trade[]> {
  return selectRowsBinary(
    client,
    SQL(order),
    params(q, limit),
    `reading trades of ${q.symbol}`,
    toTrade,
  );
}

export const TRADE_CSV: readonly CsvColumn[] = [
  { name: 'timestamp', sql: csvIso('trade_ms') },
  { name: 'trade_time', sql: csvNumber('trade_ms') },
  { name: 'exchange', sql: csvText('exchange') },
  { name: 'symbol', sql: csvText('symbol') },
  { name: 'trade_id', sql: csvNumber('trade_id') },
  { name: 'price', sql: csvNumber('price') },
  { name: 'qty', sql: csvNumber('qty') },
  { name: 'side', sql: csvText('side_name') },
  { name: 'event_time', sql: csvNumber('event_ms') },
  { name: 'ingest_time', sql: csvNumber('ingest_ms') },
];

/** The trades of the range as CSV lines (trade-id order, at most `limit`), printed by ClickHouse. */
export function streamTradesCsv(client: ClickHouseClient, q: TradesQuery, limit: number) {
  return streamCsvLines(
    client,
    TRADE_CSV,
    SQL('ASC'),
    params(q, limit),
    `exporting trades of ${q.symbol}`,
  );
}
