// Time from `tickstream demo` (what `npm run demo` runs; the mock exchange as the exchange,
// "trading" for 9 h before it starts) to a full dashboard, as the API serves it: 500 bars of
// 1m candles, a whole z-score history of the pair, a correlation matrix with values, an alert
// log. The baseline in the same run, interleaved: the same command with history off
// (HISTORY_LOOKBACK=0), timed to its first 1m bar, which is what a user got before.
// Usage: node bench/dist/demo-bench.js [--rounds 3] [--json]

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const CLI = join(__dirname, '..', '..', 'cli', 'dist', 'main.js');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function graphql<T>(port: number, query: string): Promise<T | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(5_000),
    });
    return ((await response.json()) as { data?: T }).data;
  } catch {
    return undefined;
  }
}

interface Milestones {
  url?: number;
  bars500?: number;
  firstBar?: number;
  zscore?: number;
  heatmap?: number;
  alerts?: number;
}

async function check(port: number, at: number, m: Milestones): Promise<void> {
  const candles = await graphql<{ candles: unknown[] }>(
    port,
    '{ candles(symbol: "BTCUSDT", interval: "1m", last: 600) { start } }',
  );
  const bars = candles?.candles.length ?? 0;
  if (bars > 0) m.firstBar ??= at;
  if (bars >= 500) m.bars500 ??= at;
  const pair = await graphql<{ pairAnalyticsHistory: { edges: unknown[] } }>(
    port,
    '{ pairAnalyticsHistory(symbolX: "BTCUSDT", symbolY: "ETHUSDT", last: 600) { edges { node { zScore } } } }',
  );
  if ((pair?.pairAnalyticsHistory.edges.length ?? 0) >= 450) m.zscore ??= at;
  const matrix = await graphql<{ correlationMatrix: { values: (number | null)[][] } }>(
    port,
    '{ correlationMatrix(symbols: ["BTCUSDT", "ETHUSDT"]) { values } }',
  );
  if (matrix?.correlationMatrix.values.flat().every((v) => typeof v === 'number')) m.heatmap ??= at;
  const alerts = await graphql<{ alerts: { edges: unknown[] } }>(
    port,
    '{ alerts(last: 20) { edges { node { id } } } }',
  );
  if ((alerts?.alerts.edges.length ?? 0) > 0) m.alerts ??= at;
}

async function runDemo(history: boolean): Promise<Milestones & { load: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-demo-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'demo'], {
    env: {
      ...process.env,
      TICKSTREAM_DATA_DIR: dataDir,
      TICKSTREAM_EVENT_LOG: 'embedded',
      API_PORT: String(port),
      LOG_FORMAT: 'json',
      ...(history ? {} : { HISTORY_LOOKBACK: '0' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const m: Milestones = {};
  const deadline = started + 120_000;
  try {
    while (performance.now() < deadline) {
      const at = performance.now() - started;
      if (m.url === undefined && /tickstream is running: open/.test(output)) m.url = at;
      if (m.url !== undefined) await check(port, at, m);
      const done = history
        ? m.bars500 && m.zscore && m.heatmap && m.alerts
        : m.firstBar !== undefined;
      if (done) break;
      if (child.exitCode !== null) throw new Error(`demo exited:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { ...m, load: load() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const rows: { withHistory: Milestones & { load: string }; without: Milestones }[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const without = await runDemo(false);
    const withHistory = await runDemo(true);
    rows.push({ withHistory, without });
  }
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const s = (ms: number | undefined) =>
    ms === undefined ? 'never (120 s)' : (ms / 1000).toFixed(1);
  const after = (ms: number | undefined, url: number | undefined) =>
    ms === undefined || url === undefined ? '–' : ((ms - url) / 1000).toFixed(1);
  console.log(
    '### npm run demo to a full dashboard (seconds from the command; after the URL in brackets)\n',
  );
  console.log(
    '| round | load | URL | 500 1m bars | z-score history ≥ 450 | heatmap | alert log | without history: first 1m bar (baseline) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach(({ withHistory: w, without }, i) =>
    console.log(
      `| ${i + 1} | ${w.load} | ${s(w.url)} | ${s(w.bars500)} (${after(w.bars500, w.url)}) | ${s(w.zscore)} (${after(w.zscore, w.url)}) | ${s(w.heatmap)} (${after(w.heatmap, w.url)}) | ${s(w.alerts)} (${after(w.alerts, w.url)}) | ${s(without.firstBar)} (${after(without.firstBar, without.url)}) |`,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
