-- Pair analytics per aligned bar, computed from final candles of both legs by the pair
-- analytics processor. One row per (pair, bar_interval, time): `version` grows when a
-- revised input bar makes the processor recompute a bar.
CREATE TABLE IF NOT EXISTS pair_analytics
(
  pair LowCardinality(String),
  symbol_x LowCardinality(String),
  symbol_y LowCardinality(String),
  bar_interval LowCardinality(String),
  time DateTime64(3, 'UTC'),
  price_x Float64,
  price_y Float64,
  ols_window UInt32,
  zscore_window UInt32,
  corr_window UInt32,
  hedge_ratio Nullable(Float64),
  intercept Nullable(Float64),
  r_squared Nullable(Float64),
  std_error Nullable(Float64),
  hedge_ratio_through_origin Nullable(Float64),
  spread Nullable(Float64),
  spread_mean Nullable(Float64),
  spread_std Nullable(Float64),
  zscore Nullable(Float64),
  correlation Nullable(Float64),
  return_correlation Nullable(Float64),
  kalman_hedge_ratio Nullable(Float64),
  kalman_intercept Nullable(Float64),
  kalman_zscore Nullable(Float64),
  half_life Nullable(Float64),
  hurst Nullable(Float64),
  adf_statistic Nullable(Float64),
  adf_pvalue Nullable(Float64),
  adf_used_lag Nullable(UInt32),
  adf_nobs Nullable(UInt32),
  adf_crit_1 Nullable(Float64),
  adf_crit_5 Nullable(Float64),
  adf_crit_10 Nullable(Float64),
  coint_statistic Nullable(Float64),
  coint_pvalue Nullable(Float64),
  coint_crit_1 Nullable(Float64),
  coint_crit_5 Nullable(Float64),
  coint_crit_10 Nullable(Float64),
  null_reasons Map(String, String),
  version UInt32
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(time)
ORDER BY (pair, bar_interval, time);

-- Alerts raised by the pair analytics processor; `id` is deterministic (kind, pair,
-- interval, bar time), so a replayed alert replaces itself.
CREATE TABLE IF NOT EXISTS alerts
(
  id String,
  kind LowCardinality(String),
  pair LowCardinality(String),
  bar_interval LowCardinality(String),
  time DateTime64(3, 'UTC'),
  value Float64,
  threshold Float64,
  message String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (pair, time, id);
