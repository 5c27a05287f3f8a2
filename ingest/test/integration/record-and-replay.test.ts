import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import {
  binanceSource,
  buildIngest,
  loadCapture,
  recordSession,
  startMockExchange,
  type MockExchange,
} from '../../src';
import { testEventLog, type TestEventLog } from '../helpers/event-log';
import { FAST_CONNECTION, idsBySymbol } from '../helpers/ingest-harness';

describe('recording a session and replaying it', () => {
  let dir: string;
  let mock: MockExchange | undefined;
  let log: TestEventLog | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-record-'));
  });
  afterEach(async () => {
    await mock?.stop();
    await log?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the raw frames of a mock session to gzipped JSONL, and a replay of it writes the same trades', async () => {
    mock = await startMockExchange({
      speed: 'max',
      tape: { kind: 'synthetic', maxTrades: 2_000, seed: 8 },
    });
    const path = join(dir, 'session.jsonl.gz');
    const session = recordSession({
      source: binanceSource({
        symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
        wsUrl: mock.url,
        restUrl: mock.restUrl,
        connection: FAST_CONNECTION,
      }),
      path,
      maxMessages: 2_000,
    });
    const summary = await session.done;
    expect(summary.messages).toBe(2_000);

    log = await testEventLog('replay-recording');
    const ingest = buildIngest({
      eventLog: log.eventLog,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      topics: log.topics,
      statusIntervalMs: 0,
      source: { kind: 'replay', files: [path], speed: 'max' },
    });
    await ingest.start();
    await ingest.done;
    const trades = await log.read<Trade>(log.topics.trades, (t) => t.length >= 2_000);
    const ids = idsBySymbol(trades);
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
      expect(ids.get(symbol)).toEqual(mock.history(symbol).map((t) => t.id));
    }
  });

  it('tees raw frames to a file while ingesting', async () => {
    mock = await startMockExchange({
      speed: 'max',
      tape: { kind: 'synthetic', maxTrades: 1_000, seed: 9 },
    });
    log = await testEventLog('tee');
    const path = join(dir, 'tee.jsonl');
    const ingest = buildIngest({
      eventLog: log.eventLog,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      topics: log.topics,
      statusIntervalMs: 0,
      recordPath: path,
      source: {
        kind: 'binance',
        symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
        wsUrl: mock.url,
        restUrl: mock.restUrl,
        connection: FAST_CONNECTION,
      },
    });
    await ingest.start();
    await mock.finished;
    await log.read<Trade>(log.topics.trades, (t) => t.length >= 1_000);
    await ingest.stop();
    const replayed = await loadCapture(path);
    expect(replayed).toHaveLength(1_000);
  });
});
