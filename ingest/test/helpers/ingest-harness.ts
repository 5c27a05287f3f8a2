import { createMetricsRegistry, silentLogger, type Logger } from '@tickstream/core';
import type { DeadLetter, Trade, TradeGap } from '@tickstream/schema';
import {
  buildIngest,
  startMockExchange,
  type Ingest,
  type IngestOptions,
  type MockExchange,
  type MockExchangeOptions,
} from '../../src';
import type { BinanceSourceOptions } from '../../src/sources/binance-source';
import { testEventLog, type TestEventLog } from './event-log';

export interface Harness {
  readonly mock: MockExchange;
  readonly log: TestEventLog;
  readonly ingest: Ingest;
  trades(enough: (t: readonly Trade[]) => boolean, timeoutMs?: number): Promise<Trade[]>;
  deadLetters(
    enough: (d: readonly DeadLetter[]) => boolean,
    timeoutMs?: number,
  ): Promise<DeadLetter[]>;
  gaps(enough: (g: readonly TradeGap[]) => boolean, timeoutMs?: number): Promise<TradeGap[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly label: string;
  /** Default: Kafka when KAFKA_BROKERS is set, else the embedded log. */
  readonly adapter?: 'embedded' | 'kafka';
  readonly mock?: MockExchangeOptions;
  readonly source?: Partial<BinanceSourceOptions>;
  readonly ingest?: Partial<Omit<IngestOptions, 'eventLog' | 'logger' | 'metrics' | 'source'>>;
  readonly logger?: Logger;
}

/** Fast liveness and backoff so failures and recoveries happen within a test's time. */
export const FAST_CONNECTION = {
  pingIntervalMs: 200,
  pongTimeoutMs: 400,
  openTimeoutMs: 3_000,
  backoff: { initialMs: 50, maxMs: 500, resetAfterMs: 5_000 },
} as const;

/** A mock exchange, the event log of this test run and ingest pointed at both. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const mock = await startMockExchange({ speed: 'max', ...options.mock });
  const log = await testEventLog(
    options.label,
    options.adapter ? { adapter: options.adapter } : {},
  );
  const logger = options.logger ?? silentLogger;
  const ingest = buildIngest({
    eventLog: log.eventLog,
    logger,
    metrics: createMetricsRegistry({ role: 'ingest' }),
    topics: log.topics,
    statusIntervalMs: 0,
    ...options.ingest,
    source: {
      kind: 'binance',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      wsUrl: mock.url,
      restUrl: mock.restUrl,
      backfillRetryInitialMs: 50,
      connection: FAST_CONNECTION,
      ...options.source,
    },
  });
  return {
    mock,
    log,
    ingest,
    trades: (enough, timeoutMs) => log.read<Trade>(log.topics.trades, enough, timeoutMs),
    deadLetters: (enough, timeoutMs) =>
      log.read<DeadLetter>(log.topics.deadLetter, enough, timeoutMs),
    gaps: (enough, timeoutMs) => log.read<TradeGap>(log.topics.tradeGaps, enough, timeoutMs),
    close: async () => {
      await ingest.stop().catch(() => undefined);
      await mock.stop();
      await log.close();
    },
  };
}

/** Per symbol, the ids in the order they appear. */
export function idsBySymbol(
  trades: readonly { symbol: string; tradeId: number }[],
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of trades) {
    const list = out.get(t.symbol) ?? [];
    list.push(t.tradeId);
    out.set(t.symbol, list);
  }
  return out;
}
