import { INTERVAL_MS, type Interval } from '@tickstream/schema';
import { ApiError } from '../errors';
import type { SymbolInfo } from '../generated/graphql';
import { catalogRows } from '../storage/candles-store';
import { cacheKey, tags, type OperationsDeps } from './context';

export interface CatalogEntry {
  readonly symbol: string;
  readonly exchange: string;
  readonly intervals: readonly string[];
  readonly lastPrice: number | null;
  readonly lastBarTime: number | null;
}

export interface Catalog {
  entries(): Promise<readonly CatalogEntry[]>;
  /** The exchange whose bars a symbol's queries read: the one given, else the freshest. */
  resolve(symbol: string, exchange?: string): Promise<CatalogEntry>;
  /**
   * Where bars of `interval` come from: itself when materialized, else the coarsest
   * materialized interval dividing it (fewest rows to roll up, same result as the finest),
   * preferring intervals the symbol has bars of.
   */
  sourceInterval(interval: Interval, entry?: CatalogEntry): Interval;
  finest(): Interval;
  /** Whether any bars of the symbol were imported (reads then merge imported_candles). */
  hasImported(symbol: string): Promise<boolean>;
}

export function createCatalog(
  deps: Pick<OperationsDeps, 'clickhouse' | 'settings' | 'catalogCache'>,
): Catalog {
  const materialized = [...deps.settings.candleIntervals].sort(
    (a, b) => INTERVAL_MS[a] - INTERVAL_MS[b],
  );
  const finest = materialized[0] ?? '1s';

  const entries = () =>
    deps.catalogCache.get(cacheKey('catalog', {}), [tags.catalog], async () => {
      const rows = await catalogRows(deps.clickhouse);
      return rows.map((r): CatalogEntry => ({
        symbol: r.symbol,
        exchange: r.exchange,
        intervals: r.intervals,
        lastPrice: r.last_price,
        lastBarTime: r.last_bar === null ? null : Number(r.last_bar),
      }));
    });

  return {
    entries,
    async resolve(symbol, exchange) {
      const all = (await entries()).filter(
        (e) => e.symbol === symbol && (exchange === undefined || e.exchange === exchange),
      );
      const live = all.filter((e) => e.exchange !== 'imported');
      const pick = (live.length > 0 ? live : all).reduce<CatalogEntry | undefined>(
        (best, e) =>
          best === undefined || (e.lastBarTime ?? 0) > (best.lastBarTime ?? 0) ? e : best,
        undefined,
      );
      if (!pick) {
        throw new ApiError(
          'UNKNOWN_SYMBOL',
          exchange === undefined
            ? `no data for symbol ${symbol}`
            : `no data for symbol ${symbol} on ${exchange}`,
          { argument: 'symbol', symbol },
        );
      }
      return pick;
    },
    sourceInterval(interval, entry) {
      if (materialized.includes(interval)) return interval;
      const divisors = materialized.filter(
        (m) =>
          INTERVAL_MS[m] < INTERVAL_MS[interval] && INTERVAL_MS[interval] % INTERVAL_MS[m] === 0,
      );
      const present = divisors.filter((m) => entry?.intervals.includes(m));
      const coarsest = present[present.length - 1] ?? divisors[divisors.length - 1];
      if (coarsest === undefined) {
        throw new ApiError(
          'UNKNOWN_INTERVAL',
          `interval ${interval} is not materialized and no materialized interval (${materialized.join(', ')}) divides it`,
          { argument: 'interval' },
        );
      }
      return coarsest;
    },
    finest: () => finest,
    async hasImported(symbol) {
      return (await entries()).some((e) => e.symbol === symbol && e.exchange === 'imported');
    },
  };
}

/** The `symbols` query: catalog rows with the live feed's newer prices and ingest counters. */
export async function listSymbols(deps: OperationsDeps, catalog: Catalog): Promise<SymbolInfo[]> {
  const status = deps.ingestStatus?.();
  return (await catalog.entries()).map((e) => {
    const live = e.exchange === 'imported' ? undefined : deps.live.lastPrices.get(e.symbol);
    const newer = live !== undefined && live.barStart >= (e.lastBarTime ?? -1);
    const counters = e.exchange === 'imported' ? undefined : status?.symbols[e.symbol];
    return {
      symbol: e.symbol,
      exchange: e.exchange,
      lastPrice: newer ? live.price : e.lastPrice,
      lastBarTime: newer ? live.barStart : e.lastBarTime,
      intervals: [...e.intervals],
      ingest: counters
        ? {
            symbol: e.symbol,
            exchange: counters.exchange,
            received: counters.received,
            produced: counters.produced,
            duplicates: counters.duplicates,
            backfilled: counters.backfilled,
            ratePerSecond: counters.ratePerSecond,
            lastTradeId: counters.lastTradeId ?? null,
            lastTradeTime: counters.lastTradeTime ?? null,
          }
        : null,
    };
  });
}
