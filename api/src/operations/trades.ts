import type { Trade } from '../generated/graphql';
import type { CsvLines } from '../storage/rows';
import { selectTrades, streamTradesCsv } from '../storage/trades-store';
import { decodeCursor, encodeCursor, parseExchange, parseRange, parseSymbol } from './args';
import type { Catalog } from './catalog';
import { cacheKey, tags, type OperationsDeps } from './context';
import { paginate, type Page, type PageArgs } from './relay';

export interface TradesArgs extends PageArgs {
  readonly symbol: unknown;
  readonly exchange?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
}

export function createTradesOperations(deps: OperationsDeps, catalog: Catalog) {
  async function query(args: TradesArgs) {
    const symbol = parseSymbol(args.symbol);
    const exchange = parseExchange(args.exchange);
    const range = parseRange(args.from, args.to);
    const entry = await catalog.resolve(symbol, exchange);
    return { symbol, exchange: entry.exchange, ...range };
  }
  const idCursor = (raw: unknown, name: string) => decodeCursor(raw, name, ['n'])[0] as number;

  return {
    async trades(args: TradesArgs): Promise<Page<Trade>> {
      const q = await query(args);
      return deps.cache.get(
        cacheKey('trades', { q, page: [args.first, args.after, args.last, args.before] }),
        [tags.trades(q.symbol)],
        () =>
          paginate(
            args,
            deps.settings.maxRows,
            idCursor,
            (order, limit, b) =>
              selectTrades(
                deps.clickhouse,
                { ...q, afterId: b.after, beforeId: b.before },
                order,
                limit,
              ),
            (t) => encodeCursor([t.tradeId]),
          ),
      );
    },
    async exportTrades(args: TradesArgs): Promise<CsvLines> {
      return streamTradesCsv(deps.clickhouse, await query(args), deps.settings.maxExportRows);
    },
  };
}

export type TradesOperations = ReturnType<typeof createTradesOperations>;
