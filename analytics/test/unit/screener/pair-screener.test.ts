import type { PairScreen, ScreenerSpec } from '@tickstream/schema';
import {
  adfTest,
  cointTest,
  fitOls,
  halfLife,
  hurstExponent,
  pearsonCorrelation,
  RollingPairTests,
  rollingPairSeries,
  spreadSeries,
} from '../../../src/numerics';
import { PairScreener, UniverseAligner, type UniverseBar } from '../../../src';
import { createRng } from '../numerics/helpers/prng';

const T0 = Date.UTC(2024, 6, 19);

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Both null, or within `tol` relative: as "figure@bar" so a failure names the figure. */
function expectNear(at: string, got: number | null, want: number | null | undefined, tol: number) {
  const ok =
    got === null || want === null || want === undefined
      ? got === (want ?? null)
      : rel(got, want) < tol;
  expect([at, ok, got, want]).toEqual([at, true, got, want]);
}

function collect(aligner: UniverseAligner) {
  const out: Array<{ time: number; closes: number[]; live: boolean }> = [];
  const emit = (b: UniverseBar) => out.push({ time: b.time, closes: [...b.closes], live: b.live });
  return {
    out,
    /** A bar received at wall-clock time `now` (ms). */
    add: (s: string, t: number, c: number, now = 0, live = true) =>
      aligner.add(s, t, c, live, now, emit),
    tick: (now: number) => aligner.tick(now, emit),
  };
}

describe('UniverseAligner', () => {
  // a listed universe (an open one also waits maxWaitMs at its start: tested below)
  const aligner = (symbols: string[]) =>
    new UniverseAligner({ maxWaitMs: 3_000, symbols, closed: true });

  it('closes a bar time once every symbol reached it, carrying the last close of a symbol without a bar', () => {
    const { out, add } = collect(aligner(['AAA', 'BBB']));
    add('AAA', T0, 1);
    add('BBB', T0, 10);
    add('AAA', T0 + 1_000, 2);
    add('AAA', T0 + 2_000, 3); // BBB has no bar at +1 s: it carries 10 once it moves on
    expect(out.map((b) => b.time)).toEqual([T0]);
    add('BBB', T0 + 2_000, 12);
    expect(out).toEqual([
      { time: T0, closes: [1, 10], live: true },
      { time: T0 + 1_000, closes: [2, 10], live: true },
      { time: T0 + 2_000, closes: [3, 12], live: true },
    ]);
  });

  it('gives the same bars whatever the interleaving of the symbols (partitions, a backlog, a replay)', () => {
    const bars: Array<[string, number, number]> = [];
    const rng = createRng(5);
    for (let t = 0; t < 200; t++)
      for (const s of ['AAA', 'BBB', 'CCC'])
        if (t === 0 || rng.uniform() < 0.7) bars.push([s, T0 + t * 1_000, 100 + rng.normal()]);
    const interleaved = collect(aligner(['AAA', 'BBB', 'CCC']));
    for (const [s, t, c] of bars) interleaved.add(s, t, c);
    // one symbol's bars after the other's, as a partition read in one go (within the wait)
    const oneByOne = collect(aligner(['AAA', 'BBB', 'CCC']));
    for (const s of ['CCC', 'AAA', 'BBB'])
      for (const [sym, t, c] of bars) if (sym === s) oneByOne.add(sym, t, c, 2_000);
    expect(oneByOne.out).toEqual(interleaved.out);
    expect(interleaved.out.length).toBeGreaterThan(190);
  });

  it('goes on without a symbol quiet for longer than maxWaitMs, which then carries its close', () => {
    const { out, add, tick } = collect(aligner(['AAA', 'BBB']));
    add('AAA', T0, 1, 0);
    add('BBB', T0, 10, 0);
    for (let k = 1; k <= 5; k++) add('AAA', T0 + k * 1_000, 1 + k, k * 400);
    // BBB has sent nothing for 2.5 s of wall time: still waited for
    tick(2_500);
    expect(out.map((b) => b.time - T0)).toEqual([0]);
    // 3 s: it is quiet, the bars AAA reached close with BBB's close carried
    tick(3_000);
    expect(out.map((b) => [b.time - T0, b.closes[1]])).toEqual([
      [0, 10],
      [1_000, 10],
      [2_000, 10],
      [3_000, 10],
      [4_000, 10],
      [5_000, 10],
    ]);
    // a late bar of BBB only updates the close it carries; then it is waited for again
    add('BBB', T0 + 4_000, 14, 3_100);
    add('AAA', T0 + 6_000, 7, 3_200);
    expect(out).toHaveLength(6);
    add('BBB', T0 + 6_000, 16, 3_300);
    expect(out.slice(6).map((b) => [b.time - T0, b.closes[0], b.closes[1]])).toEqual([
      [6_000, 7, 16],
    ]);
  });

  it('waits maxWaitMs at most for a known symbol never seen', () => {
    const { out, add, tick } = collect(aligner(['AAA', 'BBB']));
    add('AAA', T0, 1, 0);
    add('AAA', T0 + 1_000, 2, 1_000);
    expect(out).toEqual([]);
    tick(3_000);
    expect(out.map((b) => [b.time - T0, b.closes[0], b.closes[1]])).toEqual([
      [0, 1, Number.NaN],
      [1_000, 2, Number.NaN],
    ]);
  });

  it('lets the symbols of an open universe join for maxWaitMs before a bar closes', () => {
    const { out, add, tick } = collect(new UniverseAligner({ maxWaitMs: 3_000 }));
    // AAA's history arrives first, BBB's a second later (another partition, another request)
    for (let k = 0; k < 10; k++) add('AAA', T0 + k * 1_000, 1 + k, 0);
    add('BBB', T0, 10, 1_000);
    expect(out).toEqual([]);
    for (let k = 1; k < 10; k++) add('BBB', T0 + k * 1_000, 10 + k, 1_000);
    tick(2_999);
    expect(out).toEqual([]);
    tick(3_000);
    // AAA's last bar waits for BBB's next (both reached it): nine bars, none without BBB
    expect(out.map((b) => [b.time - T0, b.closes[0], b.closes[1]])).toEqual(
      Array.from({ length: 10 }, (_, k) => [k * 1_000, 1 + k, 10 + k]),
    );
  });

  it('marks a bar live when one of its bars is live, and ignores symbols outside a fixed universe', () => {
    const { out, add } = collect(aligner(['AAA', 'BBB']));
    add('AAA', T0, 1, 0, false);
    add('ZZZ', T0, 99);
    add('BBB', T0, 2, 0, false);
    add('AAA', T0 + 1_000, 1, 0, true);
    add('BBB', T0 + 1_000, 2, 0, false);
    expect(out.map((b) => [b.live, b.closes.length])).toEqual([
      [false, 2],
      [true, 2],
    ]);
  });
});

/** Four symbols: B = 2·A + OU, C and D independent random walks. */
function market(bars: number, seed: number) {
  const rng = createRng(seed);
  const series: Record<string, number[]> = { AAA: [], BBB: [], CCC: [], DDD: [] };
  let a = 100;
  let c = 50;
  let d = 20;
  let ou = 0;
  for (let i = 0; i < bars; i++) {
    a += rng.normal() * 0.5;
    c += rng.normal() * 0.3;
    d += rng.normal() * 0.1;
    ou = 0.8 * ou + rng.normal() * 0.4;
    series['AAA']?.push(a);
    series['BBB']?.push(2 * a + 5 + ou);
    series['CCC']?.push(c);
    series['DDD']?.push(d);
  }
  return series;
}

const spec = (over: Partial<ScreenerSpec> = {}): ScreenerSpec => ({
  symbols: ['AAA', 'BBB', 'CCC', 'DDD'],
  interval: '1s',
  window: 120,
  zScoreWindow: 30,
  testEvery: 1,
  maxWaitMs: 60_000,
  ...over,
});

function runScreener(s: ScreenerSpec, series: Record<string, number[]>, liveFrom = 0) {
  const screener = new PairScreener({ spec: s, knownSymbols: Object.keys(series) });
  const rows: PairScreen[][] = [];
  const n = series['AAA']?.length ?? 0;
  for (let i = 0; i < n; i++)
    for (const sym of Object.keys(series))
      screener.add(sym, T0 + i * 1_000, series[sym]?.[i] as number, i >= liveFrom, 0, (step) => {
        rows[i] = [...step.rows];
      });
  return { screener, rows };
}

describe('PairScreener', () => {
  const series = market(400, 11);
  const s = spec();
  const { screener, rows } = runScreener(s, series);

  it('maintains every pair of the universe, x the alphabetically first symbol', () => {
    expect(screener.pairsMaintained).toBe(6);
    expect(rows[399]?.map((r) => r.pair).sort()).toEqual([
      'BBB/AAA',
      'CCC/AAA',
      'CCC/BBB',
      'DDD/AAA',
      'DDD/BBB',
      'DDD/CCC',
    ]);
  });

  it.each([130, 257, 399])(
    'equals the window refit (coint both ways, ADF, half-life, Hurst, OLS, correlations, z) at bar %i',
    (bar) => {
      for (const row of rows[bar] ?? []) {
        const xs = (series[row.symbolX] as number[]).slice(bar - 119, bar + 1);
        const ys = (series[row.symbolY] as number[]).slice(bar - 119, bar + 1);
        const at = `${row.pair}@${bar}`;
        const yx = cointTest(ys, xs);
        const xy = cointTest(xs, ys);
        if (yx.value === null || xy.value === null) throw new Error(`${at}: refit null`);
        expect([at, rel(row.cointStatistic as number, yx.value.statistic) < 1e-8]).toEqual([
          at,
          true,
        ]);
        expect(Math.abs((row.cointPValue as number) - yx.value.pValue)).toBeLessThan(1e-9);
        expect(rel(row.cointStatisticReverse as number, xy.value.statistic)).toBeLessThan(1e-8);
        expect(Math.abs((row.cointPValueReverse as number) - xy.value.pValue)).toBeLessThan(1e-9);
        expect(row.pValue).toBe(
          Math.max(row.cointPValue as number, row.cointPValueReverse as number),
        );
        const fit = fitOls(xs, ys).value;
        if (fit === null) throw new Error(`${at}: no fit`);
        expect(rel(row.hedgeRatio as number, fit.beta)).toBeLessThan(1e-9);
        expect(rel(row.intercept as number, fit.alpha)).toBeLessThan(1e-7);
        const spread = spreadSeries(xs, ys, fit.beta, fit.alpha);
        const adf = adfTest(spread).value;
        expect(rel(row.adfStatistic as number, adf?.statistic as number)).toBeLessThan(1e-8);
        expectNear(`${at} halfLife`, row.halfLife, halfLife(spread).value?.halfLife, 1e-8);
        expect(rel(row.hurst as number, hurstExponent(spread).value?.hurst as number)).toBeLessThan(
          1e-8,
        );
        expect(
          rel(row.correlation as number, pearsonCorrelation(xs, ys).value as number),
        ).toBeLessThan(1e-9);
        // the per-bar figures are the pair view's: a fresh state over the whole series
        const view = rollingPairSeries(
          series[row.symbolX] as number[],
          series[row.symbolY] as number[],
          { olsWindow: 120, zScoreWindow: 30, corrWindow: 120 },
        )[bar];
        expectNear(`${at} zScore`, row.zScore, view?.zScore, 1e-9);
        expectNear(`${at} returnCorrelation`, row.returnCorrelation, view?.corrLogReturns, 1e-12);
        expectNear(`${at} kalmanHedgeRatio`, row.kalmanHedgeRatio, view?.kalmanBeta, 1e-12);
        expect(row.priceX).toBe(series[row.symbolX]?.[bar]);
        // a reason for exactly the null figures
        const nulls = Object.entries(row)
          .filter(([, v]) => v === null)
          .map(([k]) => k);
        expect(Object.keys(row.nullReasons).sort()).toEqual(nulls.sort());
      }
    },
  );

  it('finds the planted pair: BBB/AAA has the smallest p-value, a half-life near the OU one', () => {
    const last = [...(rows[399] ?? [])].sort((a, b) => (a.pValue as number) - (b.pValue as number));
    expect(last[0]?.pair).toBe('BBB/AAA');
    // φ = 0.8 at n = 120: τ ≈ −√(n(1−φ)/(1+φ)) = −3.65, a p-value of order 1e-2 or below
    expect(last[0]?.pValue as number).toBeLessThan(0.01);
    expect(last[1]?.pValue as number).toBeGreaterThan(0.05);
    // φ = 0.8: half-life −ln 2/(φ − 1) = 3.47 bars; sampling sd at n = 120 ≈ ln2/(1−φ)²·√((1−φ²)/n) = 0.95
    expect(Math.abs((last[0]?.halfLife as number) - 3.47)).toBeLessThan(4 * 0.95);
    expect(last[0]?.hedgeRatio as number).toBeCloseTo(2, 1);
  });

  it('gives null figures with their reasons before the window is full', () => {
    const early = rows[50]?.[0];
    expect(early?.pValue).toBeNull();
    expect(early?.nullReasons['cointPValue']).toBe('window-not-full');
    expect(early?.nullReasons['pValue']).toBe('window-not-full');
    expect(early?.nullReasons['hedgeRatio']).toBe('window-not-full');
  });

  it('tests each pair once every testEvery bars, spread over the bars, and never on history bars', () => {
    const every = 7;
    const run = runScreener(spec({ testEvery: every }), series, 200);
    const seen = new Map<string, number[]>();
    run.rows.forEach((bar, i) =>
      bar?.forEach((r) => seen.set(r.pair, [...(seen.get(r.pair) ?? []), i])),
    );
    expect(seen.size).toBe(6);
    for (const [pair, bars] of seen) {
      expect([pair, (bars[0] as number) >= 200]).toEqual([pair, true]);
      for (let k = 1; k < bars.length; k++)
        expect((bars[k] as number) - (bars[k - 1] as number)).toBe(every);
    }
    // the same rows as testing every bar, at the bars tested
    for (const [pair, bars] of seen)
      for (const bar of bars.slice(-2))
        expect(run.rows[bar]?.find((r) => r.pair === pair)).toEqual(
          rows[bar]?.find((r) => r.pair === pair),
        );
  });
});

describe('RollingPairTests, x on y', () => {
  it('equals cointTest(x, y) at every bar, a flat and an exactly collinear stretch included', () => {
    const rng = createRng(21);
    const w = 80;
    const tests = new RollingPairTests({ window: w });
    const xs: number[] = [];
    const ys: number[] = [];
    let x = 300;
    let noise = 0;
    for (let i = 0; i < 600; i++) {
      x += i > 200 && i < 300 ? 0 : rng.normal();
      noise = 0.7 * noise + rng.normal() * 0.5;
      xs.push(x);
      ys.push(i > 400 && i < 500 ? 0.5 * x + 3 : 0.5 * x + 3 + noise);
      tests.update(x, ys[i] as number);
      if (i < w - 1) continue;
      const got = tests.coint({}, true);
      const want = cointTest(xs.slice(-w), ys.slice(-w));
      if (want.value === null || got.value === null) {
        expect([i, got.value === null ? got.reason : 'value']).toEqual([
          i,
          want.value === null ? want.reason : 'value',
        ]);
        continue;
      }
      expect([i, rel(got.value.statistic, want.value.statistic) < 1e-8]).toEqual([i, true]);
      expect([i, rel(got.value.firstStage.beta, want.value.firstStage.beta) < 1e-9]).toEqual([
        i,
        true,
      ]);
    }
  });
});
