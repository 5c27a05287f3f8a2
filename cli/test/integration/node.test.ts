import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  TickstreamError,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { MIGRATIONS_DIR, TOPICS, type Trade } from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import {
  buildNode,
  nodeOptionsFromConfig,
  sharedStorage,
  storageFromConfig,
  type StorageSource,
} from '../../src/node';
import { loadConfig } from '../../src/settings';

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function trade(symbol: string, tradeId: number, time: number, price: number): Trade {
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId,
    price,
    qty: 0.5,
    side: 'buy',
    tradeTime: time,
    eventTime: time,
    ingestTime: time,
  };
}

async function countTrades(ch: ClickHouseHandle): Promise<number> {
  const result = await ch.client.query({
    query: 'SELECT count() AS n FROM trades WHERE symbol = {symbol:String}',
    query_params: { symbol: 'BTCUSDT' },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Counts how often a node opens its storage (building must not). */
function counted(source: StorageSource): { source: StorageSource; opened: () => number } {
  let opened = 0;
  return {
    source: (needs) => {
      opened += 1;
      return source(needs);
    },
    opened: () => opened,
  };
}

describe('a node of processors and API on one embedded event log and chDB', () => {
  let log: TestLog;
  let ch: ClickHouseHandle;

  beforeAll(async () => {
    ch = await openTestClickHouse('node');
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    log = await openTestLog('embedded');
    await log.log.createTopics(topicSpecs());
  });
  afterAll(async () => {
    await log.cleanup();
    await dropDatabase(ch);
  });

  it('builds without opening anything, serves once started, reports health and stops in order', async () => {
    const storage = counted(sharedStorage(log.log, ch.client));
    const node = buildNode({
      roles: ['process', 'api'],
      options: {
        process: {
          intervals: ['1s', '1m'],
          statsWindows: [{ interval: '1s', bars: 10 }],
          pairs: [],
          allowedLatenessMs: 0,
          maxLatenessMs: 60_000,
          flushIntervalMs: 20,
        },
        api: { port: 0, host: '127.0.0.1', settings: { rateLimitPerMinute: 0 } },
      },
      storage: storage.source,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'all' }),
    });
    expect(storage.opened()).toBe(0);
    expect(node.health().status).toBe('degraded');
    expect(node.health().components['api']).toEqual({ state: 'starting' });
    expect(() => node.parts()).toThrow(TickstreamError);

    const parts = await node.start();
    expect(storage.opened()).toBe(1);
    expect(parts.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(parts.pipeline).toBeDefined();
    expect(parts.ingest).toBeUndefined();
    // start() is idempotent: the same parts, the storage opened once.
    expect(await node.start()).toBe(parts);
    expect(storage.opened()).toBe(1);

    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
    await log.log.produce(
      TOPICS.trades.name,
      [1, 2, 3].map((i) => {
        const t = trade('BTCUSDT', i, t0 + i * 100, 60_000 + i);
        return { key: TOPICS.trades.keyOf(t), value: JSON.stringify(t) };
      }),
    );
    await waitFor(async () => (await countTrades(ch)) === 3, 'the trades sink to write 3 trades');

    const health = node.health();
    expect(Object.keys(health.components)).toEqual(
      expect.arrayContaining(['trades-sink', 'candles', 'api']),
    );
    expect(health.components['api']).toEqual({ state: 'running' });

    // The API reports the processors' health through the node.
    const response = await fetch(`${parts.url}/health`);
    const body = (await response.json()) as { components: { name: string }[] };
    expect(body.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['clickhouse', 'live-feed', 'trades-sink', 'candles']),
    );

    await node.stop();
    expect(node.unfinished()).toEqual([]);
    expect(node.health().components['api']).toEqual({ state: 'stopped' });
    await expect(fetch(`${parts.url}/health`)).rejects.toThrow();
    // Shared storage stays open for its owner.
    expect((await log.log.endOffsets(TOPICS.trades.name)).size).toBeGreaterThan(0);
  });

  it('refuses to start the process role on storage without ClickHouse, saying why', async () => {
    const node = buildNode({
      roles: ['process'],
      options: {
        process: { intervals: ['1s'], statsWindows: [], allowedLatenessMs: 0, maxLatenessMs: 0 },
      },
      storage: sharedStorage(log.log),
      logger: silentLogger,
    });
    await expect(node.start()).rejects.toThrow(
      'the process and api roles need ClickHouse, and the storage has none',
    );
  });
});

describe('a node of ingest alone, configured as the ingest command configures it', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickstream-node-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens its own event log, produces synthetic trades, serves /health on the ops port and closes the log', async () => {
    const config = loadConfig({
      env: {
        TICKSTREAM_EVENT_LOG: 'embedded',
        TICKSTREAM_DATA_DIR: dir,
        INGEST_SOURCE: 'synthetic',
        INGEST_STATUS_INTERVAL_MS: '0',
      },
    });
    const opsPort = await freePort();
    const node = buildNode({
      roles: ['ingest'],
      options: { ...nodeOptionsFromConfig(config, silentLogger, ['ingest']), opsPort },
      storage: storageFromConfig(config, silentLogger),
      logger: silentLogger,
    });
    expect(node.health().components).toEqual({ ingest: { state: 'starting' } });
    const parts = await node.start();
    expect(parts.clickhouse).toBeUndefined();
    expect(parts.api).toBeUndefined();
    const ingest = parts.ingest;
    if (!ingest) throw new Error('the ingest role did not start');
    await waitFor(
      () => Object.values(ingest.status().symbols).some((s) => s.produced > 0),
      'ingest to produce a trade',
    );
    await waitFor(() => node.health().components['ingest']?.state === 'running', 'ingest running');
    const ops = await fetch(`http://127.0.0.1:${opsPort}/health`);
    expect(ops.status).toBe(200);
    expect(((await ops.json()) as { components: object }).components).toEqual({
      ingest: { state: 'running' },
    });
    const ends = await parts.eventLog.endOffsets(TOPICS.trades.name);
    expect([...ends.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    await node.stop();
    expect(node.unfinished()).toEqual([]);
    // The node opened the log, so the node closed it.
    await expect(parts.eventLog.endOffsets(TOPICS.trades.name)).rejects.toThrow();
  });
});
