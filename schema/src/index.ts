export {
  AdfResultSchema,
  ALERT_KINDS,
  ALERT_STATES,
  AlertSchema,
  CANDLE_SOURCES,
  CandleSchema,
  HISTORY_SERIES,
  HistoryProgressSchema,
  CointResultSchema,
  DeadLetterSchema,
  INTERVAL_MS,
  INTERVALS,
  IntervalSchema,
  PairAnalyticsSchema,
  PairBarSchema,
  PairConfigSchema,
  PAIR_SCREEN_FIGURES,
  PairScreenSchema,
  PaperTradingSchema,
  SIGNAL_KINDS,
  SIGNAL_REASONS,
  SignalSchema,
  SymbolStatsSchema,
  TradeGapSchema,
  TradeSchema,
} from './events';
export type {
  Alert,
  AlertKind,
  AlertState,
  Candle,
  CandleOrigin,
  DeadLetter,
  HistoryProgress,
  Interval,
  PairAnalytics,
  PairBar,
  PairConfig,
  PairScreen,
  PairScreenFigure,
  PaperTradingSpec,
  Signal,
  TickstreamEvent,
  SymbolStats,
  Trade,
  TradeGap,
} from './events';
export { pairId, pairName, parsePairSpec } from './pair-spec';
export { PAIR_DEFAULTS, PAIR_SETTINGS, pairDefaultsOf } from './pair-settings';
export { MARKET_SECTION, MARKET_SETTINGS, marketSettings } from './market-settings';
export type { MarketSettings } from './market-settings';
export { SCREENER_SETTINGS, screenerProblems, screenerSpecOf } from './screener-settings';
export type { ScreenerSpec } from './screener-settings';
export {
  boolean,
  composeSections,
  decimal,
  defaultsOf,
  defineSection,
  duration,
  fromString,
  integer,
  list,
  oneOf,
  setting,
  z,
} from './settings';
export type {
  Section,
  SectionValues,
  SettingDefinition,
  SettingsTable,
  SettingsValues,
} from './settings';
export { parseStatsWindow, windowName } from './stats-window';
export type { StatsWindow } from './stats-window';
export type { PairDefaults, PairSpec } from './pair-spec';
export { ALL_TOPICS, TOPICS } from './topics';
export type { TopicDefinition, TopicKey } from './topics';
export {
  compileValidator,
  SchemaValidationError,
  validateAlert,
  validateCandle,
  validateDeadLetter,
  validateHistoryProgress,
  validatePairAnalytics,
  validateTrade,
  validatePairBar,
  validatePairConfig,
  validateSignal,
  validatePairScreen,
  validateSymbolStats,
  validateTradeGap,
} from './validators';
export type { Validator } from './validators';
export { createTradeReader } from './trade-reader';
export type { TradeReader } from './trade-reader';
export { MIGRATIONS_DIR } from './paths';
export {
  alertRow,
  candleRow,
  candleVersion,
  pairAnalyticsRow,
  pairScreenRow,
  pairScreenOfRow,
  PAIR_SCREEN_COLUMNS,
  PAIR_SCREEN_SELECT,
  signalRow,
  signalOfRow,
  SIGNAL_SELECT,
  symbolStatsRow,
  TABLES,
  tradeRow,
} from './tables';
export type {
  AlertRow,
  CandleRow,
  PairAnalyticsRow,
  PairScreenReadRow,
  PairScreenRow,
  SignalReadRow,
  SignalRow,
  SymbolStatsRow,
  TradeRow,
} from './tables';
export { GRAPHQL_SCHEMA_PATH } from './paths';
