-- Raw trades as normalized by ingest (one row per exchange trade).
-- ReplacingMergeTree on (exchange, symbol, trade_id): a replayed or re-ingested trade
-- replaces its earlier copy; reads that must be exact use FINAL or GROUP BY the key.
-- Trade ids rise with time per symbol, so a symbol's time range is contiguous in this
-- order; the minmax index on trade_time lets range queries skip granules.
CREATE TABLE IF NOT EXISTS trades
(
  exchange LowCardinality(String),
  symbol LowCardinality(String),
  trade_id UInt64,
  price Float64,
  qty Float64,
  side Enum8('buy' = 1, 'sell' = 2),
  trade_time DateTime64(3, 'UTC'),
  event_time DateTime64(3, 'UTC'),
  ingest_time DateTime64(3, 'UTC'),
  INDEX trade_time_minmax trade_time TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(trade_time)
ORDER BY (exchange, symbol, trade_id);
