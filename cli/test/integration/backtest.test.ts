import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest, runSweep, type AlignedBar, type BacktestResult } from '@tickstream/analytics';
import { createClickHouse, loadMigrations, migrate } from '@tickstream/core';
import { candleRow, MIGRATIONS_DIR, type Candle } from '@tickstream/schema';
import { mulberry32 } from '@tickstream/testkit';

// `tickstream backtest` as a user runs it: the built command over a data directory whose
// chDB holds both legs' bars. Its table must hold runBacktest's numbers over the same bars.

const CLI = join(__dirname, '..', '..', 'dist', 'main.js');
const T0 = Date.UTC(2024, 9, 7, 0, 0, 0);
const MINUTE = 60_000;
const N = 1_200;

function closes(): { x: number[]; y: number[] } {
  const rand = mulberry32(7);
  const x: number[] = [];
  const y: number[] = [];
  let px = 500;
  let s = 0;
  for (let i = 0; i < N; i++) {
    px *= 1 + (rand() - 0.5) * 0.004;
    s = 0.8 * s + (rand() - 0.5) * 4;
    x.push(Math.round(px * 100) / 100);
    y.push(Math.round((1.5 * px + 20 + s) * 100) / 100);
  }
  return { x, y };
}

const CLOSES = closes();

function bars(symbol: string, values: readonly number[]): Candle[] {
  return values.map((close, i) => ({
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval: '1m',
    start: T0 + i * MINUTE,
    end: T0 + (i + 1) * MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    buyVolume: 0.5,
    sellVolume: 0.5,
    tradeCount: 1,
    vwap: close,
    firstTradeId: i,
    lastTradeId: i,
    version: 1,
    final: true,
  }));
}

const ALIGNED: AlignedBar[] = CLOSES.x.map((x, i) => ({
  time: T0 + i * MINUTE,
  x,
  y: CLOSES.y[i] as number,
}));

function run(dataDir: string, args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  return spawnSync(process.execPath, [CLI, 'backtest', '--data-dir', dataDir, ...args], {
    env: { ...process.env, LOG_FORMAT: 'json', CLICKHOUSE_URL: '', KAFKA_BROKERS: '' },
    encoding: 'utf8',
    timeout: 90_000,
  });
}

/** A table cell as a number: thousands separators and a trailing % dropped. */
const num = (cell: string | undefined) => Number((cell ?? '').replace(/,/g, '').replace(/ %$/, ''));

/** The rows of the table under the line starting with `title`, split on runs of 2+ spaces. */
function tableAfter(lines: readonly string[], title: RegExp): string[][] {
  const start = lines.findIndex((l) => title.test(l));
  if (start < 0) throw new Error(`no line matches ${title}:\n${lines.join('\n')}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    rows.push(line.trim().split(/ {2,}/));
  }
  return rows;
}

const PARAMS = {
  entry: 1.5,
  exit: 0.3,
  stop: 4,
  window: 50,
  zWindow: 25,
  feeBps: 3,
  capital: 20_000,
};
const ARGS = [
  '--pair',
  'ETHUSDT/BTCUSDT',
  '--interval',
  '1m',
  '--from',
  new Date(T0).toISOString(),
  '--to',
  String(T0 + N * MINUTE),
  '--entry',
  '1.5',
  '--exit',
  '0.3',
  '--stop',
  '4',
  '--window',
  '50',
  '--z-window',
  '25',
  '--fee-bps',
  '3',
  '--capital',
  '20000',
];

describe('tickstream backtest', () => {
  let dataDir: string;
  let expected: BacktestResult;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tickstream-backtest-'));
    // The test's chDB on the command's data directory, closed before the command opens it.
    const ch = await createClickHouse({ database: 'tickstream', chdbPath: join(dataDir, 'chdb') });
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    await ch.client.insert({
      table: 'candles',
      values: [...bars('BTCUSDT', CLOSES.x), ...bars('ETHUSDT', CLOSES.y)].map((c) => candleRow(c)),
      format: 'JSONEachRow',
    });
    await ch.close();
    expected = runBacktest({ interval: '1m', bars: ALIGNED }, PARAMS);
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the metrics and every trade of runBacktest over the stored bars', () => {
    expect(expected.trades.length).toBeGreaterThanOrEqual(5);
    const result = run(dataDir, ARGS);
    expect(result.stderr).not.toMatch(/"level":"error"|tickstream:/);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`ETHUSDT/BTCUSDT 1m 2024-10-07 00:00 → 2024-10-07 19:59 UTC, ${N} bars`);
    const metrics = Object.fromEntries(
      tableAfter(lines, /^$/).map(([name, value]) => [name, value]),
    );
    const m = expected.metrics;
    expect(num(metrics['total P&L'])).toBeCloseTo(m.totalPnl, 2);
    expect(num(metrics['return'])).toBeCloseTo(m.totalReturn * 100, 2);
    expect(num(metrics['Sharpe'])).toBeCloseTo(m.sharpe as number, 4);
    expect(num(metrics['max drawdown'])).toBeCloseTo(m.maxDrawdown * 100, 2);
    expect(num(metrics['trades'])).toBe(m.tradeCount);
    expect(num(metrics['hit rate'])).toBeCloseTo((m.hitRate as number) * 100, 2);
    expect(num(metrics['avg bars held'])).toBeCloseTo(m.avgBarsHeld as number, 2);
    expect(num(metrics['exposure'])).toBeCloseTo(m.exposure * 100, 2);
    expect(num(metrics['turnover'])).toBeCloseTo(m.turnover, 4);
    expect(num(metrics['fees paid'])).toBeCloseTo(m.feesPaid, 2);

    const [header, ...trades] = tableAfter(lines, /^trades \(/);
    expect(header).toEqual([
      '#',
      'side',
      'entry (UTC)',
      'exit (UTC)',
      'bars',
      'beta',
      'entry y',
      'entry x',
      'exit y',
      'exit x',
      'reason',
      'fees',
      'P&L',
    ]);
    expect(trades).toHaveLength(expected.trades.length);
    trades.forEach((row, i) => {
      const t = expected.trades[i];
      if (!t) throw new Error(`trade ${i} missing`);
      expect(row[1]).toBe(t.side);
      expect(row[2]).toBe(new Date(t.entryTime).toISOString().slice(0, 16).replace('T', ' '));
      expect(row[3]).toBe(new Date(t.exitTime).toISOString().slice(0, 16).replace('T', ' '));
      expect(num(row[4])).toBe(t.barsHeld);
      expect(num(row[5])).toBeCloseTo(t.beta, 4);
      expect(num(row[6])).toBeCloseTo(t.entryPriceY, 6);
      expect(num(row[9])).toBeCloseTo(t.exitPriceX, 6);
      expect(row[10]).toBe(t.reason);
      expect(num(row[11])).toBeCloseTo(t.fees, 2);
      expect(num(row[12])).toBeCloseTo(t.pnl, 2);
    });
  });

  it('prints the whole result as JSON with --json, equal to runBacktest', () => {
    const result = run(dataDir, [...ARGS, '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out['trades']).toEqual(expected.trades);
    expect(out['metrics']).toEqual(expected.metrics);
  });

  it('prints a grid of the metric per cell with --sweep', () => {
    const result = run(dataDir, [
      '--pair',
      'ETHUSDT/BTCUSDT',
      '--sweep',
      '--entries',
      '1.5,2',
      '--exits',
      '0,0.5',
      '--windows',
      '40,80',
      '--metric',
      'totalPnl',
      '--fee-bps',
      '3',
    ]);
    expect(result.status).toBe(0);
    const want = runSweep(
      { interval: '1m', bars: ALIGNED },
      { feeBps: 3 },
      { entry: [1.5, 2], exit: [0, 0.5], window: [40, 80] },
      'totalPnl',
    );
    const lines = result.stdout.split('\n');
    for (const [w, window] of [40, 80].entries()) {
      const [header, ...rows] = tableAfter(lines, new RegExp(`^window ${window}:`));
      expect(header).toEqual(['entry', '0', '0.5']);
      expect(rows.map((r) => r[0])).toEqual(['1.5', '2']);
      rows.forEach((row, e) =>
        [0, 1].forEach((x) => {
          const cell = want.cells[(w * 2 + e) * 2 + x];
          expect(num(row[x + 1])).toBeCloseTo(cell?.value as number, 4);
        }),
      );
    }
  });

  it('refuses a run over API_BACKTEST_MAX_BARS and a bad parameter, naming what to change', () => {
    const over = run(dataDir, [...ARGS, '--api-backtest-max-bars', '1000']);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(
      /over the limit of 1000 bars: shorten the time range.*\[bars-limit-exceeded\]/,
    );
    const bad = run(dataDir, [...ARGS, '--exit', '3']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'tickstream: exit must satisfy 0 ≤ exit < entry (1.5), got 3 [invalid-backtest-params]',
    );
  });
});
