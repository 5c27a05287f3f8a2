-- History (exchange klines, aggregate trades) shares the `candles` table with bars from live
-- trades, so a chart and the analytics read one series. `source` says where each bar came
-- from: live (trades as they streamed), aggTrades (rebuilt from the exchange's aggregate
-- trades, exact in price, volume and count), klines (the exchange's own bars). The version
-- `ver` keeps a bar with more trades ahead of one with fewer, and a live bar ahead of a
-- history bar with the same trades (see schema/src/tables.ts).
ALTER TABLE candles ADD COLUMN IF NOT EXISTS source LowCardinality(String) DEFAULT 'live';

-- An aggregate trade from history covers the ids first_trade_id..trade_id at one price and
-- one taker side; a trade from the live stream has first_trade_id = trade_id.
ALTER TABLE trades ADD COLUMN IF NOT EXISTS first_trade_id UInt64 DEFAULT trade_id;
