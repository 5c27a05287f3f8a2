-- Paper trading (issue 16): the orders and simulated fills of the strategy the pair stage
-- runs on a pair's live figures, the same rows md.signals.v1 carries. Nothing here was ever
-- sent to an exchange. One row per (pair, bar_interval, run, time, kind): a bar's close has
-- at most one fill and one order of a run. `run` names the strategy's parameters, so a
-- change of them starts another run beside the old one. The pair stage recomputes the same
-- rows after a restart or a replay, so a replayed row replaces itself.
CREATE TABLE IF NOT EXISTS signals
(
  pair LowCardinality(String),
  symbol_x LowCardinality(String),
  symbol_y LowCardinality(String),
  bar_interval LowCardinality(String),
  run LowCardinality(String),
  time DateTime64(3, 'UTC'),
  kind LowCardinality(String),
  action LowCardinality(String),
  side LowCardinality(String),
  reason LowCardinality(String),
  signal_time DateTime64(3, 'UTC'),
  z Nullable(Float64),
  beta Float64,
  price_y Float64,
  price_x Float64,
  qty_y Nullable(Float64),
  qty_x Nullable(Float64),
  fees Nullable(Float64),
  position LowCardinality(String),
  position_qty_y Float64,
  position_qty_x Float64,
  entry_time Nullable(DateTime64(3, 'UTC')),
  bars_held Nullable(UInt32),
  pnl Nullable(Float64),
  realized Float64,
  equity Float64,
  version UInt32
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(time)
ORDER BY (pair, bar_interval, run, time, kind);
