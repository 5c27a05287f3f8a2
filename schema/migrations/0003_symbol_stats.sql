-- Rolling price/volume statistics per symbol and window, one row per bar time, written by
-- the stats processor from candles. `ver` grows with every update of the bars in the window.
CREATE TABLE IF NOT EXISTS symbol_stats
(
  exchange LowCardinality(String),
  symbol LowCardinality(String),
  window LowCardinality(String),
  bar_interval LowCardinality(String),
  bars UInt32,
  time DateTime64(3, 'UTC'),
  last_price Float64,
  open_price Float64,
  change Float64,
  change_pct Float64,
  high Float64,
  low Float64,
  volume Float64,
  quote_volume Float64,
  vwap Float64,
  trade_count UInt64,
  mean_close Float64,
  std_close Nullable(Float64),
  realized_volatility Nullable(Float64),
  null_reasons Map(String, String),
  ver UInt64
)
ENGINE = ReplacingMergeTree(ver)
PARTITION BY toYYYYMM(time)
ORDER BY (symbol, window, time, exchange);
