import { INTERVAL_MS, type Interval } from '@tickstream/schema';
import { ApiError } from '../errors';
import type { Candle } from '../generated/graphql';
import {
  latestCandles,
  newestBarStart,
  rangeCandles,
  rangeCloses,
  streamCandlesCsv,
  type BarClose,
  type CandleSource,
} from '../storage/candles-store';
import type { CsvLines } from '../storage/rows';
import { parseCount, parseExchange, parseInterval, parseRange, parseSymbol } from './args';
import type { Catalog } from './catalog';
import { cacheKey, tags, type OperationsDeps } from './context';

export interface CandlesArgs {
  readonly symbol: unknown;
  readonly interval: unknown;
  readonly exchange?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly last?: unknown;
}

export const DEFAULT_LAST_CANDLES = 500;

export interface CandlesOperations {
  candles(
    args: CandlesArgs,
    options?: { finalOnly?: boolean; bypassCache?: boolean },
  ): Promise<Candle[]>;
  /** The bars of a range as streamed CSV lines (ascending, at most maxExportRows). */
  exportCandles(args: CandlesArgs): Promise<CsvLines>;
  /**
   * Starts and closes of the final bars of a range, ascending, at most `limit` (uncached: a
   * backtest reads more bars than the cache should hold).
   */
  finalCloses(args: CandlesArgs, limit: number): Promise<BarClose[]>;
  /** Start of the newest bar of a symbol at an interval (rolled-up buckets included). */
  newestBar(symbolRaw: unknown, intervalRaw: unknown): Promise<number | undefined>;
}

export function createCandlesOperations(
  deps: Pick<OperationsDeps, 'clickhouse' | 'settings' | 'cache'>,
  catalog: Catalog,
): CandlesOperations {
  const { maxRows } = deps.settings;

  async function source(args: CandlesArgs, finalOnly: boolean): Promise<CandleSource> {
    const symbol = parseSymbol(args.symbol);
    const interval = parseInterval(args.interval);
    const exchange = parseExchange(args.exchange);
    const range = parseRange(args.from, args.to);
    const entry = await catalog.resolve(symbol, exchange);
    return {
      symbol,
      exchange: entry.exchange,
      interval,
      sourceInterval: catalog.sourceInterval(interval, entry),
      sizeMs: INTERVAL_MS[interval],
      from: range.from,
      to: range.to,
      finalOnly,
      withImported: await catalog.hasImported(symbol),
    };
  }

  return {
    async candles(args, options = {}) {
      const finalOnly = options.finalOnly ?? false;
      const q = await source(args, finalOnly);
      const sourceMs = INTERVAL_MS[q.sourceInterval as Interval];
      const last =
        args.last === undefined || args.last === null
          ? undefined
          : parseCount(args.last, 'last', { max: maxRows });
      const ranged = q.from !== undefined || q.to !== undefined;
      const key = cacheKey('candles', { ...q, last });
      const symbolTags = [finalOnly ? tags.finalCandles(q.symbol) : tags.candles(q.symbol)];
      return deps.cache.get(
        key,
        symbolTags,
        async () => {
          if (last !== undefined || !ranged) {
            return latestCandles(deps.clickhouse, q, sourceMs, last ?? DEFAULT_LAST_CANDLES);
          }
          const bars = await rangeCandles(deps.clickhouse, q, sourceMs, maxRows + 1);
          if (bars.length > maxRows) {
            throw new ApiError(
              'ROW_LIMIT_EXCEEDED',
              `the range holds more than ${maxRows} bars; narrow it, use last, or export it as CSV`,
              { maxRows },
            );
          }
          return bars;
        },
        options.bypassCache,
      );
    },
    async finalCloses(args, limit) {
      const q = await source(args, true);
      return rangeCloses(deps.clickhouse, q, INTERVAL_MS[q.sourceInterval as Interval], limit);
    },
    async exportCandles(args) {
      const q = await source(args, false);
      const sourceMs = INTERVAL_MS[q.sourceInterval as Interval];
      return streamCandlesCsv(deps.clickhouse, q, sourceMs, deps.settings.maxExportRows);
    },
    async newestBar(symbolRaw, intervalRaw) {
      const symbol = parseSymbol(symbolRaw);
      const interval = parseInterval(intervalRaw);
      const entry = await catalog.resolve(symbol);
      const sourceInterval = catalog.sourceInterval(interval, entry);
      const newest = await deps.cache.get(
        cacheKey('newest-bar', { symbol, exchange: entry.exchange, sourceInterval }),
        [tags.candles(symbol)],
        () => newestBarStart(deps.clickhouse, symbol, entry.exchange, sourceInterval),
      );
      if (newest === undefined) return undefined;
      const size = INTERVAL_MS[interval];
      return Math.floor(newest / size) * size;
    },
  };
}
