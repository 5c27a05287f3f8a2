import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'cli', 'dist', 'main.js');

interface Broker {
  readonly brokers: string;
  stop(): Promise<void>;
}
// The project's own broker script (plain JavaScript): a private broker this test may restart.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkaScript = require(join(root, 'scripts', 'kafka.js')) as {
  startKafka(options: {
    dataDir: string;
    port?: number;
    log?: (m: string) => void;
  }): Promise<Broker>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runProcessRole(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [CLI, 'process'], {
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', CLICKHOUSE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves with the exit, or with 'still running' once the generous bound has passed. */
async function exitWithin(run: Run, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  const result = await Promise.race([run.exited, late]);
  clearTimeout(timer);
  return result;
}

const healthOf = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('tickstream process stopped by SIGTERM', () => {
  const dirs: string[] = [];
  const runs: Run[] = [];
  const brokers: Broker[] = [];
  afterEach(async () => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    for (const broker of brokers.splice(0)) await broker.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  it('stops its processors, says shutdown complete and exits 0 (embedded)', async () => {
    const opsPort = await freePort();
    const run = runProcessRole({
      KAFKA_BROKERS: '',
      TICKSTREAM_DATA_DIR: tempDir('process-sigterm-'),
      OPS_PORT: String(opsPort),
    });
    runs.push(run);
    const healthy = await until(
      'a healthy process role',
      async () => {
        const h = await healthOf(opsPort);
        return h.status === 200 ? h : undefined;
      },
      60_000,
    );
    expect(healthy.body).toMatchObject({ healthy: true, status: 'healthy' });

    run.child.kill('SIGTERM');
    expect(await exitWithin(run, 30_000)).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('shutdown complete');
    expect(run.output()).not.toContain('abandoning');
  }, 120_000);

  it('still exits 0 on SIGTERM after the Kafka broker under it was restarted', async () => {
    const dataDir = tempDir('process-kafka-');
    const port = await freePort();
    const quiet = () => undefined;
    let broker = await kafkaScript.startKafka({
      dataDir: join(dataDir, 'kafka'),
      port,
      log: quiet,
    });
    brokers.push(broker);
    const opsPort = await freePort();
    const run = runProcessRole({
      KAFKA_BROKERS: broker.brokers,
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      TICKSTREAM_NAMESPACE: `sigterm-${process.pid}`,
      TICKSTREAM_DATA_DIR: join(dataDir, 'data'),
      OPS_PORT: String(opsPort),
    });
    runs.push(run);
    await until(
      'a healthy process role',
      async () => {
        const h = await healthOf(opsPort);
        return h.status === 200 ? h : undefined;
      },
      120_000,
    );

    await broker.stop();
    brokers.splice(brokers.indexOf(broker), 1);
    await new Promise((r) => setTimeout(r, 5_000));
    broker = await kafkaScript.startKafka({ dataDir: join(dataDir, 'kafka'), port, log: quiet });
    brokers.push(broker);
    // Whatever the consumers went through, the role is serving again (or restarting, and says so).
    await until(
      'the role to run again',
      async () => {
        const h = await healthOf(opsPort);
        return h.status === 200 ? h : undefined;
      },
      120_000,
    );

    run.child.kill('SIGTERM');
    expect(await exitWithin(run, 30_000)).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('shutdown complete');
  }, 400_000);
});

describe('the ingest role health', () => {
  it('answers 503 with the reason while the exchange is unreachable, and 200 once it answers', async () => {
    const { startMockExchange } = await import('@tickstream/ingest');
    const exchangePort = await freePort();
    const opsPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'ingest-health-'));
    const child = spawn(process.execPath, [CLI, 'ingest'], {
      env: {
        ...process.env,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: '',
        TICKSTREAM_DATA_DIR: dataDir,
        INGEST_SOURCE: 'binance',
        BINANCE_WS_URL: `ws://127.0.0.1:${exchangePort}`,
        BINANCE_REST_URL: `http://127.0.0.1:${exchangePort}`,
        INGEST_STALE_AFTER_MS: '1000',
        OPS_PORT: String(opsPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const mock = { stop: async () => undefined as void };
    try {
      const down = await until(
        '503 from the ingest role',
        async () => {
          const h = await healthOf(opsPort);
          return h.status === 503 ? h : undefined;
        },
        60_000,
      );
      expect(down.body).toMatchObject({
        healthy: false,
        status: 'unhealthy',
        components: { ingest: { state: 'down', reason: expect.any(String) } },
      });
      const started = await startMockExchange({ host: '127.0.0.1', port: exchangePort });
      mock.stop = () => started.stop();
      const up = await until(
        '200 from the ingest role',
        async () => {
          const h = await healthOf(opsPort);
          return h.status === 200 ? h : undefined;
        },
        60_000,
      );
      expect(up.body).toMatchObject({ healthy: true });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await mock.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
