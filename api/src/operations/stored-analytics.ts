import { ALERT_KINDS } from '@tickstream/schema';
import { ApiError } from '../errors';
import type { Alert, PairAnalytics, PairInfo } from '../generated/graphql';
import {
  analysedPairs,
  selectAlerts,
  selectPairAnalytics,
  streamPairAnalyticsCsv,
} from '../storage/analytics-store';
import type { CsvLines } from '../storage/rows';
import {
  decodeCursor,
  encodeCursor,
  parseInterval,
  parsePair,
  parseRange,
  parseSymbol,
} from './args';
import { cacheKey, tags, type OperationsDeps } from './context';
import { pairInfos } from './pair-admin';
import { paginate, type Page, type PageArgs } from './relay';

export interface PairArgs {
  readonly symbolX: unknown;
  readonly symbolY: unknown;
  readonly interval: unknown;
}

function pairOf(args: PairArgs) {
  const symbolX = parseSymbol(args.symbolX, 'symbolX');
  const symbolY = parseSymbol(args.symbolY, 'symbolY');
  if (symbolX === symbolY) {
    throw new ApiError('BAD_USER_INPUT', 'symbolX and symbolY must differ', {
      argument: 'symbolY',
    });
  }
  return {
    symbolX,
    symbolY,
    pair: `${symbolY}/${symbolX}`,
    interval: parseInterval(args.interval),
  };
}

export function createStoredAnalytics(deps: OperationsDeps) {
  const { clickhouse, settings } = deps;
  const timeCursor = (raw: unknown, name: string) => decodeCursor(raw, name, ['n'])[0] as number;

  return {
    async pairs(): Promise<PairInfo[]> {
      const pairs = new Map(pairInfos(deps.pairs.all()).map((p) => [p.pair, p]));
      const stored = await deps.cache.get(cacheKey('pairs', {}), [tags.catalog], () =>
        analysedPairs(clickhouse),
      );
      for (const row of stored) {
        const pair = `${row.symbol_y}/${row.symbol_x}`;
        const known = pairs.get(pair);
        const intervals = [...new Set([...(known?.intervals ?? []), ...row.intervals])].sort();
        pairs.set(pair, {
          pair,
          symbolX: row.symbol_x,
          symbolY: row.symbol_y,
          intervals,
          analysed: known?.analysed ?? [],
        });
      }
      return [...pairs.values()];
    },

    async latest(args: PairArgs): Promise<PairAnalytics | null> {
      const q = pairOf(args);
      const rows = await deps.cache.get(cacheKey('pair-latest', q), [tags.pair(q.pair)], () =>
        selectPairAnalytics(clickhouse, q, 'DESC', 1),
      );
      return rows[0] ?? null;
    },

    async history(
      args: PairArgs & PageArgs & { from?: unknown; to?: unknown },
    ): Promise<Page<PairAnalytics>> {
      const q = { ...pairOf(args), ...parseRange(args.from, args.to) };
      return deps.cache.get(
        cacheKey('pair-history', { q, page: [args.first, args.after, args.last, args.before] }),
        [tags.pair(q.pair)],
        () =>
          paginate(
            args,
            settings.maxRows,
            timeCursor,
            (order, limit, b) =>
              selectPairAnalytics(
                clickhouse,
                { ...q, after: b.after, before: b.before },
                order,
                limit,
              ),
            (node) => encodeCursor([node.time]),
          ),
      );
    },

    /** Rows of a range as streamed CSV lines (time order, at most maxExportRows). */
    async exportHistory(args: PairArgs & { from?: unknown; to?: unknown }): Promise<CsvLines> {
      const q = { ...pairOf(args), ...parseRange(args.from, args.to) };
      return streamPairAnalyticsCsv(clickhouse, q, settings.maxExportRows);
    },

    async alerts(
      args: PageArgs & { pair?: unknown; kind?: unknown; from?: unknown; to?: unknown },
    ): Promise<Page<Alert>> {
      const pair =
        args.pair === undefined || args.pair === null ? undefined : parsePair(args.pair).pair;
      let kind: string | undefined;
      if (args.kind !== undefined && args.kind !== null) {
        kind = ALERT_KINDS.find((k) => k === args.kind);
        if (kind === undefined) {
          throw new ApiError('BAD_USER_INPUT', `kind must be one of ${ALERT_KINDS.join(', ')}`, {
            argument: 'kind',
          });
        }
      }
      const range = parseRange(args.from, args.to);
      const cursor = (raw: unknown, name: string) => {
        const [t, id] = decodeCursor(raw, name, ['n', 's']);
        return [t, id] as readonly [number, string];
      };
      return deps.cache.get(
        cacheKey('alerts', {
          pair,
          kind,
          range,
          page: [args.first, args.after, args.last, args.before],
        }),
        [tags.alerts],
        () =>
          paginate(
            args,
            settings.maxRows,
            cursor,
            (order, limit, b) =>
              selectAlerts(
                clickhouse,
                { pair, kind, ...range, after: b.after, before: b.before },
                order,
                limit,
              ),
            (node) => encodeCursor([node.time, node.id]),
          ),
      );
    },
  };
}

export type StoredAnalytics = ReturnType<typeof createStoredAnalytics>;
