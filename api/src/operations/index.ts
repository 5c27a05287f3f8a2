import { createBacktestOperations } from './backtest';
import { createCandlesOperations } from './candles';
import { createCatalog, listSymbols } from './catalog';
import type { OperationsDeps } from './context';
import { correlationMatrix, type CorrelationArgs } from './correlation';
import { importOhlcCsv } from './ohlc-upload';
import { analysePair, type PairAnalysisArgs } from './pair-analysis';
import { windowStats, type StatsArgs } from './stats';
import { health, ingestStatus } from './status';
import { createPairAdmin } from './pair-admin';
import {
  pairScreen,
  parsePairScreenArgs,
  type PairScreenArgs,
  type PairScreenRequest,
} from './pair-screen';
import { storedSignals, type SignalsArgs } from './signals';
import { createStoredAnalytics } from './stored-analytics';
import { createTradesOperations } from './trades';
import { cacheKey, tags } from './context';
import { parseSymbol } from './args';

/**
 * Every question the API answers, once. GraphQL resolvers, /api/v1 (which executes GraphQL)
 * and the legacy routes all call these; none computes anything itself.
 */
export function createOperations(deps: OperationsDeps) {
  const catalog = createCatalog(deps);
  const candles = createCandlesOperations(deps, catalog);
  const trades = createTradesOperations(deps, catalog);
  const stored = createStoredAnalytics(deps);
  const pairAdmin = createPairAdmin(deps, catalog, deps.pairs, stored.pairs);
  const backtests = createBacktestOperations(deps, candles);
  const finalTags = (...symbols: unknown[]) =>
    symbols.map((s) => tags.finalCandles(typeof s === 'string' ? s.toUpperCase() : ''));

  return {
    catalog,
    symbols: () => listSymbols(deps, catalog),
    pairs: stored.pairs,
    addPair: pairAdmin.addPair,
    removePair: pairAdmin.removePair,
    candles: candles.candles,
    exportCandles: candles.exportCandles,
    newestBar: candles.newestBar,
    trades: trades.trades,
    exportTrades: trades.exportTrades,
    stats: (args: StatsArgs, bypassCache = false) =>
      deps.cache.get(
        cacheKey('stats', args),
        finalTags(args.symbol),
        () => windowStats(candles, args, bypassCache),
        bypassCache,
      ),
    pairAnalysis: (args: PairAnalysisArgs, bypassCache = false) =>
      deps.cache.get(
        cacheKey('pair-analysis', args),
        finalTags(args.symbolX, args.symbolY),
        () => analysePair(candles, args, deps.settings.maxRows, bypassCache),
        bypassCache,
      ),
    correlationMatrix: (args: CorrelationArgs, bypassCache = false) =>
      deps.cache.get(
        cacheKey('correlation', args),
        finalTags(...(Array.isArray(args.symbols) ? args.symbols : [])),
        () => correlationMatrix(candles, args, bypassCache),
        bypassCache,
      ),
    pairAnalytics: stored.latest,
    pairAnalyticsHistory: stored.history,
    exportPairAnalytics: stored.exportHistory,
    alerts: stored.alerts,
    backtest: backtests.backtest,
    backtestSweep: backtests.backtestSweep,
    signals: (args: SignalsArgs) => storedSignals(deps, args),
    pairScreen: (args: PairScreenArgs) =>
      pairScreen(deps, parsePairScreenArgs(args, deps.settings.screener)),
    /** The ranking arguments checked, defaults applied (a subscription checks them once). */
    parsePairScreen: (args: PairScreenArgs) => parsePairScreenArgs(args, deps.settings.screener),
    /** The ranking of a checked request (each update of a subscription). */
    rankPairs: (request: PairScreenRequest) => pairScreen(deps, request),
    ingestStatus: () => ingestStatus(deps),
    health: () => health(deps),
    importOhlcCsv: (text: string) => importOhlcCsv(deps, text),
    /** Validates a symbol argument the way every operation does (for subscriptions). */
    parseSymbol,
  };
}

export type Operations = ReturnType<typeof createOperations>;
