// Pair analytics benchmark: aligned-bar updates/s for many pairs with a 500-bar window, the
// statistical tests every bar and every 10 bars; the cost of one ADF with autolag on 500
// points; the whole pair stage (md.pair-bars.v1 → pair_analytics and topics, embedded log +
// chDB); and, in the same run on the same bars, the older platform's approach with Debian's
// python3-statsmodels (bench/scripts/pairs_statsmodels.py), as a ratio.
// Usage: npx tsc -b bench && node bench/dist/pairs-bench.js [--json] [--pairs N] [--window N]
//        [--bars-every-bar N] [--bars-every-10 N] [--py-bars-every-bar N] [--py-bars-every-10 N]
//        [--no-stage] [--no-python]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMetricsRegistry, silentLogger, topicSpecs } from '@tickstream/core';
import {
  adfTest,
  createRollingPairState,
  PairEngine,
  type PairEngineOptions,
} from '@tickstream/analytics';
import {
  PAIR_DEFAULTS,
  pairId,
  TOPICS,
  type Candle,
  type PairBar,
  type PairSpec,
} from '@tickstream/schema';
import { buildProcessor, pairProcessor } from '@tickstream/stream-processors';
import {
  closeClickHouse,
  histogram,
  openClickHouse,
  openEventLog,
  removeChdbDir,
} from './candles-bench';

export interface PairsBenchOptions {
  readonly pairs: number;
  /** OLS, correlation and test window, in bars. */
  readonly window: number;
  /** z-score window (the older platform's default, 20). */
  readonly zWindow: number;
  /** Measured bars per pair with the tests every bar / every 10 bars. */
  readonly barsEveryBar: number;
  readonly barsEvery10: number;
  readonly pyBarsEveryBar: number;
  readonly pyBarsEvery10: number;
  readonly adfRepeats: number;
  readonly stage: boolean;
  readonly python: boolean;
}

export interface Series {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface UpdatesRun {
  readonly adfEvery: number;
  readonly updates: number;
  readonly seconds: number;
  readonly updatesPerSec: number;
}

export interface PairsBenchResult {
  readonly pairs: number;
  readonly window: number;
  readonly zWindow: number;
  /** PairEngine: every figure, the Kalman filter, alerts; tests = ADF + Engle–Granger + half-life + Hurst. */
  readonly engine: readonly UpdatesRun[];
  /** The Python script's work done with tickstream's numerics: rolling OLS, z-score, both correlations, ADF. */
  readonly sameWork: readonly UpdatesRun[];
  readonly adfMicros: number;
  readonly stage: {
    readonly adfEvery: number;
    readonly updates: number;
    readonly seconds: number;
    readonly updatesPerSec: number;
    readonly rowsWritten: number;
    readonly flushSeconds: number;
  } | null;
  readonly python: {
    readonly versions: string;
    readonly runs: readonly UpdatesRun[];
    readonly adfMicros: number;
    /** Largest relative difference between statsmodels' and tickstream's figures on one bar. */
    readonly maxRelativeDifference: number;
    /** tickstream same-work updates/s ÷ statsmodels updates/s, per ADF cadence; ADF cost ratio. */
    readonly ratios: { readonly [adfEvery: string]: number; readonly adf: number };
  } | null;
}

/** mulberry32, and Box–Muller on it: the same bars on every run. */
function normalSource(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** Closes of `pairs` cointegrated pairs: x a geometric random walk, y = a + b·x + AR(1) noise. */
export function pairSeries(pairs: number, bars: number): Series[] {
  const normal = normalSource(5);
  return Array.from({ length: pairs }, (_, p) => {
    const x = new Float64Array(bars);
    const y = new Float64Array(bars);
    let level = 100 * (p + 1);
    let noise = 0;
    for (let t = 0; t < bars; t++) {
      level *= Math.exp(normal() * 0.001);
      noise = 0.85 * noise + normal() * 0.05 * (p + 1);
      x[t] = Math.round(level * 100) / 100;
      y[t] = Math.round((2.5 + 0.6 * level + noise) * 100) / 100;
    }
    return { x, y };
  });
}

export function specFor(p: number, options: PairsBenchOptions, testEvery: number): PairSpec {
  return {
    ...PAIR_DEFAULTS,
    symbolX: `X${String(p).padStart(2, '0')}USDT`,
    symbolY: `Y${String(p).padStart(2, '0')}USDT`,
    interval: '1m',
    olsWindow: options.window,
    zScoreWindow: options.zWindow,
    corrWindow: options.window,
    testEvery,
  };
}

const T0 = Date.UTC(2024, 6, 18, 0, 0, 0);

export function candle(symbol: string, t: number, close: number): Candle {
  const start = T0 + t * 60_000;
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval: '1m',
    start,
    end: start + 60_000,
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
    firstTradeId: t,
    lastTradeId: t,
    version: 1,
    final: true,
  };
}

/** Warm-up: every window full (OLS/correlation, then the z-score window of spreads). */
export const warmupBars = (o: PairsBenchOptions) => o.window + o.zWindow;

export function engineRun(
  series: readonly Series[],
  options: PairsBenchOptions,
  adfEvery: number,
  bars: number,
  engineOptions: PairEngineOptions = {},
): UpdatesRun {
  const warmup = warmupBars(options);
  let updates = 0;
  let elapsed = 0;
  series.forEach((s, p) => {
    const spec = specFor(p, options, adfEvery);
    const engine = new PairEngine(spec, engineOptions);
    const feed = (t: number) => {
      engine.addLegBar('x', candle(spec.symbolX, t, s.x[t] as number));
      return engine.addLegBar('y', candle(spec.symbolY, t, s.y[t] as number)).length;
    };
    for (let t = 0; t < warmup; t++) feed(t);
    const started = performance.now();
    for (let t = warmup; t < warmup + bars; t++) updates += feed(t);
    elapsed += performance.now() - started;
  });
  return rate(adfEvery, updates, elapsed / 1000);
}

export function sameWorkState(options: PairsBenchOptions) {
  return createRollingPairState({
    olsWindow: options.window,
    zScoreWindow: options.zWindow,
    corrWindow: options.window,
    kalman: null,
  });
}

export function sameWorkRun(
  series: readonly Series[],
  options: PairsBenchOptions,
  adfEvery: number,
  bars: number,
): UpdatesRun {
  const warmup = warmupBars(options);
  let updates = 0;
  let elapsed = 0;
  for (const s of series) {
    const state = sameWorkState(options);
    for (let t = 0; t < warmup; t++) state.update(s.x[t] as number, s.y[t] as number);
    const started = performance.now();
    for (let t = warmup; t < warmup + bars; t++) {
      const figures = state.update(s.x[t] as number, s.y[t] as number);
      if (figures.bar % adfEvery === 0) state.adf({ regression: 'c', autoLag: 'AIC' });
      updates += 1;
    }
    elapsed += performance.now() - started;
  }
  return rate(adfEvery, updates, elapsed / 1000);
}

function rate(adfEvery: number, updates: number, seconds: number): UpdatesRun {
  return {
    adfEvery,
    updates,
    seconds: Math.round(seconds * 1000) / 1000,
    updatesPerSec: Math.round(updates / seconds),
  };
}

/** The window residual the tests run on, at steady state: the ADF cost's input. */
function adfSeries(s: Series, options: PairsBenchOptions): Float64Array {
  const state = sameWorkState(options);
  for (let t = 0; t < warmupBars(options); t++) state.update(s.x[t] as number, s.y[t] as number);
  const spread = state.testSpread();
  if (spread.value === null) throw new Error(`no test spread: ${spread.reason}`);
  return spread.value;
}

function adfMicros(series: Float64Array, repeats: number): number {
  adfTest(series, { regression: 'c', autoLag: 'AIC' });
  const started = performance.now();
  for (let i = 0; i < repeats; i++) adfTest(series, { regression: 'c', autoLag: 'AIC' });
  return Math.round(((performance.now() - started) / repeats) * 1000 * 10) / 10;
}

/** The whole pair stage: pair bars from the log, through PairEngine, to ClickHouse and topics. */
async function stageRun(series: readonly Series[], options: PairsBenchOptions, adfEvery: number) {
  const { log, close } = await openEventLog('embedded', undefined);
  const ch = await openClickHouse('bench_pairs');
  try {
    await log.createTopics(topicSpecs());
    const specs = series.map((_, p) => specFor(p, options, adfEvery));
    const bars = series[0]?.x.length ?? 0;
    for (let t0 = 0; t0 < bars; t0 += 100) {
      const records = [];
      for (let t = t0; t < Math.min(bars, t0 + 100); t++) {
        for (const [p, spec] of specs.entries()) {
          const s = series[p] as Series;
          const id = pairId(spec);
          for (const bar of [
            { leg: 'x', candle: candle(spec.symbolX, t, s.x[t] as number) },
            { leg: 'y', candle: candle(spec.symbolY, t, s.y[t] as number) },
          ] as const) {
            const value: PairBar = { type: 'pair-bar', pairId: id, ...bar };
            records.push({ key: id, value: JSON.stringify(value) });
          }
        }
      }
      await log.produce(TOPICS.pairBars.name, records);
    }
    const metrics = createMetricsRegistry({ role: 'bench' });
    const processor = buildProcessor(pairProcessor, {
      eventLog: log,
      clickhouse: ch.client,
      logger: silentLogger,
      pairs: specs,
      metrics,
    });
    const started = performance.now();
    await processor.start();
    await processor.drained();
    const seconds = (performance.now() - started) / 1000;
    await processor.stop();
    const flush = await histogram(metrics, 'tickstream_processor_flush_seconds');
    const expected = specs.length * bars;
    if (processor.counters.bars !== expected) {
      throw new Error(`the pair stage made ${processor.counters.bars} of ${expected} bars`);
    }
    return {
      ...rate(adfEvery, processor.counters.bars, seconds),
      rowsWritten: processor.counters.analyticsWritten,
      flushSeconds: Math.round(flush.sum * 1000) / 1000,
    };
  } finally {
    await closeClickHouse(ch);
    await close();
  }
}

interface PythonOutput {
  readonly python: string;
  readonly statsmodels: string;
  readonly numpy: string;
  readonly runs: ReadonlyArray<UpdatesRun & { readonly lastOfLastPair: PythonBar }>;
  readonly adf: { readonly microsPerCall: number; readonly statistic: number };
}

interface PythonBar {
  readonly bar: number;
  readonly beta: number;
  readonly alpha: number;
  readonly rSquared: number;
  readonly stdError: number;
  readonly zScore: number | null;
  readonly correlation: number;
  readonly returnCorrelation: number;
  readonly adf: { readonly statistic: number; readonly pValue: number } | null;
}

export function runPython(
  series: readonly Series[],
  options: PairsBenchOptions,
  adfSample: Float64Array,
) {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-bench-pairs-'));
  try {
    const input = join(dir, 'input.json');
    writeFileSync(
      input,
      JSON.stringify({
        window: options.window,
        zWindow: options.zWindow,
        corrWindow: options.window,
        warmup: warmupBars(options),
        pairs: series.map((s) => ({ x: [...s.x], y: [...s.y] })),
        runs: [
          { adfEvery: 1, bars: options.pyBarsEveryBar },
          { adfEvery: 10, bars: options.pyBarsEvery10 },
        ],
        adfSeries: [...adfSample],
        adfRepeats: Math.max(5, Math.round(options.adfRepeats / 20)),
      }),
    );
    const script = join(__dirname, '..', 'scripts', 'pairs_statsmodels.py');
    const run = spawnSync('/usr/bin/python3', [script, input], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.error || run.status !== 0) {
      throw new Error(
        `python3 ${script} failed (is python3-statsmodels installed? apt-get install -y python3-statsmodels): ` +
          `${run.error?.message ?? run.stderr}`,
      );
    }
    return JSON.parse(run.stdout) as PythonOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** tickstream's figures on the bar the Python run ended on, against statsmodels'. */
function maxRelativeDifference(series: Series, options: PairsBenchOptions, py: PythonBar): number {
  const state = sameWorkState(options);
  let figures = state.update(series.x[0] as number, series.y[0] as number);
  for (let t = 1; t <= py.bar; t++)
    figures = state.update(series.x[t] as number, series.y[t] as number);
  const adf = state.adf({ regression: 'c', autoLag: 'AIC' });
  const pairs: Array<[number | null, number | null]> = [
    [figures.beta, py.beta],
    [figures.alpha, py.alpha],
    [figures.rSquared, py.rSquared],
    [figures.residStd, py.stdError],
    [figures.zScore, py.zScore],
    [figures.corrPrices, py.correlation],
    [figures.corrLogReturns, py.returnCorrelation],
  ];
  if (py.adf) {
    pairs.push([adf.value?.statistic ?? null, py.adf.statistic]);
    pairs.push([adf.value?.pValue ?? null, py.adf.pValue]);
  }
  let worst = 0;
  for (const [mine, theirs] of pairs) {
    if (mine === null || theirs === null) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(mine - theirs) / Math.max(Math.abs(theirs), 1e-300));
  }
  return worst;
}

export async function benchPairs(options: PairsBenchOptions): Promise<PairsBenchResult> {
  const longest = Math.max(
    options.barsEveryBar,
    options.barsEvery10,
    options.pyBarsEveryBar,
    options.pyBarsEvery10,
  );
  const series = pairSeries(options.pairs, warmupBars(options) + longest);
  // Once unmeasured, so the JIT has compiled the hot paths before any timed run.
  sameWorkRun(series.slice(0, 2), options, 1, Math.min(50, longest));
  engineRun(series.slice(0, 2), options, 1, Math.min(50, longest));
  const engine = [
    engineRun(series, options, 1, options.barsEveryBar),
    engineRun(series, options, 10, options.barsEvery10),
  ];
  const sameWork = [
    sameWorkRun(series, options, 1, options.barsEveryBar),
    sameWorkRun(series, options, 10, options.barsEvery10),
  ];
  const sample = adfSeries(series[0] as Series, options);
  const adf = adfMicros(sample, options.adfRepeats);
  const stage = options.stage ? await stageRun(series, options, 10) : null;
  let python: PairsBenchResult['python'] = null;
  if (options.python) {
    const py = runPython(series, options, sample);
    const last = py.runs[0]?.lastOfLastPair;
    const ratio = (mine: UpdatesRun | undefined, theirs: UpdatesRun | undefined) =>
      mine && theirs ? Math.round((mine.updatesPerSec / theirs.updatesPerSec) * 10) / 10 : NaN;
    python = {
      versions: `Python ${py.python}, statsmodels ${py.statsmodels}, numpy ${py.numpy}`,
      runs: py.runs.map(({ adfEvery, updates, seconds, updatesPerSec }) => ({
        adfEvery,
        updates,
        seconds: Math.round(seconds * 1000) / 1000,
        updatesPerSec: Math.round(updatesPerSec),
      })),
      adfMicros: Math.round(py.adf.microsPerCall),
      maxRelativeDifference: last
        ? maxRelativeDifference(series[series.length - 1] as Series, options, last)
        : NaN,
      ratios: {
        '1': ratio(sameWork[0], py.runs[0]),
        '10': ratio(sameWork[1], py.runs[1]),
        adf: Math.round((py.adf.microsPerCall / adf) * 10) / 10,
      },
    };
  }
  return {
    pairs: options.pairs,
    window: options.window,
    zWindow: options.zWindow,
    engine,
    sameWork,
    adfMicros: adf,
    stage,
    python,
  };
}

export function pairsMarkdown(r: PairsBenchResult): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const find = (runs: readonly UpdatesRun[] | undefined, every: number) =>
    runs?.find((x) => x.adfEvery === every);
  const cell = (run: UpdatesRun | undefined) => (run ? n(run.updatesPerSec) : '—');
  const lines = [
    `${r.pairs} pairs, window ${r.window} bars (OLS, correlation, tests), z-score window ${r.zWindow}.`,
    '',
    '| what | tests every bar: updates/s | tests every 10 bars: updates/s |',
    '|---|---|---|',
    `| tickstream PairEngine (all figures, Kalman, alerts; tests = ADF + Engle–Granger + half-life + Hurst) | ${cell(find(r.engine, 1))} | ${cell(find(r.engine, 10))} |`,
    `| tickstream numerics, the Python script's work (rolling OLS, z-score, 2 correlations, ADF) | ${cell(find(r.sameWork, 1))} | ${cell(find(r.sameWork, 10))} |`,
  ];
  if (r.python) {
    lines.push(
      `| statsmodels per bar over the window (${r.python.versions}) | ${cell(find(r.python.runs, 1))} | ${cell(find(r.python.runs, 10))} |`,
      `| **tickstream ÷ statsmodels** (same work) | **${r.python.ratios['1']}×** | **${r.python.ratios['10']}×** |`,
    );
  }
  if (r.stage) {
    lines.push(
      `| whole pair stage, embedded log + chDB (md.pair-bars.v1 → pair_analytics + topics; ${n(r.stage.updates)} bars incl. warm-up) | — | ${n(r.stage.updatesPerSec)} |`,
    );
  }
  lines.push(
    '',
    `ADF with autolag AIC ('c') on ${r.window} points: tickstream ${r.adfMicros} µs` +
      (r.python
        ? `, statsmodels adfuller ${n(r.python.adfMicros)} µs (**${r.python.ratios.adf}×**); ` +
          `largest relative difference between the two on the last bar's figures: ${r.python.maxRelativeDifference.toExponential(1)}`
        : ''),
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '20' },
      window: { type: 'string', default: '500' },
      'z-window': { type: 'string', default: '20' },
      'bars-every-bar': { type: 'string', default: '200' },
      'bars-every-10': { type: 'string', default: '1000' },
      'py-bars-every-bar': { type: 'string', default: '20' },
      'py-bars-every-10': { type: 'string', default: '100' },
      'adf-repeats': { type: 'string', default: '500' },
      'no-stage': { type: 'boolean', default: false },
      'no-python': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  try {
    const result = await benchPairs({
      pairs: Number(values.pairs),
      window: Number(values.window),
      zWindow: Number(values['z-window']),
      barsEveryBar: Number(values['bars-every-bar']),
      barsEvery10: Number(values['bars-every-10']),
      pyBarsEveryBar: Number(values['py-bars-every-bar']),
      pyBarsEvery10: Number(values['py-bars-every-10']),
      adfRepeats: Number(values['adf-repeats']),
      stage: !values['no-stage'],
      python: !values['no-python'],
    });
    console.log(values.json ? JSON.stringify(result) : pairsMarkdown(result));
  } finally {
    removeChdbDir();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
