import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockExchange, type MockExchange } from '@tickstream/ingest';

// `tickstream ingest --print-trades` against the mock exchange: every trade the exchange sent
// comes out on stdout as the old platform's tick line, and nothing else does.

const CLI = join(__dirname, '..', '..', 'dist', 'main.js');
const T0 = Date.UTC(2024, 11, 16, 10, 30, 16, 234);

const tape = [
  { symbol: 'BTCUSDT', id: 5001, price: '43250.50', qty: '0.125', time: T0 },
  { symbol: 'ETHUSDT', id: 7001, price: '2280.30', qty: '1.500', time: T0 + 222 },
  { symbol: 'BTCUSDT', id: 5002, price: '43251.00', qty: '0.050', time: T0 + 889 },
  { symbol: 'ETHUSDT', id: 7002, price: '2280.31', qty: '0.004', time: T0 + 1_000 },
].map((t) => ({ ...t, eventTime: t.time + 1, isBuyerMaker: false }));

const expected = [
  'BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000',
  'ETHUSDT | 2024-12-16 10:30:16.456 | $2,280.30 | 1.500000',
  'BTCUSDT | 2024-12-16 10:30:17.123 | $43,251.00 | 0.050000',
  'ETHUSDT | 2024-12-16 10:30:17.234 | $2,280.31 | 0.004000',
];

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('tickstream ingest --print-trades', () => {
  let mock: MockExchange | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-print-'));
  afterAll(async () => {
    await mock?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints every trade the mock exchange sent as a tick line on stdout, and logs only to stderr', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
    mock = await startMockExchange({
      host: '127.0.0.1',
      tape: { kind: 'trades', trades: tape },
      speed: 'max',
      autoplay: false,
    });
    const exchange = mock;
    const child = spawn(process.execPath, [CLI, 'ingest', '--print-trades'], {
      env: {
        ...process.env,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        KAFKA_BROKERS: '',
        TICKSTREAM_DATA_DIR: dataDir,
        INGEST_SOURCE: 'binance',
        SYMBOLS: 'BTCUSDT,ETHUSDT',
        BINANCE_WS_URL: exchange.url,
        BINANCE_REST_URL: exchange.restUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      // Both symbols subscribed before the tape plays, so no trade goes to nobody.
      await until('both subscriptions', () => exchange.stats().subscriptions >= 2);
      exchange.play();
      await until('every trade printed', () => stdout.split('\n').length > expected.length);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const printed = stdout.split('\n').filter(Boolean);
    // Ingest writes in arrival order; one symbol's trades keep theirs in any case.
    expect(printed.filter((l) => l.startsWith('BTCUSDT'))).toEqual([expected[0], expected[2]]);
    expect(printed.filter((l) => l.startsWith('ETHUSDT'))).toEqual([expected[1], expected[3]]);
    expect(printed).toHaveLength(expected.length);
    // The log went to stderr, JSON line by line, and none of it to stdout.
    expect(stderr).toContain('"msg":"shutdown complete"');
    expect(stdout).not.toContain('{');
  });
});
