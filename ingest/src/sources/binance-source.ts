import { silentLogger, type Logger } from '@tickstream/core';
import { BinanceHttp } from '../backfill/binance-http';
import { BinanceBackfiller } from '../backfill/binance-rest';
import { BinanceHistory } from '../history/binance-history';
import { BinanceFeed, type BinanceFeedOptions } from '../realtime/binance';
import type { ConnectionEvents } from '../realtime/managed-connection';
import type { IngestSource, MessageOrigin, RawMessage, SubscribedListener } from '../types';
import type { BoundedQueue } from '../util/bounded-queue';
import { QueueSource } from './queue-source';

export interface BinanceSourceOptions extends BinanceFeedOptions {
  /** Default https://fapi.binance.com. */
  readonly restUrl?: string;
  /** Fill gaps through REST (default true). */
  readonly backfill?: boolean;
  /** Offer the exchange's klines and aggregate trades as history (default true). */
  readonly history?: boolean;
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

function historyOrigin(exchange: string): MessageOrigin {
  return {
    session: 0,
    cause: 'reconnect',
    connection: `${exchange}-history`,
    exchange,
    deadLetterSource: 'ingest/binance-history',
    isKnownSymbol: () => true,
  };
}

/** Live Binance USD-M trades (or the mock exchange) as an IngestSource. */
export function binanceSource(options: BinanceSourceOptions): IngestSource {
  const logger = (options.logger ?? silentLogger).child({ component: 'binance' });
  let queue: BoundedQueue<RawMessage> | undefined;
  const subscribedListeners: SubscribedListener[] = [];
  // One REST client: gap backfill and history spend one weight budget, as Binance counts it.
  const http = new BinanceHttp({
    logger,
    ...(options.restUrl !== undefined ? { restUrl: options.restUrl } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.restWeightPerMinute !== undefined
      ? { weightPerMinute: options.restWeightPerMinute }
      : {}),
  });
  const exchange = options.exchange ?? 'binance-futures';
  const backfiller =
    options.backfill === false
      ? undefined
      : new BinanceBackfiller({
          http,
          stream: options.stream ?? 'trade',
          logger,
          exchange,
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
    ...(options.history === false
      ? {}
      : {
          history: {
            exchange,
            fetcher: new BinanceHistory(http, historyOrigin(exchange), options.stream ?? 'trade'),
            symbols: () => feed.symbols(),
            requests: () => http.stats.requests,
          },
        }),
    connections: () => feed.status(),
    subscribe: (symbols) => feed.subscribe(symbols),
    unsubscribe: (symbols) => feed.unsubscribe(symbols),
    onSubscribed: (listener) => {
      subscribedListeners.push(listener);
    },
  });
}
