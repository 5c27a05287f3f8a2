import type { Interval } from '@tickstream/schema';
import { GraphQLError } from 'graphql';
import { ApiError } from '../errors';
import type { IngestStatus, Resolvers } from '../generated/graphql';
import { channels } from '../live/live-feed';
import type { LiveItem } from '../live/subscriber-queue';
import { createRefresher, createTicker } from '../live/ticker';
import { parseCount, parseInterval, parsePair, parseSymbol } from '../operations/args';
import { pageOf } from '../operations/backtest';
import type { PairScreenRankingOut } from '../operations/pair-screen';
import type { ApiContext } from './context';
import {
  alertOut,
  candleOut,
  pairAnalyticsOut,
  signalOut,
  statsOut,
  tradeOut,
} from './event-mappers';
import { TimestampScalar } from './timestamp-scalar';

const MAX_TRADE_SYMBOLS = 50;

/** A subscription's update, or the SLOW_CONSUMER error that ends it. */
function deliver<T, R>(map: (value: T) => R) {
  return (item: LiveItem<T>): R => {
    if (item.kind === 'dropped') {
      throw new GraphQLError(item.message, { extensions: { code: item.code } });
    }
    return map(item.value);
  };
}

function liveInterval(ctx: ApiContext, raw: unknown): Interval {
  const interval = parseInterval(raw);
  if (!ctx.settings.candleIntervals.includes(interval)) {
    throw new ApiError(
      'INTERVAL_NOT_LIVE',
      `interval ${interval} is not materialized live; subscribe to one of ${ctx.settings.candleIntervals.join(', ')}`,
      { argument: 'interval' },
    );
  }
  return interval;
}

function queueOptions(ctx: ApiContext) {
  return {
    capacity: ctx.settings.subscriberQueueSize,
    ...(ctx.audience ? { audience: ctx.audience } : {}),
  };
}

/** Every resolver is a thin call into the operations; subscriptions into the live hub. */
export const resolvers: Resolvers = {
  Timestamp: TimestampScalar,
  Query: {
    symbols: (_p, _a, ctx) => ctx.ops.symbols(),
    pairs: (_p, _a, ctx) => ctx.ops.pairs(),
    trades: (_p, args, ctx) => ctx.ops.trades(args),
    candles: (_p, args, ctx) => ctx.ops.candles(args),
    stats: (_p, args, ctx) => ctx.ops.stats(args),
    pairAnalysis: (_p, args, ctx) => ctx.ops.pairAnalysis(args),
    pairAnalytics: (_p, args, ctx) => ctx.ops.pairAnalytics(args),
    pairAnalyticsHistory: (_p, args, ctx) => ctx.ops.pairAnalyticsHistory(args),
    correlationMatrix: (_p, args, ctx) => ctx.ops.correlationMatrix(args),
    alerts: (_p, args, ctx) => ctx.ops.alerts(args),
    signals: (_p, args, ctx) => ctx.ops.signals(args),
    ingestStatus: (_p, _a, ctx) => ctx.ops.ingestStatus(),
    health: (_p, _a, ctx) => ctx.ops.health(),
    backtest: (_p, args, ctx) => ctx.ops.backtest(args.input),
    backtestSweep: (_p, args, ctx) => ctx.ops.backtestSweep(args.input),
    pairScreen: (_p, args, ctx) => ctx.ops.pairScreen(args),
  },
  ScreenedPair: {
    zScoreHistory: (parent, args) => parent.history(args.points),
  },
  Backtest: {
    equity: (parent, args, ctx) => pageOf(parent.equity, args, ctx.settings.maxRows),
  },
  Mutation: {
    addPair: (_p, args, ctx) => ctx.ops.addPair(args.input),
    removePair: (_p, args, ctx) => ctx.ops.removePair(args),
  },
  Subscription: {
    trades: {
      subscribe: (_p, args, ctx) => {
        if (args.symbols.length === 0 || args.symbols.length > MAX_TRADE_SYMBOLS) {
          throw new ApiError(
            'LIMIT_OUT_OF_RANGE',
            `symbols must list 1 to ${MAX_TRADE_SYMBOLS} symbols`,
            {
              argument: 'symbols',
            },
          );
        }
        const symbols = args.symbols.map((s) => parseSymbol(s, 'symbols'));
        const sampleMs =
          args.sampleMs === null || args.sampleMs === undefined
            ? 0
            : parseCount(args.sampleMs, 'sampleMs', { min: 10, max: 3_600_000 });
        return ctx.hub.trades.subscribe(symbols.map(channels.trades), {
          ...queueOptions(ctx),
          ...(sampleMs > 0 ? { minIntervalMs: sampleMs, coalesceKey: (t) => t.symbol } : {}),
        });
      },
      resolve: deliver(tradeOut),
    },
    candles: {
      subscribe: (_p, args, ctx) => {
        const symbol = parseSymbol(args.symbol);
        const interval = liveInterval(ctx, args.interval);
        return ctx.hub.candles.subscribe(
          channels.candles(symbol, interval),
          // Partial updates of one bucket replace each other while queued; finals never do.
          { ...queueOptions(ctx), coalesceKey: (c) => (c.final ? undefined : `${c.start}`) },
          args.includePartial ? undefined : (c) => c.final,
        );
      },
      resolve: deliver(candleOut),
    },
    stats: {
      subscribe: (_p, args, ctx) => {
        const symbol = parseSymbol(args.symbol);
        const window = args.window ?? undefined;
        if (window !== undefined && !/^\d{1,6}x(1s|1m|5m|15m|1h|4h|1d)$/.test(window)) {
          throw new ApiError('BAD_USER_INPUT', 'window must be BARSxINTERVAL, e.g. 60x1m', {
            argument: 'window',
          });
        }
        return ctx.hub.stats.subscribe(
          channels.stats(symbol),
          { ...queueOptions(ctx), coalesceKey: (s) => (s.final ? undefined : s.window) },
          window === undefined ? undefined : (s) => s.window === window,
        );
      },
      resolve: deliver(statsOut),
    },
    pairAnalytics: {
      subscribe: (_p, args, ctx) => {
        const symbolX = parseSymbol(args.symbolX, 'symbolX');
        const symbolY = parseSymbol(args.symbolY, 'symbolY');
        const interval = parseInterval(args.interval);
        return ctx.hub.pairAnalytics.subscribe(
          channels.pairAnalytics(`${symbolY}/${symbolX}`, interval),
          queueOptions(ctx),
        );
      },
      resolve: deliver(pairAnalyticsOut),
    },
    alerts: {
      subscribe: (_p, args, ctx) => {
        const pair =
          args.pair === null || args.pair === undefined ? undefined : parsePair(args.pair).pair;
        return ctx.hub.alerts.subscribe(channels.alerts(pair), queueOptions(ctx));
      },
      resolve: deliver(alertOut),
    },
    signals: {
      subscribe: (_p, args, ctx) => {
        const pair =
          args.pair === null || args.pair === undefined ? undefined : parsePair(args.pair).pair;
        return ctx.hub.signals.subscribe(channels.signals(pair), queueOptions(ctx));
      },
      resolve: deliver(signalOut),
    },
    ingestStatus: {
      subscribe: (_p, args, ctx) => {
        const everyMs = parseCount(args.everyMs, 'everyMs', { min: 250, max: 60_000 });
        return createTicker(everyMs, () => ctx.ops.ingestStatus());
      },
      resolve: deliver((status: IngestStatus) => status),
    },
    pairScreen: {
      subscribe: (_p, args, ctx) => {
        const everyMs = parseCount(args.everyMs, 'everyMs', { min: 250, max: 60_000 });
        const request = ctx.ops.parsePairScreen(args);
        // Every row the screener writes for the universe is one event: one queued slot
        // stands for all of them until the next ranking is read.
        const triggers = ctx.hub.pairScreen.subscribe(
          channels.pairScreen(request.interval, request.window),
          { ...queueOptions(ctx), coalesceKey: () => 'screen' },
        );
        return createRefresher(triggers, everyMs, () => ctx.ops.rankPairs(request));
      },
      resolve: deliver((ranking: PairScreenRankingOut) => ranking),
    },
  },
};
