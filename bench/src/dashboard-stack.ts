// The whole tickstream stack in one process, for the dashboard's browser test and benchmark:
// embedded event log and chDB in a temporary directory, the stream processors, ingest reading
// the mock exchange (the real Binance client over a local socket) and the API serving a built
// dashboard. History is produced straight into md.trades.v1 first (a real producer through the
// EventLog port), so the charts have bars to show from the first second.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createClickHouse,
  createEmbeddedEventLog,
  prepareStorage,
  silentLogger,
  type ClickHouseHandle,
  type EventLog,
} from '@tickstream/core';
import type { Api } from '@tickstream/api';
import { buildNode, sharedStorage } from '@tickstream/cli';
import {
  DEFAULT_TAPE,
  loadCapture,
  startMockExchange,
  type Ingest,
  type MockExchange,
  type TapeTrade,
} from '@tickstream/ingest';
import { PROCESS_SETTINGS, type Pipeline } from '@tickstream/stream-processors';
import { parsePairSpec, TOPICS, type PairSpec, type Trade } from '@tickstream/schema';

export const STACK_SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
export const STACK_PAIR = 'ETHUSDT/BTCUSDT@1s';

export interface StackOptions {
  /** The built dashboard the API serves at `/`. */
  readonly dashboardDir: string;
  /** Seconds of history produced before the live tape starts (1 s bars to chart). */
  readonly historySeconds: number;
  /** Trades per second of history, over both symbols (the tape's pace is about 50). */
  readonly historyRate?: number;
  /** Trades per second the mock exchange plays; default the tape's recorded pace. */
  readonly liveRate?: number;
}

export interface Stack {
  readonly url: string;
  readonly port: number;
  readonly mock: MockExchange;
  readonly ingest: Ingest;
  readonly pipeline: Pipeline;
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseHandle;
  /** Every price of the tape per symbol, as numbers (what the charts may show). */
  readonly tapePrices: ReadonlyMap<string, ReadonlySet<number>>;
  api(): Api;
  /** Closes the API (HTTP and WebSocket) while everything else keeps running. */
  stopApi(): Promise<void>;
  /** Starts a new API on the same port. */
  startApi(): Promise<void>;
  close(): Promise<void>;
}

/** A role's part of a started node (present: the node runs that role). */
function started<T>(part: T | undefined, role: string): T {
  if (part === undefined) throw new Error(`the ${role} role did not start`);
  return part;
}

function historyTrades(
  tape: readonly TapeTrade[],
  seconds: number,
  rate: number,
  now: number,
): Trade[] {
  const count = Math.max(2, Math.floor(seconds * rate));
  const start = now - seconds * 1_000;
  const step = (seconds * 1_000 - 1_500) / count;
  const trades: Trade[] = [];
  for (let i = 0; i < count; i++) {
    // A long history plays the tape more than once, each pass with its own ids.
    const pass = Math.floor(i / tape.length);
    const t = tape[i % tape.length] as TapeTrade;
    const time = Math.floor(start + i * step);
    trades.push({
      type: 'trade',
      exchange: 'binance-futures',
      symbol: t.symbol,
      // Below the tape's ids: the live tape that follows replays the same trades.
      tradeId: t.id - 100_000_000 + pass * 1_000_000,
      price: Number(t.price),
      qty: Number(t.qty),
      side: t.isBuyerMaker ? 'sell' : 'buy',
      tradeTime: time,
      eventTime: time,
      ingestTime: time,
    });
  }
  return trades;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-'));
  const eventLog = await createEmbeddedEventLog({ dataDir: join(dir, 'log') });
  const clickhouse = await createClickHouse({
    database: `dashboard_${randomBytes(4).toString('hex')}`,
    chdbPath: join(dir, 'chdb'),
  });
  await prepareStorage(eventLog, clickhouse, silentLogger);

  const tape = await loadCapture(DEFAULT_TAPE);
  const tapePrices = new Map<string, Set<number>>();
  for (const t of tape) {
    const set = tapePrices.get(t.symbol) ?? new Set<number>();
    set.add(Number(t.price));
    tapePrices.set(t.symbol, set);
  }

  const history = historyTrades(
    tape,
    options.historySeconds,
    options.historyRate ?? 50,
    Date.now(),
  );
  for (let i = 0; i < history.length; i += 2_000) {
    await eventLog.produce(
      TOPICS.trades.name,
      history.slice(i, i + 2_000).map((t) => ({
        key: TOPICS.trades.keyOf(t),
        value: JSON.stringify(t),
      })),
    );
  }

  const pair = parsePairSpec(STACK_PAIR) as PairSpec;
  // Three nodes on one storage: the processors catch up with the history before the live
  // tape starts, and the API can be stopped and started again while the rest keeps running.
  const storage = sharedStorage(eventLog, clickhouse.client);
  const processors = buildNode({
    roles: ['process'],
    options: {
      process: {
        intervals: ['1s', '1m'],
        pairs: [pair],
        statsWindows: [{ interval: '1s', bars: 60 }],
        flushIntervalMs: 100,
        allowedLatenessMs: 500,
        maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
      },
    },
    storage,
    logger: silentLogger,
  });
  const pipeline = started((await processors.start()).pipeline, 'process');
  await pipeline.drained();

  const mock = await startMockExchange({
    tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
    timestamps: 'live',
    ...(options.liveRate !== undefined ? { ratePerSecond: options.liveRate } : { speed: 1 }),
  });
  const ingestNode = buildNode({
    roles: ['ingest'],
    options: {
      ingest: {
        source: {
          kind: 'binance',
          symbols: [...STACK_SYMBOLS],
          wsUrl: mock.url,
          restUrl: mock.restUrl,
        },
        statusIntervalMs: 0,
      },
    },
    storage,
    logger: silentLogger,
  });
  const ingest = started((await ingestNode.start()).ingest, 'ingest');

  const apiNode = (port: number) =>
    buildNode({
      roles: ['api'],
      options: {
        api: {
          port,
          dashboardDir: options.dashboardDir,
          ingestStatus: () => ingest.status(),
          health: () => pipeline.health(),
          settings: {
            candleIntervals: ['1s', '1m'],
            pairs: [STACK_PAIR],
            statsWindows: ['60x1s'],
            mode: 'production',
          },
        },
      },
      storage,
      logger: silentLogger,
    });
  let apiRunning = apiNode(0);
  const first = await apiRunning.start();
  const url = started(first.url, 'api');
  const port = started(first.port, 'api');
  let running = true;

  return {
    url,
    port,
    mock,
    ingest,
    pipeline,
    eventLog,
    clickhouse,
    tapePrices,
    api: () => started(apiRunning.parts().api, 'api'),
    async stopApi() {
      if (!running) return;
      running = false;
      await apiRunning.stop();
    },
    async startApi() {
      if (running) return;
      apiRunning = apiNode(port);
      await apiRunning.start();
      running = true;
    },
    async close() {
      if (running) await apiRunning.stop();
      await ingestNode.stop();
      await mock.stop();
      await processors.stop();
      await clickhouse.close();
      await eventLog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
