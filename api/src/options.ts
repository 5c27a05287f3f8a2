import type { ClickHouseClient, EventLog, Logger, PairRegistry, Registry } from '@tickstream/core';
import {
  defaultsOf,
  INTERVALS,
  MARKET_SETTINGS,
  pairDefaultsOf,
  screenerSpecOf,
  type Interval,
  type MARKET_SECTION,
  type PairDefaults,
  type ScreenerSpec,
  type SectionValues,
} from '@tickstream/schema';
import { API_SETTINGS, type ApiSectionSettings } from './settings';

/** What the API enforces and offers; `apiSettingsFromConfig` maps the validated settings. */
export interface ApiSettings {
  readonly mode: 'production' | 'development';
  /** Empty: no key needed. */
  readonly apiKeys: readonly string[];
  /** Origins besides the API's own; `*` allows any. */
  readonly corsOrigins: readonly string[];
  readonly maxRows: number;
  readonly maxExportRows: number;
  /** Aligned bars one backtest may read (bars × cells for a sweep). */
  readonly backtestMaxBars: number;
  /** Wall time of one backtest or sweep, its read included. */
  readonly backtestTimeBudgetMs: number;
  /** 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** 0 turns the cache off. */
  readonly cacheTtlMs: number;
  readonly uploadMaxBytes: number;
  readonly subscriberQueueSize: number;
  /** Intervals the candles processor materializes; others are rolled up from them. */
  readonly candleIntervals: readonly Interval[];
  /** `Y/X@interval` pairs configured (PAIRS); run-time changes come from md.pair-config.v1. */
  readonly pairs: readonly string[];
  /** Settings of a configured pair, and of an added one where the request leaves them out. */
  readonly pairDefaults: PairDefaults;
  readonly statsWindows: readonly string[];
  /** The pair screener (SCREENER_*): its interval and window are the pairScreen defaults; null when off. */
  readonly screener: ScreenerSpec | null;
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** A slow consumer told SLOW_CONSUMER whose socket still has not taken it is closed after this. */
  readonly slowConsumerGraceMs: number;
}

/** The settings the API reads: its own section and the market it serves. */
export type ApiConfig = ApiSectionSettings & SectionValues<typeof MARKET_SECTION>;

/** The API's settings from its own section's and the market section's validated values. */
export function apiSettingsFromConfig(config: ApiConfig): ApiSettings {
  return {
    mode: config.apiMode,
    apiKeys: config.apiKeys,
    corsOrigins: config.corsOrigins,
    maxRows: config.apiMaxRows,
    maxExportRows: config.apiMaxExportRows,
    backtestMaxBars: config.apiBacktestMaxBars,
    backtestTimeBudgetMs: config.apiBacktestTimeBudgetMs,
    rateLimitPerMinute: config.apiRateLimitPerMinute,
    cacheTtlMs: config.apiCacheTtlMs,
    uploadMaxBytes: config.apiUploadMaxBytes,
    subscriberQueueSize: config.apiSubscriberQueueSize,
    candleIntervals: config.candleIntervals,
    pairs: config.pairs,
    pairDefaults: pairDefaultsOf(config),
    statsWindows: config.statsWindows,
    screener: screenerSpecOf(config),
    // GraphQL armour: limits of the API itself, not settings.
    maxDepth: 10,
    maxCost: 2_500_000,
    maxAliases: 15,
    maxTokens: 2_000,
    maxDirectives: 20,
    slowConsumerGraceMs: 1_000,
  };
}

/** The API's settings when nothing is configured: every setting at its default. */
export const DEFAULT_API_SETTINGS: ApiSettings = apiSettingsFromConfig({
  ...defaultsOf(API_SETTINGS),
  ...defaultsOf(MARKET_SETTINGS),
});

/** The ingest role's status as the API shows it; ingest's own `IngestStatus` satisfies it. */
export interface IngestStatusSnapshot {
  readonly state: string;
  readonly source: string;
  readonly startedAt?: number;
  readonly symbols: Readonly<
    Record<
      string,
      {
        readonly exchange: string;
        readonly received: number;
        readonly produced: number;
        readonly duplicates: number;
        readonly backfilled: number;
        readonly ratePerSecond: number;
        readonly lastTradeId?: number;
        readonly lastTradeTime?: number;
      }
    >
  >;
  readonly connections: readonly {
    readonly id: string;
    readonly state: string;
    readonly url: string;
    readonly streams: number;
    readonly reconnects: number;
    readonly connectedAt?: number;
    readonly lastMessageAt?: number;
    readonly messages: number;
  }[];
  readonly deadLetters: number;
  readonly history?: {
    readonly state: string;
    readonly percent: number;
    readonly bars: number;
    readonly aggTrades: number;
    readonly requests: number;
    readonly symbols: Readonly<
      Record<
        string,
        readonly {
          readonly series: string;
          readonly source: string;
          readonly from: number;
          readonly to: number;
          readonly doneTo: number;
          readonly percent: number;
          readonly state: string;
        }[]
      >
    >;
    readonly error?: string;
  };
  readonly gaps: {
    readonly detected: number;
    readonly backfilled: number;
    readonly unrecoverable: number;
    readonly open: number;
    readonly missingTrades: number;
  };
}

export type IngestStatusProvider = () => IngestStatusSnapshot;

/**
 * One role's health for /health and the `health` query (processors' HealthStatus and
 * ingest's health() fit). `restarting` and `down` make /health answer 503.
 */
export interface RoleHealth {
  readonly state:
    'starting' | 'running' | 'degraded' | 'stalled' | 'restarting' | 'down' | 'stopped';
  readonly reason?: string;
}

export type HealthProvider = () => Readonly<Record<string, RoleHealth>>;

/** A consumer group whose lag the ingest status reports. */
export interface ProcessorGroup {
  readonly name: string;
  readonly groupId: string;
  readonly topic: string;
}

export interface ApiOptions {
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  /** The process's registry; the API adds its metrics and serves it at /metrics. */
  readonly metrics: Registry;
  readonly settings?: Partial<ApiSettings>;
  /** Built dashboard (dashboard/dist) served at `/`, index.html for unknown non-API paths. */
  readonly dashboardDir?: string;
  readonly ingestStatus?: IngestStatusProvider;
  readonly health?: HealthProvider;
  /** The processors whose lag the ingest status reports (the composition root passes the pipeline's table). */
  readonly processorGroups?: readonly ProcessorGroup[];
  /** Consumer group of this instance's live feed; unique per instance by default. */
  readonly feedGroupId?: string;
  /**
   * The analysed pairs, shared with the processors in one process (started and stopped by
   * its owner). Without one the API follows md.pair-config.v1 itself.
   */
  readonly pairRegistry?: PairRegistry;
}

export function resolveSettings(partial: Partial<ApiSettings> | undefined): ApiSettings {
  const settings = { ...DEFAULT_API_SETTINGS, ...partial };
  for (const interval of settings.candleIntervals) {
    if (!(INTERVALS as readonly string[]).includes(interval)) {
      throw new RangeError(`candleIntervals holds an unknown interval: ${interval}`);
    }
  }
  return settings;
}
