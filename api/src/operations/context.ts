import type { ClickHouseClient, EventLog, Logger, PairRegistry } from '@tickstream/core';
import type { TradeGap } from '@tickstream/schema';
import type { TtlCache } from '../cache/ttl-cache';
import type { LiveFeed } from '../live/live-feed';
import type { ApiSettings, HealthProvider, IngestStatusProvider, ProcessorGroup } from '../options';

/** What the live feed has learnt that queries use: newest prices and recent gaps. */
export interface LiveState {
  /** Newest close per symbol from md.candles.v1 (finest interval), newer than storage may be. */
  readonly lastPrices: Map<string, { readonly price: number; readonly barStart: number }>;
  /** Newest first, at most 50. */
  readonly recentGaps: TradeGap[];
}

/** Everything an operation may use; built once per API. */
export interface OperationsDeps {
  readonly clickhouse: ClickHouseClient;
  readonly eventLog: EventLog;
  readonly logger: Logger;
  readonly settings: ApiSettings;
  readonly cache: TtlCache;
  /**
   * The symbol catalog's own cache: every query resolves its symbol through the catalog, so it
   * stays cached (invalidated by new symbols and imports) even when the query cache is off.
   */
  readonly catalogCache: TtlCache;
  readonly live: LiveState;
  readonly feed: () => LiveFeed | undefined;
  readonly ingestStatus: IngestStatusProvider | undefined;
  readonly health: HealthProvider | undefined;
  readonly processorGroups: readonly ProcessorGroup[];
  /** The pairs analysed now (configured and run-time). */
  readonly pairs: PairRegistry;
}

/** Cache tags: which new data makes a cached result stale. */
export const tags = {
  catalog: 'catalog',
  candles: (symbol: string) => `candles:${symbol}`,
  finalCandles: (symbol: string) => `final:${symbol}`,
  trades: (symbol: string) => `trades:${symbol}`,
  pair: (pair: string) => `pair:${pair}`,
  alerts: 'alerts',
};

export const cacheKey = (operation: string, args: unknown): string =>
  `${operation}:${JSON.stringify(args)}`;
