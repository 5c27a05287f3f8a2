// Pair screener benchmark (issue 15): every pair of a synthetic universe, on one core.
// 1. Screener updates/s, unpaced, at 100 symbols (4,950 pairs) and 50 (1,225): every pair's
//    bar update and its tests (Engle–Granger both ways, ADF of the spread, half-life, Hurst)
//    with the rolling tests (PairScreener), against the same row from the window refit
//    (cointTest ×2, adfTest, halfLife, hurstExponent on the window's arrays), interleaved.
// 2. Keep-up runs at replay speed: bars due on a wall-clock schedule, the screener fed when
//    each is due; per bar its step time and its lag (done − due), the CPU share over the run.
//    100 symbols at 1m bars replayed at 30× (a bar every 2 s), tests every bar; 50 symbols at
//    1s bars in real time, tests every bar.
// Usage: npx tsc -b bench && node bench/dist/screener-bench.js [--minutes N] [--json]
//        [--live-bars N] [--refit-pairs N] [--rounds N]

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  adfTest,
  cointTest,
  fitOls,
  halfLife,
  hurstExponent,
  PairScreener,
  spreadSeries,
  type ScreenerStep,
} from '@tickstream/analytics';
import { pairScreenRow, type Interval, type ScreenerSpec } from '@tickstream/schema';

interface Options {
  readonly minutes: number;
  readonly liveBars: number;
  readonly refitPairs: number;
  readonly rounds: number;
}

const WINDOW = 500;

/** Seeded normals (mulberry32 + Box–Muller): the same universe every run. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-300)) * Math.cos(2 * Math.PI * uniform());
}

/** Closes of `symbols` symbols over `bars` bars: a tenth cointegrated with another, the rest random walks. */
function universe(symbols: number, bars: number): { names: string[]; closes: Float64Array[] } {
  const normal = normals(symbols);
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, '0')}USDT`);
  const closes = names.map(() => new Float64Array(bars));
  const planted = Math.floor(symbols / 10);
  for (let i = 0; i < symbols; i++) {
    const c = closes[i] as Float64Array;
    if (i < planted) continue;
    let p = 10 + i * 3;
    for (let t = 0; t < bars; t++) {
      p *= Math.exp(normal() * 0.002);
      c[t] = Math.round(p * 1e4) / 1e4;
    }
  }
  for (let i = 0; i < planted; i++) {
    const x = closes[planted + i] as Float64Array;
    const c = closes[i] as Float64Array;
    let ou = 0;
    for (let t = 0; t < bars; t++) {
      ou = 0.8 * ou + normal() * 0.01;
      c[t] = Math.round((1.5 * (x[t] as number) + 2 + ou) * 1e4) / 1e4;
    }
  }
  return { names, closes };
}

const spec = (symbols: string[], interval: Interval, testEvery: number): ScreenerSpec => ({
  symbols,
  interval,
  window: WINDOW,
  zScoreWindow: 60,
  testEvery,
  maxWaitMs: 60_000,
});

const STEP = { '1s': 1_000, '1m': 60_000 } as const;

/** A screener warmed with `warm` bars of history (no tests), ready for live bars. */
function warmScreener(
  u: ReturnType<typeof universe>,
  interval: '1s' | '1m',
  testEvery: number,
  warm: number,
): PairScreener {
  const s = new PairScreener({ spec: spec(u.names, interval, testEvery) });
  const ignore = (_: ScreenerStep) => undefined;
  for (let t = 0; t < warm; t++)
    for (let i = 0; i < u.names.length; i++)
      s.add(u.names[i] as string, t * STEP[interval], u.closes[i]?.[t] as number, false, 0, ignore);
  return s;
}

/** Feeds bar `t` of every symbol live; returns the rows (serialized as the stage writes them). */
function liveBar(
  s: PairScreener,
  u: ReturnType<typeof universe>,
  interval: '1s' | '1m',
  t: number,
) {
  let rows = 0;
  let bytes = 0;
  const onStep = (step: ScreenerStep) => {
    rows += step.rows.length;
    bytes += JSON.stringify(step.rows.map(pairScreenRow)).length;
  };
  for (let i = 0; i < u.names.length; i++)
    s.add(u.names[i] as string, t * STEP[interval], u.closes[i]?.[t] as number, true, 0, onStep);
  // the universe bar t closes when the next one arrives: close it now, as the stage's timer does
  s.tick(Number.MAX_SAFE_INTEGER, onStep);
  return { rows, bytes };
}

/** The window refit of one pair's row: what PairScreener's tests replace. */
function refitRow(x: Float64Array, y: Float64Array): number {
  const fit = fitOls(x, y).value;
  if (fit === null) return 0;
  const spread = spreadSeries(x, y, fit.beta, fit.alpha);
  let sum = 0;
  sum += cointTest(y, x).value?.pValue ?? 0;
  sum += cointTest(x, y).value?.pValue ?? 0;
  sum += adfTest(spread).value?.pValue ?? 0;
  sum += halfLife(spread).value?.lambda ?? 0;
  sum += hurstExponent(spread).value?.hurst ?? 0;
  return sum;
}

interface Throughput {
  readonly symbols: number;
  readonly pairs: number;
  /** Pair updates with tests per second, rolling (every pair, live bars). */
  readonly rollingPerSec: number[];
  /** The same with the window refit (a sample of pairs). */
  readonly refitPerSec: number[];
  /** ms for one bar of every pair without tests (the state update alone). */
  readonly updateOnlyMs: number[];
  heapMb: number;
}

function throughput(symbols: number, options: Options): Throughput {
  const bars = WINDOW + 40 + options.liveBars;
  const u = universe(symbols, bars);
  const pairs = (symbols * (symbols - 1)) / 2;
  const out: Throughput = {
    symbols,
    pairs,
    rollingPerSec: [],
    refitPerSec: [],
    updateOnlyMs: [],
    heapMb: 0,
  };
  for (let round = 0; round < options.rounds; round++) {
    // rolling: every pair tested every live bar
    const s = warmScreener(u, '1m', 1, WINDOW + 40);
    let tested = 0;
    const t0 = performance.now();
    for (let t = WINDOW + 40; t < bars; t++) tested += liveBar(s, u, '1m', t).rows;
    out.rollingPerSec.push(tested / ((performance.now() - t0) / 1_000));
    out.heapMb = Math.max(out.heapMb, process.memoryUsage().heapUsed / 2 ** 20);
    // the state update alone: a screener whose tests are not due on these bars
    const quiet = warmScreener(u, '1m', 1_000_000, WINDOW + 40);
    const t1 = performance.now();
    for (let t = WINDOW + 40; t < bars; t++) liveBar(quiet, u, '1m', t);
    out.updateOnlyMs.push((performance.now() - t1) / options.liveBars);
    // refit: the same rows for a sample of pairs on their window arrays (plus the update cost)
    const sample = Math.min(options.refitPairs, pairs);
    let done = 0;
    const t2 = performance.now();
    for (let k = 0; k < sample; k++) {
      const i = k % symbols;
      const j = (i + 1 + Math.floor(k / symbols)) % symbols;
      const t = bars - 1;
      const x = (u.closes[i] as Float64Array).subarray(t - WINDOW + 1, t + 1);
      const y = (u.closes[j] as Float64Array).subarray(t - WINDOW + 1, t + 1);
      if (refitRow(x, y) !== 0) done += 1;
    }
    const refitMs = performance.now() - t2 + (out.updateOnlyMs.at(-1) ?? 0) * (sample / pairs);
    out.refitPerSec.push(done / (refitMs / 1_000));
  }
  return out;
}

interface KeepUp {
  readonly name: string;
  readonly symbols: number;
  readonly pairs: number;
  readonly periodMs: number;
  readonly bars: number;
  readonly rowsPerSec: number;
  readonly stepMs: { median: number; p99: number; max: number };
  readonly lagMs: { max: number; last: number; p99: number };
  /** Share of one core the screener used over the run (its busy time / wall time). */
  readonly cpuShare: number;
  readonly heapMb: number;
  readonly load: readonly number[];
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function keepUp(
  name: string,
  symbols: number,
  interval: '1s' | '1m',
  periodMs: number,
  minutes: number,
): Promise<KeepUp> {
  const bars = Math.ceil((minutes * 60_000) / periodMs);
  const u = universe(symbols, WINDOW + 40 + bars);
  const s = warmScreener(u, interval, 1, WINDOW + 40);
  const steps: number[] = [];
  const lags: number[] = [];
  let rows = 0;
  let busy = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < bars; k++) {
    const due = started + k * periodMs;
    await sleep(due - performance.now());
    const t0 = performance.now();
    rows += liveBar(s, u, interval, WINDOW + 40 + k).rows;
    const done = performance.now();
    steps.push(done - t0);
    lags.push(done - due);
    busy += done - t0;
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return {
    name,
    symbols,
    pairs: (symbols * (symbols - 1)) / 2,
    periodMs,
    bars,
    rowsPerSec: rows / (wall / 1_000),
    stepMs: { median: quantile(steps, 0.5), p99: quantile(steps, 0.99), max: Math.max(...steps) },
    lagMs: { max: Math.max(...lags), last: lags.at(-1) ?? 0, p99: quantile(lags, 0.99) },
    cpuShare: Math.max(busy / wall, (cpu.user + cpu.system) / 1_000 / wall),
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    load: loadavg(),
  };
}

const median = (xs: readonly number[]) => quantile(xs, 0.5);
const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const f1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      'live-bars': { type: 'string', default: '3' },
      'refit-pairs': { type: 'string', default: '300' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const options: Options = {
    minutes: Number(values.minutes),
    liveBars: Number(values['live-bars']),
    refitPairs: Number(values['refit-pairs']),
    rounds: Number(values.rounds),
  };
  const loadBefore = loadavg();
  const t100 = throughput(100, options);
  const t50 = throughput(50, options);
  const runs = [
    await keepUp(
      '100 symbols, 1m bars at 30× (a bar every 2 s), tests every bar',
      100,
      '1m',
      2_000,
      options.minutes,
    ),
    await keepUp(
      '50 symbols, 1s bars in real time, tests every bar',
      50,
      '1s',
      1_000,
      options.minutes,
    ),
  ];
  const loadAfter = loadavg();
  if (values.json) {
    console.log(JSON.stringify({ options, throughput: [t100, t50], runs, loadBefore, loadAfter }));
    return;
  }
  console.log(`## Screener (issue 15)\n`);
  console.log(
    `\`node bench/dist/screener-bench.js --minutes ${options.minutes}\`, window ${WINDOW}, ${new Date().toISOString()}, load average before ${loadBefore.map(f1).join(' / ')}, after ${loadAfter.map(f1).join(' / ')}.\n`,
  );
  console.log(
    '| universe | pairs | screener updates/s with tests (rolling) | window refit | rolling ÷ refit | one bar of every pair, no tests |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const t of [t100, t50])
    console.log(
      `| ${t.symbols} symbols | ${f0(t.pairs)} | ${f0(median(t.rollingPerSec))} (${t.rollingPerSec.map(f0).join(', ')}) | ${f0(median(t.refitPerSec))} | ${f1(median(t.rollingPerSec) / median(t.refitPerSec))}× | ${f1(median(t.updateOnlyMs))} ms |`,
    );
  console.log(
    '\n| keep-up run | bars | step ms median / p99 / max | lag ms p99 / max / last | CPU share of one core | rows/s | heap MB | load after |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of runs)
    console.log(
      `| ${r.name} | ${r.bars} | ${f0(r.stepMs.median)} / ${f0(r.stepMs.p99)} / ${f0(r.stepMs.max)} | ${f0(r.lagMs.p99)} / ${f0(r.lagMs.max)} / ${f0(r.lagMs.last)} | ${f0(r.cpuShare * 100)} % | ${f0(r.rowsPerSec)} | ${f0(r.heapMb)} | ${r.load.map(f1).join(' / ')} |`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
