import { silentLogger, type Logger } from '@tickstream/core';
import { BinanceBackfiller } from '../backfill/binance-rest';
import { BinanceFeed, type BinanceFeedOptions } from '../realtime/binance';
import type { ConnectionEvents } from '../realtime/managed-connection';
import type { IngestSource, RawMessage, SubscribedListener } from '../types';
import type { BoundedQueue } from '../util/bounded-queue';
import { QueueSource } from './queue-source';

export interface BinanceSourceOptions extends BinanceFeedOptions {
  /** Default https://fapi.binance.com. */
  readonly restUrl?: string;
  /** Fill gaps through REST (default true). */
  readonly backfill?: boolean;
  /** Sent as X-MBX-APIKEY to the REST history when set. */
  readonly apiKey?: string;
  readonly restWeightPerMinute?: number;
  readonly backfillMaxAttempts?: number;
  readonly backfillRetryInitialMs?: number;
  /** Messages received and not yet processed before the sockets are paused (default 10,000). */
  readonly queueCapacity?: number;
  readonly logger?: Logger;
  readonly events?: ConnectionEvents;
  readonly onExchangeError?: (connection: string, text: string) => void;
}

/** Live Binance USD-M trades (or the mock exchange) as an IngestSource. */
export function binanceSource(options: BinanceSourceOptions): IngestSource {
  const logger = (options.logger ?? silentLogger).child({ component: 'binance' });
  let queue: BoundedQueue<RawMessage> | undefined;
  const subscribedListeners: SubscribedListener[] = [];
  const backfiller =
    options.backfill === false
      ? undefined
      : new BinanceBackfiller({
          stream: options.stream ?? 'trade',
          logger,
          ...(options.restUrl !== undefined ? { restUrl: options.restUrl } : {}),
          ...(options.apiKey ? { apiKey: options.apiKey } : {}),
          ...(options.exchange !== undefined ? { exchange: options.exchange } : {}),
          ...(options.restWeightPerMinute !== undefined
            ? { weightPerMinute: options.restWeightPerMinute }
            : {}),
          ...(options.backfillMaxAttempts !== undefined
            ? { maxAttempts: options.backfillMaxAttempts }
            : {}),
          ...(options.backfillRetryInitialMs !== undefined
            ? { retryInitialMs: options.backfillRetryInitialMs }
            : {}),
        });
  // Built now (it opens nothing) so symbols can be added before the first read.
  const feed = new BinanceFeed(options, logger, {
    ...(backfiller ? { backfiller } : {}),
    deliver: (message) => (queue === undefined || queue.isEnded ? undefined : queue.write(message)),
    ...(options.events ? { events: options.events } : {}),
    onExchangeError: (connection, text) => {
      logger.warn(
        { connection, answer: text.slice(0, 500) },
        'the exchange answered with an error',
      );
      options.onExchangeError?.(connection, text);
    },
    onSubscribed: (symbols, origin) => {
      for (const listener of subscribedListeners) listener(symbols, origin);
    },
  });
  return new QueueSource({
    name: 'binance',
    capacity: options.queueCapacity ?? 10_000,
    start(target) {
      queue = target;
      feed.start();
    },
    halt: () => feed.stop(),
    ...(backfiller ? { backfiller } : {}),
    connections: () => feed.status(),
    subscribe: (symbols) => feed.subscribe(symbols),
    unsubscribe: (symbols) => feed.unsubscribe(symbols),
    onSubscribed: (listener) => {
      subscribedListeners.push(listener);
    },
  });
}
