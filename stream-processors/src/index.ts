export { bucketStart } from './candles/bucket';
export { CandleAggregator } from './candles/candle-aggregator';
export type {
  AddOutcome,
  CandleAggregatorOptions,
  CandleUpdate,
} from './candles/candle-aggregator';
export { candlesProcessor } from './candles/candles-processor';
export type { CandlesCounters, CandlesProcessorOptions } from './candles/candles-processor';
export { buildPipeline, PROCESSORS } from './pipeline';
export { pipelineSettings, PROCESS_SECTION, PROCESS_SETTINGS } from './settings';
export type { PipelineSettings, ProcessSettings } from './settings';
export type { Pipeline, PipelineOptions, ProcessorEntry } from './pipeline';
export { replayDerivedTables } from './replay';
export type { ReplayOptions, ReplayResult } from './replay';
export type { HealthState, HealthStatus } from './runtime/health';
export { buildProcessor, defineProcessor } from './runtime/define-processor';
export type {
  DeclaredProcessor,
  ProcessorDefinition,
  ProcessorRuntimeOptions,
  Stage,
  StageContext,
} from './runtime/define-processor';
export type { LogProcessor } from './runtime/log-processor';
export { tradesSink } from './sinks/trades-sink';
export type { TradesSinkCounters, TradesSinkOptions } from './sinks/trades-sink';
export { statsProcessor } from './stats/stats-processor';
export type { StatsCounters, StatsProcessorOptions } from './stats/stats-processor';
export { pairProcessor } from './pairs/pair-processor';
export type { PairCounters, PairProcessorOptions } from './pairs/pair-processor';
export { pairRepartitioner } from './pairs/pair-repartitioner';
export { screenerProcessor } from './screener/screener-processor';
export type { ScreenerCounters, ScreenerProcessorOptions } from './screener/screener-processor';
