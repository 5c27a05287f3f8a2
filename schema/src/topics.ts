import type { TSchema } from '@sinclair/typebox';
import {
  AlertSchema,
  CandleSchema,
  DeadLetterSchema,
  PairAnalyticsSchema,
  TradeSchema,
  type Alert,
  type Candle,
  type DeadLetter,
  type PairAnalytics,
  type Trade,
  type TradeGap,
  TradeGapSchema,
  type SymbolStats,
  SymbolStatsSchema,
  type PairBar,
  PairBarSchema,
  type PairConfig,
  PairConfigSchema,
  type HistoryProgress,
  HistoryProgressSchema,
  type Signal,
  SignalSchema,
  type PairScreen,
  PairScreenSchema,
} from './events';

// Versioned names: a breaking change to a message is a new topic version, never an edit.
export interface TopicDefinition<T> {
  readonly name: string;
  readonly schema: TSchema;
  /** How the record key is built; records with the same key stay in order. */
  readonly keyOf: (event: T) => string;
  readonly keyDescription: string;
  readonly partitions: number;
  /** How long records are kept; `null` keeps them for ever (configuration topics). */
  readonly retentionMs: number | null;
  /** Keep only the latest record per key (Kafka log compaction). */
  readonly compacted?: boolean;
}

const DAY_MS = 86_400_000;

export const TOPICS = {
  trades: {
    name: 'md.trades.v1',
    schema: TradeSchema,
    keyOf: (t: Trade) => `${t.exchange}:${t.symbol}`,
    keyDescription: 'exchange:symbol',
    partitions: 6,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<Trade>,
  candles: {
    name: 'md.candles.v1',
    schema: CandleSchema,
    keyOf: (c: Candle) => `${c.symbol}:${c.interval}`,
    keyDescription: 'symbol:interval',
    partitions: 6,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<Candle>,
  stats: {
    name: 'md.stats.v1',
    schema: SymbolStatsSchema,
    keyOf: (s: SymbolStats) => `${s.exchange}:${s.symbol}`,
    keyDescription: 'exchange:symbol',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<SymbolStats>,
  pairAnalytics: {
    name: 'md.pair-analytics.v1',
    schema: PairAnalyticsSchema,
    keyOf: (p: PairAnalytics) => p.pair,
    keyDescription: 'pair (SYMBOLY/SYMBOLX)',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<PairAnalytics>,
  alerts: {
    name: 'md.alerts.v1',
    schema: AlertSchema,
    keyOf: (a: Alert) => a.pair,
    keyDescription: 'pair',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
  } satisfies TopicDefinition<Alert>,
  deadLetter: {
    name: 'md.deadletter.v1',
    schema: DeadLetterSchema,
    keyOf: (d: DeadLetter) => d.source,
    keyDescription: 'source',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
  } satisfies TopicDefinition<DeadLetter>,
  pairBars: {
    name: 'md.pair-bars.v1',
    schema: PairBarSchema,
    keyOf: (b: PairBar) => b.pairId,
    keyDescription: 'pair id (SYMBOLY/SYMBOLX@interval); internal repartition topic',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<PairBar>,
  tradeGaps: {
    name: 'md.trade-gaps.v1',
    schema: TradeGapSchema,
    keyOf: (g: TradeGap) => `${g.exchange}:${g.symbol}`,
    keyDescription: 'exchange:symbol',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
  } satisfies TopicDefinition<TradeGap>,
  pairConfig: {
    name: 'md.pair-config.v1',
    schema: PairConfigSchema,
    keyOf: (c: PairConfig) => c.pairId,
    keyDescription: 'pair id (SYMBOLY/SYMBOLX@interval)',
    // One partition: every process reads all of it, in the order the changes were made.
    partitions: 1,
    retentionMs: null,
    compacted: true,
  } satisfies TopicDefinition<PairConfig>,
  historyProgress: {
    name: 'md.history.v1',
    schema: HistoryProgressSchema,
    keyOf: (h: HistoryProgress) => `${h.exchange}:${h.symbol}:${h.series}`,
    keyDescription: 'exchange:symbol:series',
    // Ingest reads all of it at start to continue a history where it stopped.
    partitions: 1,
    retentionMs: null,
    compacted: true,
  } satisfies TopicDefinition<HistoryProgress>,
  signals: {
    name: 'md.signals.v1',
    schema: SignalSchema,
    keyOf: (s: Signal) => `${s.pair}@${s.interval}`,
    keyDescription: 'pair id (SYMBOLY/SYMBOLX@interval)',
    // One partition, as the alerts: a pair's orders and fills stay in order for every reader.
    partitions: 1,
    retentionMs: 30 * DAY_MS,
  } satisfies TopicDefinition<Signal>,
  pairScreen: {
    name: 'md.pair-screen.v1',
    schema: PairScreenSchema,
    keyOf: (p: PairScreen) => `${p.pair}@${p.interval}`,
    keyDescription: 'pair id (SYMBOLY/SYMBOLX@interval)',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
  } satisfies TopicDefinition<PairScreen>,
} as const;

export type TopicKey = keyof typeof TOPICS;
export const ALL_TOPICS: readonly TopicDefinition<never>[] = Object.values(TOPICS);
