import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockExchange, type MockExchange } from '@tickstream/ingest';

// The README's path, exercised: a fresh clone, `npm start` (which installs and builds what
// it needs), pointed at the mock exchange, reaches a healthy state and serves the dashboard
// and data; restarted, it continues where it stopped.

const root = join(__dirname, '..', '..', '..');

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

function start(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Started> {
  // Own process group, so stopping it reaches the node process behind `npm start`.
  const child = spawn(command, args, {
    cwd,
    detached: true,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`no "running" line in time:\n${output.slice(-4000)}`)),
      600_000,
    );
    const poll = setInterval(() => {
      const match = /tickstream is running: open (http:\/\/\S+?) /.exec(output);
      if (match?.[1]) {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve({ child, url: match[1], output: () => output });
      }
    }, 200);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(deadline);
      reject(new Error(`${command} exited with ${code} before running:\n${output.slice(-4000)}`));
    });
  });
}

async function stop(started: Started): Promise<number | null> {
  // 'close' waits for every process holding the output pipes (the node behind npm too).
  const exited = new Promise<number | null>((resolve) =>
    started.child.on('close', (code) => resolve(code)),
  );
  process.kill(-(started.child.pid ?? 0), 'SIGTERM');
  return exited;
}

async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function barCount(url: string): Promise<number | undefined> {
  const response = await fetch(`${url}/api/ohlc/BTCUSDT?interval=1s&limit=5000`);
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { count: number }).count;
}

describe('a fresh clone', () => {
  let clone: string;
  let mock: MockExchange;

  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), 'tickstream-clone-'));
    execFileSync('git', ['clone', '--quiet', root, clone]);
    mock = await startMockExchange({
      tape: {
        kind: 'file',
        path: join(
          root,
          'ingest',
          'tapes',
          'binance',
          'usdm_trade_btcusdt_ethusdt_20240718-19.jsonl.gz',
        ),
        loop: true,
      },
      speed: 5,
      timestamps: 'live',
    });
  }, 120_000);
  afterAll(async () => {
    await mock.stop();
    rmSync(clone, { recursive: true, force: true });
  });

  it('runs npm start to a healthy, serving state, and continues after a restart', async () => {
    const env = { BINANCE_WS_URL: mock.url, BINANCE_REST_URL: mock.restUrl, API_PORT: '0', CI: '' };
    const first = await start('npm', ['start'], clone, env);

    const health = await poll('a healthy API', async () => {
      const response = await fetch(`${first.url}/api/health`);
      const body = (await response.json()) as { status: string };
      return body.status === 'healthy' ? body : undefined;
    });
    expect(health.status).toBe('healthy');

    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<div id="app"/);

    const before = await poll('1s candles', async () => {
      const n = await barCount(first.url);
      return n !== undefined && n >= 5 ? n : undefined;
    });
    // npm itself may report the signal; the engine behind it must have stopped cleanly.
    await stop(first);
    expect(first.output()).toContain('"msg":"shutdown complete"');

    // Restarted on the same data directory, it keeps what it had and goes on.
    const second = await start(process.execPath, ['cli/dist/main.js', 'start'], clone, env);
    const kept = await barCount(second.url);
    expect(kept).toBeGreaterThanOrEqual(before);
    await poll('new candles after the restart', async () => {
      const n = await barCount(second.url);
      return n !== undefined && n > (kept ?? 0) ? n : undefined;
    });
    expect(await stop(second)).toBe(0);
  }, 900_000);
});
