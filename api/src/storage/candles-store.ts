import type { ClickHouseClient } from '@tickstream/core';
import type { Candle } from '../generated/graphql';
import {
  csvBoolean,
  csvIso,
  csvNumber,
  csvText,
  selectRows,
  streamCsvLines,
  TIME_MAX,
  TIME_MIN,
  type CsvColumn,
} from './rows';
import { selectRowsBinary } from './row-binary';

/**
 * Where bars come from: a materialized interval read as stored, or a coarser interval rolled
 * up in ClickHouse from a materialized one (`sourceInterval`, `sizeMs` the target's width).
 */
export interface CandleSource {
  readonly symbol: string;
  readonly exchange: string;
  readonly interval: string;
  readonly sourceInterval: string;
  readonly sizeMs: number;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** Only bars whose window has closed (analytics use these). */
  readonly finalOnly?: boolean;
  /** Whether the symbol has imported bars to merge; without, the plain (faster) read. */
  readonly withImported?: boolean;
}

interface CandleDbRow {
  readonly exchange: string;
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quote_volume: number | null;
  readonly buy_volume: number | null;
  readonly sell_volume: number | null;
  readonly trade_count: number;
  readonly vwap: number | null;
  readonly final: number;
  readonly version: number;
  readonly source: Candle['source'];
}

// Live bars and imported bars of one interval; a live bar shadows an imported one of the same
// start (priority 0 before 1, LIMIT 1 BY start), so an import never overwrites live data.
const LIVE = (finalOnly: boolean) => `
    SELECT exchange, toUnixTimestamp64Milli(bucket_start) AS start,
           toUnixTimestamp64Milli(bucket_end) AS end, open, high, low, close, volume,
           CAST(quote_volume AS Nullable(Float64)) AS quote_volume,
           CAST(buy_volume AS Nullable(Float64)) AS buy_volume,
           CAST(sell_volume AS Nullable(Float64)) AS sell_volume,
           trade_count, CAST(vwap AS Nullable(Float64)) AS vwap, is_final AS final,
           toUInt32(version) AS version, toString(source) AS source, 0 AS priority
    FROM candles FINAL
    WHERE symbol = {symbol:String} AND bar_interval = {source:String}
      AND exchange = {exchange:String}
      AND bucket_start >= fromUnixTimestamp64Milli({from:Int64})
      AND bucket_start < fromUnixTimestamp64Milli({to:Int64})
      ${finalOnly ? 'AND is_final = 1' : ''}`;

const MERGED = (finalOnly: boolean, withImported: boolean) =>
  withImported
    ? `
  SELECT * FROM (${LIVE(finalOnly)}
    UNION ALL
    SELECT {exchange:String} AS exchange, toUnixTimestamp64Milli(bucket_start) AS start,
           start + {sourceMs:Int64} AS end, open, high, low, close, volume,
           CAST(NULL AS Nullable(Float64)) AS quote_volume,
           CAST(NULL AS Nullable(Float64)) AS buy_volume,
           CAST(NULL AS Nullable(Float64)) AS sell_volume,
           trade_count, CAST(NULL AS Nullable(Float64)) AS vwap, toUInt8(1) AS final,
           toUInt32(1) AS version, 'imported' AS source, 1 AS priority
    FROM imported_candles FINAL
    WHERE symbol = {symbol:String} AND bar_interval = {source:String}
      AND bucket_start >= fromUnixTimestamp64Milli({from:Int64})
      AND bucket_start < fromUnixTimestamp64Milli({to:Int64})
  )
  ORDER BY start, priority
  LIMIT 1 BY start`
    : LIVE(finalOnly);

const COLUMNS = `exchange, start, end, open, high, low, close, volume, quote_volume, buy_volume,
  sell_volume, trade_count, vwap, final, version, source`;

// Roll-up: one bar per target bucket from the merged source bars. A bucket holding any
// uploaded bar (imported_candles) has no quote/buy/sell volume (uploads carry none). Its
// source is the least direct one among its bars: imported only when it has no stored bar,
// then klines, then imported for stored bars the backfill command built (from the exchange's
// trade files or aggregate trades: exact, but not streamed), then aggTrades.
const ROLLED = (finalOnly: boolean, withImported: boolean) => `
  SELECT any(exchange) AS r_exchange, intDiv(start, {size:Int64}) * {size:Int64} AS bucket,
         bucket + {size:Int64} AS r_end,
         argMin(open, start) AS r_open, max(high) AS r_high, min(low) AS r_low,
         argMax(close, start) AS r_close, sum(volume) AS r_volume,
         max(priority) = 1 AS any_imported,
         sum(assumeNotNull(quote_volume)) AS r_quote,
         if(any_imported, NULL, r_quote) AS r_quote_volume,
         if(any_imported, NULL, sum(assumeNotNull(buy_volume))) AS r_buy_volume,
         if(any_imported, NULL, sum(assumeNotNull(sell_volume))) AS r_sell_volume,
         sum(trade_count) AS r_trade_count,
         if(any_imported OR r_volume = 0, NULL, r_quote / r_volume) AS r_vwap,
         toUInt8(min(final) = 1 AND max(end) = r_end) AS r_final,
         max(version) AS r_version,
         multiIf(min(priority) = 1, 'imported', countIf(source = 'klines') > 0, 'klines',
                 countIf(source = 'imported') > 0, 'imported',
                 countIf(source = 'aggTrades') > 0, 'aggTrades', 'live') AS r_source
  FROM (${MERGED(finalOnly, withImported)})
  GROUP BY bucket`;

function params(q: CandleSource, sourceMs: number): Record<string, unknown> {
  return {
    symbol: q.symbol,
    exchange: q.exchange,
    source: q.sourceInterval,
    sourceMs,
    size: q.sizeMs,
    from: q.from ?? TIME_MIN,
    to: q.to ?? TIME_MAX,
  };
}

function toCandle(q: CandleSource, row: CandleDbRow): Candle {
  return {
    exchange: row.exchange,
    symbol: q.symbol,
    interval: q.interval,
    start: Number(row.start),
    end: Number(row.end),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    quoteVolume: row.quote_volume,
    buyVolume: row.buy_volume,
    sellVolume: row.sell_volume,
    tradeCount: Number(row.trade_count),
    vwap: row.vwap,
    final: Number(row.final) === 1,
    version: Number(row.version),
    source: row.source,
  };
}

function rolledQuery(q: CandleSource, order: 'ASC' | 'DESC', finalOnly: boolean): string {
  const withImported = q.withImported ?? true;
  return `SELECT r_exchange AS exchange, bucket AS start, r_end AS end, r_open AS open,
    r_high AS high, r_low AS low, r_close AS close, r_volume AS volume,
    r_quote_volume AS quote_volume, r_buy_volume AS buy_volume, r_sell_volume AS sell_volume,
    r_trade_count AS trade_count, r_vwap AS vwap, r_final AS final, r_version AS version,
    r_source AS source
    FROM (${ROLLED(finalOnly, withImported)}) ${finalOnly ? 'WHERE r_final = 1' : ''}
    ORDER BY bucket ${order} LIMIT {limit:UInt64}`;
}

function query(q: CandleSource, order: 'ASC' | 'DESC', sourceMs: number): string {
  const finalOnly = q.finalOnly ?? false;
  if (q.sourceInterval !== q.interval || q.sizeMs !== sourceMs) {
    return rolledQuery(q, order, finalOnly);
  }
  return `SELECT ${COLUMNS} FROM (${MERGED(finalOnly, q.withImported ?? true)}) ORDER BY start ${order} LIMIT {limit:UInt64}`;
}

/** The latest `limit` bars (within the range), ascending. */
export async function latestCandles(
  client: ClickHouseClient,
  q: CandleSource,
  sourceMs: number,
  limit: number,
): Promise<Candle[]> {
  const bars = await selectRowsBinary(
    client,
    query(q, 'DESC', sourceMs),
    { ...params(q, sourceMs), limit },
    `reading the latest ${q.interval} candles of ${q.symbol}`,
    (r: CandleDbRow) => toCandle(q, r),
  );
  return bars.reverse();
}

/** Bars of the range in ascending time, at most `limit`. */
export async function rangeCandles(
  client: ClickHouseClient,
  q: CandleSource,
  sourceMs: number,
  limit: number,
): Promise<Candle[]> {
  return selectRowsBinary(
    client,
    query(q, 'ASC', sourceMs),
    { ...params(q, sourceMs), limit },
    `reading ${q.interval} candles of ${q.symbol}`,
    (r: CandleDbRow) => toCandle(q, r),
  );
}

/** A bar's start and close: all a backtest reads, a fraction of a full candle's bytes. */
export interface BarClose {
  readonly start: number;
  readonly close: number;
}

/** Starts and closes of the range in ascending time, at most `limit`. */
export async function rangeCloses(
  client: ClickHouseClient,
  q: CandleSource,
  sourceMs: number,
  limit: number,
): Promise<BarClose[]> {
  return selectRowsBinary(
    client,
    `SELECT start, close FROM (${query(q, 'ASC', sourceMs)}) ORDER BY start`,
    { ...params(q, sourceMs), limit },
    `reading ${q.interval} closes of ${q.symbol}`,
    (r: { start: number; close: number }) => ({ start: Number(r.start), close: r.close }),
  );
}

/** The CSV export's columns; the symbol and interval are the ones asked for, as query parameters. */
export const CANDLE_CSV: readonly CsvColumn[] = [
  { name: 'timestamp', sql: csvIso('start') },
  { name: 'start', sql: csvNumber('start') },
  { name: 'exchange', sql: csvText('exchange') },
  { name: 'symbol', sql: csvText('{csvSymbol:String}') },
  { name: 'interval', sql: csvText('{csvInterval:String}') },
  { name: 'open', sql: csvNumber('open') },
  { name: 'high', sql: csvNumber('high') },
  { name: 'low', sql: csvNumber('low') },
  { name: 'close', sql: csvNumber('close') },
  { name: 'volume', sql: csvNumber('volume') },
  { name: 'quote_volume', sql: csvNumber('quote_volume') },
  { name: 'buy_volume', sql: csvNumber('buy_volume') },
  { name: 'sell_volume', sql: csvNumber('sell_volume') },
  { name: 'trade_count', sql: csvNumber('trade_count') },
  { name: 'vwap', sql: csvNumber('vwap') },
  { name: 'final', sql: csvBoolean('final = 1') },
  { name: 'version', sql: csvNumber('version') },
  { name: 'source', sql: csvText('source') },
];

/** The bars of the range as CSV lines (ascending, at most `limit`), printed by ClickHouse. */
export function streamCandlesCsv(
  client: ClickHouseClient,
  q: CandleSource,
  sourceMs: number,
  limit: number,
) {
  return streamCsvLines(
    client,
    CANDLE_CSV,
    query(q, 'ASC', sourceMs),
    { ...params(q, sourceMs), limit, csvSymbol: q.symbol, csvInterval: q.interval },
    `exporting ${q.interval} candles of ${q.symbol}`,
  );
}

/** Start of the newest bar (live or imported) of a symbol and materialized interval. */
export async function newestBarStart(
  client: ClickHouseClient,
  symbol: string,
  exchange: string,
  interval: string,
): Promise<number | undefined> {
  const rows = await selectRows<{ t: number | null }>(
    client,
    `SELECT max(t) AS t FROM (
       SELECT max(toUnixTimestamp64Milli(bucket_start)) AS t FROM candles
       WHERE symbol = {symbol:String} AND bar_interval = {interval:String} AND exchange = {exchange:String}
       HAVING count() > 0
       UNION ALL
       SELECT max(toUnixTimestamp64Milli(bucket_start)) AS t FROM imported_candles
       WHERE symbol = {symbol:String} AND bar_interval = {interval:String}
       HAVING count() > 0)`,
    { symbol, interval, exchange },
    `finding the newest ${interval} bar of ${symbol}`,
  );
  const t = rows[0]?.t;
  return t === null || t === undefined ? undefined : Number(t);
}

export interface CatalogRow {
  readonly symbol: string;
  readonly exchange: string;
  readonly intervals: readonly string[];
  readonly last_price: number | null;
  readonly last_bar: number | null;
}

/**
 * Every (symbol, exchange) with stored bars; imported symbols show as exchange `imported`.
 * The last price is the close of the bar holding the newest trade (any interval: bars that
 * end on the same trade have the same close); its time is the newest bar start.
 */
export async function catalogRows(client: ClickHouseClient): Promise<CatalogRow[]> {
  return selectRows<CatalogRow>(
    client,
    `SELECT symbol, exchange, arraySort(groupUniqArray(bar_interval)) AS intervals,
            argMax(close, (last_trade_id, bucket_start, ver)) AS last_price,
            max(toUnixTimestamp64Milli(bucket_start)) AS last_bar
     FROM candles GROUP BY symbol, exchange
     UNION ALL
     SELECT symbol, 'imported' AS exchange, arraySort(groupUniqArray(bar_interval)) AS intervals,
            argMax(close, (bucket_start, uploaded_at)) AS last_price,
            max(toUnixTimestamp64Milli(bucket_start)) AS last_bar
     FROM imported_candles GROUP BY symbol`,
    {},
    'listing symbols',
  );
}
