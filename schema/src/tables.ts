import type { Candle, SymbolStats, Trade } from './events';

// ClickHouse rows for the tables in ../migrations, one mapping per table, so column names
// live beside their DDL and every role writes and reads them the same way.

export const TABLES = {
  trades: 'trades',
  candles: 'candles',
  symbolStats: 'symbol_stats',
} as const;

export interface TradeRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly trade_id: number;
  readonly price: number;
  readonly qty: number;
  readonly side: 'buy' | 'sell';
  readonly trade_time: number;
  readonly event_time: number;
  readonly ingest_time: number;
}

export function tradeRow(t: Trade): TradeRow {
  return {
    exchange: t.exchange,
    symbol: t.symbol,
    trade_id: t.tradeId,
    price: t.price,
    qty: t.qty,
    side: t.side,
    trade_time: t.tradeTime,
    event_time: t.eventTime,
    ingest_time: t.ingestTime,
  };
}

export interface CandleRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly bar_interval: string;
  readonly bucket_start: number;
  readonly bucket_end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quote_volume: number;
  readonly buy_volume: number;
  readonly sell_volume: number;
  readonly trade_count: number;
  readonly vwap: number;
  readonly first_trade_id: number;
  readonly last_trade_id: number;
  readonly is_final: 0 | 1;
  readonly version: number;
  readonly ver: number;
}

/** `rowVersion` must only grow for a bucket (the candles processor uses trade count ×2 + final). */
export function candleRow(c: Candle, rowVersion: number): CandleRow {
  return {
    exchange: c.exchange,
    symbol: c.symbol,
    bar_interval: c.interval,
    bucket_start: c.start,
    bucket_end: c.end,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    quote_volume: c.quoteVolume,
    buy_volume: c.buyVolume,
    sell_volume: c.sellVolume,
    trade_count: c.tradeCount,
    vwap: c.vwap,
    first_trade_id: c.firstTradeId,
    last_trade_id: c.lastTradeId,
    is_final: c.final ? 1 : 0,
    version: c.version,
    ver: rowVersion,
  };
}

export interface SymbolStatsRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly window: string;
  readonly bar_interval: string;
  readonly bars: number;
  readonly time: number;
  readonly last_price: number;
  readonly open_price: number;
  readonly change: number;
  readonly change_pct: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly quote_volume: number;
  readonly vwap: number;
  readonly trade_count: number;
  readonly mean_close: number;
  readonly std_close: number | null;
  readonly realized_volatility: number | null;
  readonly null_reasons: Record<string, string>;
  readonly ver: number;
}

export function symbolStatsRow(s: SymbolStats, rowVersion: number): SymbolStatsRow {
  return {
    exchange: s.exchange,
    symbol: s.symbol,
    window: s.window,
    bar_interval: s.interval,
    bars: s.bars,
    time: s.time,
    last_price: s.lastPrice,
    open_price: s.openPrice,
    change: s.change,
    change_pct: s.changePct,
    high: s.high,
    low: s.low,
    volume: s.volume,
    quote_volume: s.quoteVolume,
    vwap: s.vwap,
    trade_count: s.tradeCount,
    mean_close: s.meanClose,
    std_close: s.stdClose,
    realized_volatility: s.realizedVolatility,
    null_reasons: s.nullReasons,
    ver: rowVersion,
  };
}
