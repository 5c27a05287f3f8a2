-- OHLC bars uploaded as CSV (legacy POST /api/upload/ohlc). Kept apart from `candles` so an
-- import can never overwrite a bar materialized from live trades: reads take the live bar
-- where both exist and the imported one only where no live bar does.
-- One row per (symbol, bar_interval, bucket_start): a later upload of the same bar replaces
-- the earlier one (`uploaded_at` is the version). Reads use FINAL.
CREATE TABLE IF NOT EXISTS imported_candles
(
  symbol LowCardinality(String),
  bar_interval LowCardinality(String),
  bucket_start DateTime64(3, 'UTC'),
  open Float64,
  high Float64,
  low Float64,
  close Float64,
  volume Float64,
  trade_count UInt64,
  upload_id String,
  uploaded_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(uploaded_at)
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bar_interval, bucket_start);
