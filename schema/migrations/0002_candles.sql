-- OHLCV bars materialized from trades by the candles processor, partial and final.
-- One row per (symbol, bar_interval, bucket_start, exchange) after merges: `ver` is the trade
-- count ×2 + is_final, which only grows for a bucket, so a replayed or re-sent row replaces
-- its earlier self and never an older state a newer one. Reads use FINAL.
-- ORDER BY serves "latest N bars of a symbol and interval" and time ranges.
CREATE TABLE IF NOT EXISTS candles
(
  exchange LowCardinality(String),
  symbol LowCardinality(String),
  bar_interval LowCardinality(String),
  bucket_start DateTime64(3, 'UTC'),
  bucket_end DateTime64(3, 'UTC'),
  open Float64,
  high Float64,
  low Float64,
  close Float64,
  volume Float64,
  quote_volume Float64,
  buy_volume Float64,
  sell_volume Float64,
  trade_count UInt64,
  vwap Float64,
  first_trade_id UInt64,
  last_trade_id UInt64,
  is_final UInt8,
  version UInt32,
  ver UInt64
)
ENGINE = ReplacingMergeTree(ver)
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bar_interval, bucket_start, exchange);
