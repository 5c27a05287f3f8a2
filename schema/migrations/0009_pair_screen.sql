-- The pair screener (issue 15): every pair of a universe of symbols, with its figures over
-- the screener window. `pair_screen` keeps each pair's rows at the test cadence (history:
-- z-score sparklines, how a pair's p-value moved); `pair_screen_latest` one row per pair,
-- the newest (ReplacingMergeTree on `time`: read it with FINAL). Both are written by the
-- screener stage from the same rows as md.pair-screen.v1; a replay writes the same rows
-- again, which replace themselves. `null_reasons` is JSON: {figure: reason} for each null.
CREATE TABLE IF NOT EXISTS pair_screen
(
  bar_interval LowCardinality(String),
  screen_window UInt32,
  pair LowCardinality(String),
  symbol_x LowCardinality(String),
  symbol_y LowCardinality(String),
  time DateTime64(3, 'UTC'),
  zscore_window UInt32,
  price_x Float64,
  price_y Float64,
  hedge_ratio Nullable(Float64),
  intercept Nullable(Float64),
  kalman_hedge_ratio Nullable(Float64),
  correlation Nullable(Float64),
  return_correlation Nullable(Float64),
  coint_statistic Nullable(Float64),
  coint_pvalue Nullable(Float64),
  coint_statistic_reverse Nullable(Float64),
  coint_pvalue_reverse Nullable(Float64),
  pvalue Nullable(Float64),
  adf_statistic Nullable(Float64),
  adf_pvalue Nullable(Float64),
  half_life Nullable(Float64),
  hurst Nullable(Float64),
  spread Nullable(Float64),
  zscore Nullable(Float64),
  null_reasons String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (bar_interval, screen_window, pair, time);

CREATE TABLE IF NOT EXISTS pair_screen_latest
(
  bar_interval LowCardinality(String),
  screen_window UInt32,
  pair LowCardinality(String),
  symbol_x LowCardinality(String),
  symbol_y LowCardinality(String),
  time DateTime64(3, 'UTC'),
  zscore_window UInt32,
  price_x Float64,
  price_y Float64,
  hedge_ratio Nullable(Float64),
  intercept Nullable(Float64),
  kalman_hedge_ratio Nullable(Float64),
  correlation Nullable(Float64),
  return_correlation Nullable(Float64),
  coint_statistic Nullable(Float64),
  coint_pvalue Nullable(Float64),
  coint_statistic_reverse Nullable(Float64),
  coint_pvalue_reverse Nullable(Float64),
  pvalue Nullable(Float64),
  adf_statistic Nullable(Float64),
  adf_pvalue Nullable(Float64),
  half_life Nullable(Float64),
  hurst Nullable(Float64),
  spread Nullable(Float64),
  zscore Nullable(Float64),
  null_reasons String
)
ENGINE = ReplacingMergeTree(time)
ORDER BY (bar_interval, screen_window, pair);
