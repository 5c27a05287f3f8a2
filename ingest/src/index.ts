export { buildIngest } from './ingest';
export { INGEST_SECTION, INGEST_SETTINGS } from './settings';
export type { IngestSettings } from './settings';
export type { Ingest, IngestOptions, IngestTopics, SourceSpec } from './ingest';
export type { IngestState, IngestStatus, SymbolStatus } from './pipeline/status';
export type { IngestHealth } from './pipeline/ingest-health';
export { formatStatusLine } from './pipeline/status';
export { binanceSource } from './sources/binance-source';
export type { BinanceSourceOptions } from './sources/binance-source';
export { replaySource } from './sources/replay-source';
export type { ReplaySourceOptions } from './sources/replay-source';
export { syntheticSource } from './sources/synthetic-source';
export type { SyntheticSourceOptions } from './sources/synthetic-source';
export type { ReplaySpeed } from './sources/pacer';
export { combineSources } from './sources/combine';
export { recordSession } from './record/record-session';
export type {
  RecordSessionOptions,
  RecordingSession,
  RecordSummary,
} from './record/record-session';
export { MALFORMED_KINDS, startMockExchange } from './mock-exchange';
export type {
  BackfillMode,
  MalformedKind,
  MockExchange,
  MockExchangeOptions,
  MockExchangeStats,
  MockTape,
} from './mock-exchange';
export { BinanceHttp } from './backfill/binance-http';
export type { BinanceHttpOptions, BinanceHttpStats } from './backfill/binance-http';
export {
  AGG_TRADES_LIMIT,
  BinanceHistory,
  KLINES_LIMIT,
  klineToCandle,
} from './history/binance-history';
export type { AggTradesPage } from './history/binance-history';
export {
  backfillOrigin,
  checksumMismatch,
  DAY_MS,
  downloadVerified,
  parseChecksum,
  publicDataPath,
  publicDataUrl,
  readPublicKlines,
  readPublicTrades,
  utcDay,
  utcDays,
} from './history/public-data';
export type { DownloadOptions, PublicDataFile, PublicDataKind } from './history/public-data';
export { AggTradeBuilder } from './tape/aggregate';
export { DEFAULT_SYNTHETIC_SYMBOLS, SyntheticTrades } from './synthetic/generator';
export {
  PLANTED_MARKET_SYMBOLS,
  PLANTED_PAIRS,
  SYNTHETIC_PRESETS,
  syntheticSymbols,
} from './synthetic/planted-market';
export type { PlantedPair, SyntheticPreset } from './synthetic/planted-market';
export type { CointegrationSpec, SyntheticOptions, SyntheticSymbol } from './synthetic/generator';
export { DEFAULT_TAPE, SPOT_TAPE, loadCapture } from './tape/load-capture';
export type { TapeAggTrade, TapeTrade } from './tape/tape-trade';
export { mapBinanceMessage } from './mappers/binance';
export { mapBinanceCsvRow } from './mappers/binance-csv';
export { mapMessage } from './mappers';
export type { BinanceStreamKind } from './realtime/binance';
export type { ConnectionTuning } from './realtime/managed-connection';
export type { BackoffOptions } from './util/backoff';
export type {
  Backfiller,
  ConnectionState,
  ConnectionStatus,
  DeadLetterCode,
  IngestSource,
  MapResult,
  MessageFormat,
  MessageOrigin,
  RawMessage,
} from './types';
