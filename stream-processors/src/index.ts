export { bucketStart } from './candles/bucket';
export { CandleAggregator } from './candles/candle-aggregator';
export type {
  AddOutcome,
  CandleAggregatorOptions,
  CandleUpdate,
} from './candles/candle-aggregator';
export { buildCandlesProcessor, DEFAULT_INTERVALS } from './candles/candles-processor';
export type { CandlesCounters, CandlesProcessorOptions } from './candles/candles-processor';
export { buildPipeline } from './pipeline';
export type { Pipeline, PipelineOptions } from './pipeline';
export { replayDerivedTables } from './replay';
export type { ReplayOptions, ReplayResult } from './replay';
export type { HealthState, HealthStatus } from './runtime/health';
export type { LogProcessor } from './runtime/log-processor';
export { buildTradesSink } from './sinks/trades-sink';
export type { TradesSinkCounters, TradesSinkOptions } from './sinks/trades-sink';
export { computeSymbolStats, parseStatsWindow, windowName } from './stats/rolling-stats';
export type { StatsWindow } from './stats/rolling-stats';
export { buildStatsProcessor, DEFAULT_STATS_WINDOWS } from './stats/stats-processor';
export type { StatsCounters, StatsProcessorOptions } from './stats/stats-processor';
export { LegAligner } from './pairs/leg-aligner';
export type { AlignedBar } from './pairs/leg-aligner';
export { PairEngine } from './pairs/pair-engine';
export type { PairEngineOutput } from './pairs/pair-engine';
export { buildPairProcessor } from './pairs/pair-processor';
export type { PairCounters, PairProcessorOptions } from './pairs/pair-processor';
export { buildPairRepartitioner } from './pairs/pair-repartitioner';
export {
  PAIR_DEFAULTS,
  pairDefaultsFromConfig,
  pairId,
  pairName,
  parsePairSpec,
} from './pairs/pair-spec';
export {
  createPairRegistry,
  pairConfigOf,
  publishPairConfig,
  sameSpec,
  specOfConfig,
  staticPairRegistry,
} from './pairs/pair-registry';
export type { PairRegistry, PairRegistryOptions } from './pairs/pair-registry';
export type { PairDefaults, PairSpec } from './pairs/pair-spec';
export { priceStats } from './numerics';
export type { PriceStats } from './numerics';
