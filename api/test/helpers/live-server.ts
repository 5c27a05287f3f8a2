import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  createMetricsRegistry,
  type ClickHouseHandle,
} from '@tickstream/core';
import { MIGRATIONS_DIR, TOPICS, type Trade } from '@tickstream/schema';
import {
  buildPipeline,
  PAIR_DEFAULTS,
  type Pipeline,
  type PairSpec,
} from '@tickstream/stream-processors';
import { dropDatabase, openTestClickHouse } from '../../../core/test/helpers/clickhouse';
import { openTestLog, type AdapterName, type TestLog } from '../../../core/test/helpers/event-logs';
import { buildApi, type Api } from '../../src/build-api';
import type { ApiOptions, ApiSettings } from '../../src/options';

export interface LiveServer {
  readonly ch: ClickHouseHandle;
  readonly log: TestLog;
  readonly api: Api;
  readonly pipeline: Pipeline;
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
  const pipeline = buildPipeline({
    eventLog: log.log,
    clickhouse: ch.client,
    logger: silentLogger,
    intervals: ['1s', '1m', '5m'],
    allowedLatenessMs: 0,
    maxLatenessMs: 60_000,
    flushIntervalMs: options.flushIntervalMs ?? 20,
    statsWindows: [{ interval: '1s', bars: 10 }],
    pairs: options.pairs ?? [PAIR_SPEC],
  });
  const api = buildApi({
    eventLog: log.log,
    clickhouse: ch.client,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'api' }),
    settings: { rateLimitPerMinute: 0, candleIntervals: ['1s', '1m', '5m'], ...options.settings },
    health: () => pipeline.health(),
    ...options.extra,
  });
  await pipeline.start();
  const { url } = await api.listen(0, '127.0.0.1');
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
      await api.close();
      await pipeline.stop();
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
