import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  MIGRATIONS_DIR,
  PAIR_DEFAULTS,
  TOPICS,
  type PairSpec,
  type Trade,
} from '@tickstream/schema';
import { buildNode, sharedStorage, type NodeParts } from '@tickstream/cli';
import {
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type AdapterName,
  type TestLog,
} from '@tickstream/testkit';
import type { Api } from '../../src/build-api';
import type { ApiOptions, ApiSettings } from '../../src/options';

export interface LiveServer {
  readonly ch: ClickHouseHandle;
  readonly log: TestLog;
  readonly api: Api;
  readonly pipeline: NonNullable<NodeParts['pipeline']>;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** ws://127.0.0.1:PORT/graphql */
  readonly wsUrl: string;
  produceTrades(trades: readonly Trade[]): Promise<void>;
  cleanup(): Promise<void>;
}

export const PAIR_SPEC: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1s',
  olsWindow: 20,
  zScoreWindow: 5,
  corrWindow: 20,
};

/**
 * A running API on a free port over the real pipeline (trades sink, candles, stats, pair
 * analytics), each with its own database and event log.
 */
export async function openLiveServer(
  options: {
    adapter?: AdapterName;
    settings?: Partial<ApiSettings>;
    extra?: Partial<Omit<ApiOptions, 'eventLog' | 'clickhouse' | 'logger' | 'metrics'>>;
    flushIntervalMs?: number;
    pairs?: readonly PairSpec[];
  } = {},
): Promise<LiveServer> {
  const ch = await openTestClickHouse('api_live');
  await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  const log = await openTestLog(options.adapter ?? 'embedded');
  await log.log.createTopics(topicSpecs());
  // Two nodes on one storage, as two processes would be: the API follows the pair
  // configuration itself rather than sharing the processors' registry.
  const storage = sharedStorage(log.log, ch.client);
  const processors = buildNode({
    roles: ['process'],
    options: {
      process: {
        intervals: ['1s', '1m', '5m'],
        allowedLatenessMs: 0,
        maxLatenessMs: 60_000,
        flushIntervalMs: options.flushIntervalMs ?? 20,
        statsWindows: [{ interval: '1s', bars: 10 }],
        pairs: options.pairs ?? [PAIR_SPEC],
      },
    },
    storage,
    logger: silentLogger,
  });
  const { pipeline } = await processors.start();
  if (!pipeline) throw new Error('the process role did not start');
  const apiNode = buildNode({
    roles: ['api'],
    options: {
      api: {
        port: 0,
        host: '127.0.0.1',
        settings: {
          rateLimitPerMinute: 0,
          candleIntervals: ['1s', '1m', '5m'],
          ...options.settings,
        },
        health: () => pipeline.health(),
        ...options.extra,
      },
    },
    storage,
    logger: silentLogger,
  });
  const { api, url } = await apiNode.start();
  if (!api || !url) throw new Error('the api role did not start');
  return {
    ch,
    log,
    api,
    pipeline,
    url,
    wsUrl: `${url.replace('http', 'ws')}/graphql`,
    async produceTrades(trades) {
      await log.log.produce(
        TOPICS.trades.name,
        trades.map((t) => ({
          key: TOPICS.trades.keyOf(t),
          value: JSON.stringify(t),
        })),
      );
    },
    async cleanup() {
      await apiNode.stop();
      await processors.stop();
      await log.cleanup();
      await dropDatabase(ch);
    },
  };
}

let nextId = 1_000_000;
/** One trade at an event time (ids rise per call). */
export function trade(symbol: string, time: number, price: number, qty = 0.01): Trade {
  nextId += 1;
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId: nextId,
    price,
    qty,
    side: nextId % 2 === 0 ? 'buy' : 'sell',
    tradeTime: time,
    eventTime: time + 1,
    ingestTime: time + 5,
  };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
