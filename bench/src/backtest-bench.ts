// Backtest (issue 16): a day of 1s bars (86,400 per leg) backtested, and a 10 × 10 sweep
// (entry × exit, one window) over a week of 1m bars (10,080 per leg), each through
// POST /api/v1/backtest(/sweep) over HTTP, beside what it is made of, measured interleaved
// in one process:
//  - ClickHouse's own scan of both legs' bars (count and sum of closes, FINAL, same range);
//  - the storage read of the same bars the operation makes (both legs' final closes);
//  - analytics' runBacktest / runSweep alone, over bars already aligned in memory.
// Before timing, the API's result must equal runBacktest's over the same bars (trades and
// metrics). The query cache is off, so every request reads its bars.
// Usage: npx tsc -b bench && node bench/dist/backtest-bench.js [--runs N] [--json]

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { runBacktest, runSweep, type AlignedBar } from '@tickstream/analytics';
import { buildApi, createStoredBacktests, type Api } from '@tickstream/api';
import {
  createClickHouse,
  createEmbeddedEventLog,
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  candleRow,
  INTERVAL_MS,
  MIGRATIONS_DIR,
  type Candle,
  type Interval,
} from '@tickstream/schema';

const DAY_MS = 86_400_000;
const DAY_FROM = Date.UTC(2024, 6, 19);
const WEEK_FROM = Date.UTC(2024, 6, 1);
const WEEK_MS = 7 * DAY_MS;

const PARAMS = {
  entry: 2,
  exit: 0.5,
  stop: 4,
  window: 300,
  zWindow: 120,
  feeBps: 2,
  slippageBps: 1,
};
const GRID = {
  entries: [1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8],
  exits: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  windows: [120],
};

/** A seeded cointegrated pair: x a random walk, y = 1.8·x + 40 + an AR(1) spread. */
function pairSeries(n: number, seed: number): { x: number[]; y: number[] } {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const x: number[] = [];
  const y: number[] = [];
  let px = 3_000;
  let s = 0;
  for (let i = 0; i < n; i++) {
    px *= 1 + (rand() - 0.5) * 0.0008;
    s = 0.97 * s + (rand() - 0.5) * 2;
    x.push(Math.round(px * 100) / 100);
    y.push(Math.round((1.8 * px + 40 + s) * 100) / 100);
  }
  return { x, y };
}

function bar(symbol: string, interval: Interval, start: number, close: number): Candle {
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval,
    start,
    end: start + INTERVAL_MS[interval],
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
    firstTradeId: 1,
    lastTradeId: 1,
    version: 1,
    final: true,
  };
}

/** Both legs' bars in ClickHouse; the aligned bars the backtest should see. */
async function seed(
  ch: ClickHouseHandle,
  interval: Interval,
  from: number,
  n: number,
  seedValue: number,
): Promise<AlignedBar[]> {
  const { x, y } = pairSeries(n, seedValue);
  const size = INTERVAL_MS[interval];
  for (let at = 0; at < n; at += 20_000) {
    const rows: object[] = [];
    for (let i = at; i < Math.min(n, at + 20_000); i++) {
      rows.push(candleRow(bar('BTCUSDT', interval, from + i * size, x[i] as number)));
      rows.push(candleRow(bar('ETHUSDT', interval, from + i * size, y[i] as number)));
    }
    await ch.client.insert({ table: 'candles', values: rows, format: 'JSONEachRow' });
  }
  return x.map((px, i) => ({ time: from + i * size, x: px, y: y[i] as number }));
}

type Measure = () => Promise<{ ms: number; check: number }>;

interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly check: number;
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

const timed =
  (work: () => Promise<number> | number): Measure =>
  async () => {
    const started = performance.now();
    const check = await work();
    return { ms: performance.now() - started, check };
  };

/** ClickHouse's own scan of both legs over the range: count and sum of closes, FINAL. */
function scan(ch: ClickHouseHandle, interval: Interval, from: number, to: number): Measure {
  return timed(async () => {
    const result = await ch.client.query({
      query: `SELECT count() AS n, sum(close) AS s FROM candles FINAL
              WHERE symbol IN ('BTCUSDT', 'ETHUSDT') AND bar_interval = {interval:String}
                AND exchange = 'binance-futures' AND is_final = 1
                AND bucket_start >= fromUnixTimestamp64Milli({from:Int64})
                AND bucket_start < fromUnixTimestamp64Milli({to:Int64})`,
      query_params: { interval, from, to },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string | number }>();
    return Number(row?.n ?? 0);
  });
}

async function measureAll(
  runs: number,
  measures: readonly [string, Measure][],
): Promise<Map<string, Summary>> {
  const samples = new Map<string, { ms: number[]; check: number }>();
  // One warm-up round, then interleaved rounds: every measure sees the same machine state.
  for (let round = 0; round <= runs; round++) {
    for (const [name, measure] of measures) {
      const { ms, check } = await measure();
      if (round === 0) continue;
      const s = samples.get(name) ?? { ms: [], check };
      s.ms.push(ms);
      samples.set(name, s);
    }
  }
  const out = new Map<string, Summary>();
  for (const [name, s] of samples) {
    const sorted = [...s.ms].sort((a, b) => a - b);
    out.set(name, {
      median: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      min: sorted[0] ?? NaN,
      max: sorted[sorted.length - 1] ?? NaN,
      check: s.check,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-bench-backtest-'));
  const ch = await createClickHouse({ database: 'bench', chdbPath: join(dir, 'chdb') });
  const log = await createEmbeddedEventLog({ dataDir: join(dir, 'log') });
  let api: Api | undefined;
  try {
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    await log.createTopics(topicSpecs());
    const day = await seed(ch, '1s', DAY_FROM, 86_400, 16);
    const week = await seed(ch, '1m', WEEK_FROM, 10_080, 61);
    const settings = {
      rateLimitPerMinute: 0,
      cacheTtlMs: 0,
      candleIntervals: ['1s', '1m', '5m'] as Interval[],
      backtestMaxBars: 2_000_000,
      // A loaded machine must not turn a slow run into a refusal: this measures, not limits.
      backtestTimeBudgetMs: 600_000,
    };
    api = buildApi({
      eventLog: log,
      clickhouse: ch.client,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'api' }),
      settings,
    });
    const { url } = await api.listen(0);
    const { operations } = api;
    const stored = createStoredBacktests({ clickhouse: ch.client, settings });
    const pair = { symbolX: 'BTCUSDT', symbolY: 'ETHUSDT' };
    const dayInput = { ...pair, interval: '1s', from: DAY_FROM, to: DAY_FROM + DAY_MS, ...PARAMS };
    const weekInput = { ...pair, interval: '1m', from: WEEK_FROM, to: WEEK_FROM + WEEK_MS };
    const sweepInput = { ...weekInput, feeBps: 2, ...GRID, metric: 'sharpe' };

    // The API must give the library's numbers before its time means anything.
    const want = runBacktest({ interval: '1s', bars: day }, PARAMS);
    const got = await post(`${url}/api/v1/backtest`, { ...dayInput, first: 1 });
    if (
      !isDeepStrictEqual(got['metrics'], want.metrics) ||
      !isDeepStrictEqual(got['trades'], want.trades)
    ) {
      throw new Error('POST /api/v1/backtest differs from runBacktest over the same bars');
    }
    const wantSweep = runSweep(
      { interval: '1m', bars: week },
      { feeBps: 2 },
      { entry: GRID.entries, exit: GRID.exits, window: GRID.windows },
      'sharpe',
    );
    const gotSweep = await post(`${url}/api/v1/backtest/sweep`, sweepInput);
    const cells = wantSweep.cells.map((c) => ({ ...c, invalid: c.invalid ?? null }));
    if (!isDeepStrictEqual(gotSweep['cells'], cells)) {
      throw new Error('POST /api/v1/backtest/sweep differs from runSweep over the same bars');
    }

    const closes = (interval: Interval, from: number, to: number) =>
      timed(async () => {
        const bars = await Promise.all(
          ['BTCUSDT', 'ETHUSDT'].map((symbol) =>
            operations.candles(
              { symbol, interval, from, to },
              { finalOnly: true, bypassCache: true },
            ),
          ),
        );
        return bars.reduce((n, leg) => n + leg.length, 0);
      });
    const loadBefore = load();
    const dayResults = await measureAll(runs, [
      [
        'ClickHouse scan of both legs (count, sum, FINAL)',
        scan(ch, '1s', DAY_FROM, DAY_FROM + DAY_MS),
      ],
      [
        'storage read: both legs as candles (operations.candles)',
        closes('1s', DAY_FROM, DAY_FROM + DAY_MS),
      ],
      [
        'analytics alone: runBacktest over aligned bars in memory',
        timed(() => runBacktest({ interval: '1s', bars: day }, PARAMS).metrics.bars),
      ],
      [
        'operation: read, align, run (createStoredBacktests)',
        timed(async () => (await stored.backtest(dayInput))?.bars ?? 0),
      ],
      [
        'POST /api/v1/backtest over HTTP (first 1000 equity points)',
        timed(async () => Number((await post(`${url}/api/v1/backtest`, dayInput))['bars'])),
      ],
    ]);
    const sweepResults = await measureAll(runs, [
      [
        'ClickHouse scan of both legs (count, sum, FINAL)',
        scan(ch, '1m', WEEK_FROM, WEEK_FROM + WEEK_MS),
      ],
      [
        'storage read: both legs as candles (operations.candles)',
        closes('1m', WEEK_FROM, WEEK_FROM + WEEK_MS),
      ],
      [
        'analytics alone: runSweep over aligned bars in memory',
        timed(
          () =>
            runSweep(
              { interval: '1m', bars: week },
              { feeBps: 2 },
              { entry: GRID.entries, exit: GRID.exits, window: GRID.windows },
              'sharpe',
            ).cells.length,
        ),
      ],
      [
        'POST /api/v1/backtest/sweep over HTTP',
        timed(
          async () =>
            ((await post(`${url}/api/v1/backtest/sweep`, sweepInput))['cells'] as unknown[]).length,
        ),
      ],
    ]);
    const loadAfter = load();

    const result = {
      runs,
      loadBefore,
      loadAfter,
      day: {
        bars: day.length,
        trades: want.trades.length,
        results: Object.fromEntries(dayResults),
      },
      sweep: { bars: week.length, cells: cells.length, results: Object.fromEntries(sweepResults) },
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const s = (ms: number) => (ms / 1000).toFixed(3);
    const rows = (m: Map<string, Summary>) =>
      [...m].map(
        ([name, r]) => `| ${name} | ${s(r.median)} | ${s(r.min)}–${s(r.max)} | ${r.check} |`,
      );
    console.log(
      `### Backtest: a day of 1s bars (${day.length} per leg, ${want.trades.length} trades)\n`,
    );
    console.log(
      `median of ${runs} interleaved runs after one warm-up; load average before ${loadBefore}, after ${loadAfter}\n`,
    );
    console.log('| what | median s | range s | check (rows or bars) |\n|---|---:|---:|---:|');
    for (const line of rows(dayResults)) console.log(line);
    console.log(
      `\n### Sweep: 10 × 10 (entry × exit, window ${GRID.windows[0]}) over a week of 1m bars (${week.length} per leg)\n`,
    );
    console.log('| what | median s | range s | check (rows or cells) |\n|---|---:|---:|---:|');
    for (const line of rows(sweepResults)) console.log(line);
  } finally {
    await api?.close();
    await log.close();
    await ch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
