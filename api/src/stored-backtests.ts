import type { ClickHouseClient } from '@tickstream/core';
import { createTtlCache } from './cache/ttl-cache';
import { createBacktestOperations, type BacktestOperations } from './operations/backtest';
import { createCandlesOperations } from './operations/candles';
import { createCatalog } from './operations/catalog';
import { resolveSettings, type ApiSettings } from './options';

/**
 * The API's backtest operations over a ClickHouse, without the rest of the API: what
 * `tickstream backtest` runs, so the command and the routes read, align, limit and refuse
 * the same way. Nothing is cached: each call reads its bars.
 */
export function createStoredBacktests(options: {
  readonly clickhouse: ClickHouseClient;
  readonly settings?: Partial<ApiSettings>;
}): BacktestOperations {
  const settings = resolveSettings(options.settings);
  const deps = {
    clickhouse: options.clickhouse,
    settings,
    cache: createTtlCache({ ttlMs: 0 }),
    catalogCache: createTtlCache({ ttlMs: 0 }),
  };
  return createBacktestOperations(deps, createCandlesOperations(deps, createCatalog(deps)));
}
