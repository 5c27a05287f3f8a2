import {
  dropOwnGroup,
  ownGroupId,
  topicSpecOf,
  type Consumer,
  type EventLog,
  type Logger,
  type RecordBatch,
} from '@tickstream/core';
import {
  TOPICS,
  validateAlert,
  validateCandle,
  validatePairAnalytics,
  validatePairScreen,
  validateSignal,
  validateSymbolStats,
  validateTrade,
  validateTradeGap,
  type Alert,
  type Candle,
  type PairAnalytics,
  type PairScreen,
  type Signal,
  type SymbolStats,
  type Trade,
  type TradeGap,
  type Validator,
} from '@tickstream/schema';
import { Fanout, type FanoutMetrics } from './fanout';

/** Channel names, one place: publishers and subscribers must agree on them. */
export const channels = {
  trades: (symbol: string) => symbol,
  candles: (symbol: string, interval: string) => `${symbol}:${interval}`,
  stats: (symbol: string) => symbol,
  pairAnalytics: (pair: string, interval: string) => `${pair}:${interval}`,
  alerts: (pair: string | undefined) => (pair === undefined ? '*' : pair),
  signals: (pair: string | undefined) => (pair === undefined ? '*' : pair),
  pairScreen: (interval: string, window: number) => `${interval}:${window}`,
};

export interface LiveHub {
  readonly trades: Fanout<Trade>;
  readonly candles: Fanout<Candle>;
  readonly stats: Fanout<SymbolStats>;
  readonly pairAnalytics: Fanout<PairAnalytics>;
  readonly alerts: Fanout<Alert>;
  readonly signals: Fanout<Signal>;
  readonly pairScreen: Fanout<PairScreen>;
}

export function createLiveHub(metrics: FanoutMetrics = {}): LiveHub {
  return {
    trades: new Fanout(metrics),
    candles: new Fanout(metrics),
    stats: new Fanout(metrics),
    pairAnalytics: new Fanout(metrics),
    alerts: new Fanout(metrics),
    signals: new Fanout(metrics),
    pairScreen: new Fanout(metrics),
  };
}

/** Told about every update the feed reads, before it is fanned out (cache invalidation). */
export interface FeedListener {
  onTrade?(trade: Trade): void;
  onCandle?(candle: Candle): void;
  onStats?(stats: SymbolStats): void;
  onPairAnalytics?(analytics: PairAnalytics): void;
  onAlert?(alert: Alert): void;
  onTradeGap?(gap: TradeGap): void;
}

export interface LiveFeedOptions {
  readonly eventLog: EventLog;
  readonly hub: LiveHub;
  readonly logger: Logger;
  readonly listener?: FeedListener;
  readonly groupId?: string;
  readonly onDecodeError?: (topic: string) => void;
}

export interface LiveFeed {
  readonly groupId: string;
  /** Resolves once the feed reads every output topic. */
  ready(): Promise<void>;
  state(): {
    readonly status: 'starting' | 'running' | 'failed' | 'stopped';
    readonly reason?: string;
  };
  stop(): Promise<void>;
}

/** A consumer group id no other API instance uses: each instance reads every update. */
export const uniqueFeedGroupId = () => ownGroupId('api');

function decode<T>(validator: Validator<T>, value: Buffer): T | undefined {
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return validator.is(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the output topics as this instance's own consumer group from `latest` and fans
 * every update out in process. Nothing is committed that matters (a restarted API starts at
 * latest again), and a record that does not decode is counted and skipped: the feed never
 * stops on input.
 */
export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { hub, listener = {}, logger } = options;
  const groupId = options.groupId ?? uniqueFeedGroupId();
  let status: 'starting' | 'running' | 'failed' | 'stopped' = 'starting';
  let reason: string | undefined;
  let consumer: Consumer | undefined;

  const dispatch: Record<string, (value: Buffer) => boolean> = {
    [TOPICS.trades.name]: (value) => {
      const t = decode(validateTrade, value);
      if (!t) return false;
      listener.onTrade?.(t);
      hub.trades.publish(channels.trades(t.symbol), t);
      return true;
    },
    [TOPICS.candles.name]: (value) => {
      const c = decode(validateCandle, value);
      if (!c) return false;
      listener.onCandle?.(c);
      hub.candles.publish(channels.candles(c.symbol, c.interval), c);
      return true;
    },
    [TOPICS.stats.name]: (value) => {
      const s = decode(validateSymbolStats, value);
      if (!s) return false;
      listener.onStats?.(s);
      hub.stats.publish(channels.stats(s.symbol), s);
      return true;
    },
    [TOPICS.pairAnalytics.name]: (value) => {
      const p = decode(validatePairAnalytics, value);
      if (!p) return false;
      listener.onPairAnalytics?.(p);
      hub.pairAnalytics.publish(channels.pairAnalytics(p.pair, p.interval), p);
      return true;
    },
    [TOPICS.alerts.name]: (value) => {
      const a = decode(validateAlert, value);
      if (!a) return false;
      listener.onAlert?.(a);
      hub.alerts.publish(channels.alerts(undefined), a);
      hub.alerts.publish(channels.alerts(a.pair), a);
      return true;
    },
    [TOPICS.signals.name]: (value) => {
      const s = decode(validateSignal, value);
      if (!s) return false;
      hub.signals.publish(channels.signals(undefined), s);
      hub.signals.publish(channels.signals(s.pair), s);
      return true;
    },
    [TOPICS.pairScreen.name]: (value) => {
      const p = decode(validatePairScreen, value);
      if (!p) return false;
      hub.pairScreen.publish(channels.pairScreen(p.interval, p.window), p);
      return true;
    },
    [TOPICS.tradeGaps.name]: (value) => {
      const g = decode(validateTradeGap, value);
      if (!g) return false;
      listener.onTradeGap?.(g);
      return true;
    },
  };

  const handler = async (batch: RecordBatch): Promise<void> => {
    const apply = dispatch[batch.topic];
    if (!apply) return;
    for (const record of batch.records) {
      if (!apply(record.value)) options.onDecodeError?.(batch.topic);
    }
  };

  const started = (async () => {
    try {
      const topics = Object.keys(dispatch);
      await options.eventLog.createTopics(
        [
          TOPICS.trades,
          TOPICS.candles,
          TOPICS.stats,
          TOPICS.pairAnalytics,
          TOPICS.alerts,
          TOPICS.signals,
          TOPICS.pairScreen,
          TOPICS.tradeGaps,
        ].map(topicSpecOf),
      );
      consumer = await options.eventLog.consume({
        groupId,
        topics,
        start: 'latest',
        handler,
        onHandlerError: (error) => logger.warn({ err: error }, 'live feed handler failed'),
      });
      await consumer.ready();
      if (status === 'starting') status = 'running';
      logger.info({ groupId, topics }, 'live feed reading the output topics');
    } catch (error) {
      status = 'failed';
      reason = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, 'live feed could not start');
      throw error;
    }
  })();
  // The failure is reported through ready() and state(); nobody may be awaiting it yet.
  started.catch(() => undefined);

  return {
    groupId,
    ready: () => started,
    state: () => (reason === undefined ? { status } : { status, reason }),
    async stop() {
      if (status === 'stopped') return;
      await started.catch(() => undefined);
      status = 'stopped';
      await consumer?.stop();
      // A group made for this instance only would otherwise stay on the broker for days.
      if (consumer && options.groupId === undefined) {
        await dropOwnGroup(options.eventLog, groupId, logger);
      }
    },
  };
}
