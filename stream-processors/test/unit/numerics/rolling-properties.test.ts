import {
  RollingCoMoments,
  createRollingPairState,
  fitOls,
  fitOlsThroughOrigin,
  logReturnCorrelation,
  pearsonCorrelation,
  rollingPairSeries,
  rollingZScore,
  zScoreOfLast,
  type Maybe,
  type PairBarFigures,
} from '../../../src/numerics';
import { expectClose, expectFiniteOrNull, flushErrorReport } from './helpers/compare';
import { createRng, gbmPath, type Rng } from './helpers/prng';
import { TOL } from './helpers/tolerances';

afterAll(() => flushErrorReport('rolling-properties'));

function valueOrNull<T>(m: Maybe<T>): T | null {
  return m.value;
}

/** x: a price random walk around 3e4; y = a + b·x + a slowly wandering spread, so β moves. */
function pricePair(rng: Rng, n: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 30000;
  let drift = 0;
  for (let i = 0; i < n; i++) {
    px += 15 * rng.normal();
    drift = 0.995 * drift + 3 * rng.normal();
    x[i] = Math.round(px * 100) / 100;
    y[i] = Math.round((1200 + 1.8 * px + drift + 5 * rng.normal()) * 100) / 100;
  }
  return { x, y };
}

/** Same, with stretches where x or y (or both) stand still and a quiet period: 1s-bar reality. */
function pricePairWithFlats(rng: Rng, n: number): { x: Float64Array; y: Float64Array } {
  const { x, y } = pricePair(rng, n);
  for (let start = 500; start + 400 < n; start += 3000) {
    const len = 20 + Math.floor(rng.uniform() * 150);
    const which = Math.floor(rng.uniform() * 3);
    for (let i = start; i < start + len; i++) {
      if (which !== 1) x[i] = x[start] as number;
      if (which !== 0) y[i] = y[start] as number;
    }
    // a quiet stretch right after: ticks of 0.01 around the frozen level
    for (let i = start + len; i < start + len + 100; i++) {
      x[i] = Math.round(((x[start] as number) + 0.01 * Math.round(rng.normal())) * 100) / 100;
      y[i] = Math.round(((y[start] as number) + 0.01 * Math.round(rng.normal())) * 100) / 100;
    }
  }
  return { x, y };
}

/** Compares every window's incremental figures with a from-scratch two-pass computation. */
function expectMatchesTwoPass(
  x: Float64Array,
  y: Float64Array,
  options: { olsWindow: number; zScoreWindow: number; corrWindow: number },
  label: string,
): void {
  const figures = rollingPairSeries(x, y, options);
  const { olsWindow: w, zScoreWindow: zw, corrWindow: cw } = options;
  const oracleSpreads: (number | null)[] = [];
  let checked = 0;
  figures.forEach((f, i) => {
    if (i < w - 1) {
      oracleSpreads.push(null);
      expect(f.beta).toBeNull();
      return;
    }
    const wx = x.subarray(i - w + 1, i + 1);
    const wy = y.subarray(i - w + 1, i + 1);
    const fit = valueOrNull(fitOls(wx, wy));
    const q = `${label} ols`;
    if (fit === null) {
      expect(f.beta).toBeNull();
      oracleSpreads.push(null);
    } else {
      expectClose(f.beta, fit.beta, TOL.rolling, `${label} beta[${i}]`, `${q} beta`);
      expectClose(f.alpha, fit.alpha, TOL.rolling, `${label} alpha[${i}]`, `${q} alpha`);
      expectClose(f.rSquared, fit.rSquared, TOL.bounded, `${label} R²[${i}]`, `${q} r2`);
      expectClose(
        f.residStd,
        fit.residStdDdof2,
        TOL.rolling,
        `${label} resid std[${i}]`,
        `${q} resid std`,
      );
      const spread = (y[i] as number) - fit.beta * (x[i] as number) - fit.alpha;
      expectClose(f.spread, spread, TOL.spread, `${label} spread[${i}]`, `${q} spread`);
      oracleSpreads.push(spread);
    }
    const fit0 = valueOrNull(fitOlsThroughOrigin(wx, wy));
    expectClose(
      f.betaNoIntercept,
      fit0?.beta ?? null,
      TOL.rolling,
      `${label} beta0[${i}]`,
      `${q} beta0`,
    );
    const recent = oracleSpreads.slice(-zw);
    if (recent.length === zw && recent.every((s) => s !== null)) {
      expectClose(
        f.zScore,
        valueOrNull(zScoreOfLast(recent as number[])),
        TOL.bounded,
        `${label} z[${i}]`,
        `${q} z`,
      );
    }
    if (i >= cw - 1) {
      const cx = x.subarray(i - cw + 1, i + 1);
      const cy = y.subarray(i - cw + 1, i + 1);
      expectClose(
        f.corrPrices,
        valueOrNull(pearsonCorrelation(cx, cy)),
        TOL.bounded,
        `${label} corr[${i}]`,
        `${q} corr`,
      );
    }
    if (i >= cw) {
      const lx = x.subarray(i - cw, i + 1);
      const ly = y.subarray(i - cw, i + 1);
      expectClose(
        f.corrLogReturns,
        valueOrNull(logReturnCorrelation(lx, ly)),
        TOL.bounded,
        `${label} log-return corr[${i}]`,
        `${q} log-return corr`,
      );
    }
    checked += 1;
  });
  expect(checked).toBe(x.length - w + 1);
}

describe('incremental rolling figures', () => {
  test('equal a from-scratch two-pass computation on every window of 10^5 random-walk prices near 3e4', () => {
    const { x, y } = pricePair(createRng(20261124), 100_000);
    expectMatchesTwoPass(x, y, { olsWindow: 60, zScoreWindow: 20, corrWindow: 60 }, 'random walk');
  });

  test('stay equal to the two-pass values through flat stretches and a collapse of volatility', () => {
    const { x, y } = pricePairWithFlats(createRng(7), 30_000);
    expectMatchesTwoPass(
      x,
      y,
      { olsWindow: 50, zScoreWindow: 15, corrWindow: 30 },
      'flat stretches',
    );
  });

  test('stay equal to the two-pass values for a long window (1000 bars)', () => {
    const { x, y } = pricePair(createRng(99), 12_000);
    expectMatchesTwoPass(
      x,
      y,
      { olsWindow: 1000, zScoreWindow: 300, corrWindow: 1000 },
      'long window',
    );
  });
});

describe('rolling OLS', () => {
  test('recovers b from y = a + b·x + tiny noise', () => {
    const rng = createRng(1);
    const x = gbmPath(rng, 500, 3000, 0.003);
    const y = x.map((v) => 25 + 1.7 * v + 1e-6 * rng.normal());
    const figures = rollingPairSeries(x, y, { olsWindow: 60, zScoreWindow: 20, corrWindow: 60 });
    for (const f of figures.slice(59)) {
      expectClose(f.beta, 1.7, { rel: 1e-6 }, 'beta');
      expectClose(f.alpha, 25, { rel: 1e-3 }, 'alpha');
    }
    const full = fitOls(x, y);
    expect(full.value?.beta).toBeCloseTo(1.7, 8);
  });

  test('reports an exact linear relation as a perfect fit: residuals 0 and a null z-score', () => {
    const x = gbmPath(createRng(2), 200, 3000, 0.003).map((v) => Math.round(v * 4) / 4);
    const y = x.map((v) => 5 + 2 * v);
    const last = rollingPairSeries(x, y, { olsWindow: 30, zScoreWindow: 10, corrWindow: 30 }).at(
      -1,
    );
    expect(last?.beta).toBeCloseTo(2, 12);
    expect(last?.residStd).toBe(0);
    expect(last?.spread).toBe(0);
    expect(last?.zScore).toBeNull();
    expect(last?.reasons.zScore).toBe('zero-variance');
  });
});

describe('z-score', () => {
  test('of a constant spread is null with zero-variance, and its std is exactly 0', () => {
    const points = rollingZScore(new Array(50).fill(-3.25), 20);
    for (const p of points.slice(19)) {
      expect(p.z).toBeNull();
      expect(p.reason).toBe('zero-variance');
      expect(p.std).toBe(0);
      expect(p.mean).toBe(-3.25);
    }
    expect(points[18]?.reason).toBe('window-not-full');
  });

  test('restarts its window after a non-finite value, like pandas over NaN', () => {
    const s = Array.from({ length: 40 }, (_, i) => Math.sin(i));
    s[25] = NaN;
    const points = rollingZScore(s, 5);
    expect(points[25]?.reason).toBe('non-finite-input');
    expect(points.slice(26, 30).every((p) => p.reason === 'window-not-full')).toBe(true);
    expect(points[30]?.z).toBeCloseTo(zScoreOfLast(s.slice(26, 31)).value ?? NaN, 12);
  });
});

describe('correlation', () => {
  test('is symmetric in its arguments and stays within [−1, 1], also for nearly collinear prices', () => {
    const rng = createRng(3);
    const x = gbmPath(rng, 3000, 3000, 0.002);
    const cases = [
      x.map((v) => 7 + 2 * v + 1e-9 * rng.normal()),
      x.map((v) => -3 * v + 1e-9 * rng.normal()),
      gbmPath(rng, 3000, 60000, 0.002),
    ];
    for (const y of cases) {
      const xy = rollingPairSeries(x, y, { olsWindow: 40, zScoreWindow: 10, corrWindow: 40 });
      const yx = rollingPairSeries(y, x, { olsWindow: 40, zScoreWindow: 10, corrWindow: 40 });
      xy.forEach((f, i) => {
        expect(f.corrPrices).toBe(yx[i]?.corrPrices);
        expect(f.corrLogReturns).toBe(yx[i]?.corrLogReturns);
        for (const c of [f.corrPrices, f.corrLogReturns]) {
          if (c !== null) {
            expect(c).toBeGreaterThanOrEqual(-1);
            expect(c).toBeLessThanOrEqual(1);
          }
        }
      });
      expect(pearsonCorrelation(x, y).value).toBe(pearsonCorrelation(y, x).value);
    }
  });

  test('of log returns starts one bar after the price correlation and resets on a non-positive price', () => {
    const rng = createRng(4);
    const x = Array.from(gbmPath(rng, 100, 3000, 0.002));
    const y = Array.from(gbmPath(rng, 100, 60000, 0.002));
    const figures = rollingPairSeries(x, y, { olsWindow: 10, zScoreWindow: 5, corrWindow: 10 });
    expect(figures[9]?.corrPrices).not.toBeNull();
    expect(figures[9]?.reasons.corrLogReturns).toBe('window-not-full');
    expect(figures[10]?.corrLogReturns).not.toBeNull();
    y[50] = 0;
    const gapped = rollingPairSeries(x, y, { olsWindow: 10, zScoreWindow: 5, corrWindow: 10 });
    expect(gapped[50]?.reasons.corrLogReturns).toBe('non-positive-price');
    // returns 52..61 need prices 51..61
    expect(gapped[60]?.reasons.corrLogReturns).toBe('window-not-full');
    expect(gapped[61]?.corrLogReturns).not.toBeNull();
  });
});

describe('degenerate input', () => {
  const figureNames = [
    'beta',
    'alpha',
    'rSquared',
    'residStd',
    'betaNoIntercept',
    'spread',
    'spreadMean',
    'spreadStd',
    'zScore',
    'corrPrices',
    'corrLogReturns',
    'kalmanBeta',
    'kalmanAlpha',
    'kalmanZScore',
  ] as const;

  function expectNullsExplained(figures: readonly PairBarFigures[]): void {
    for (const f of figures) {
      for (const k of figureNames) {
        const v = f[k];
        if (v === null) expect(f.reasons[k]).toBeDefined();
        else {
          expect(Number.isFinite(v)).toBe(true);
          expect(f.reasons[k]).toBeUndefined();
        }
      }
    }
  }

  test('constant input gives nulls with reasons and never NaN or Infinity', () => {
    const x = new Array(120).fill(3000.1);
    const y = new Array(120).fill(60000.5);
    const figures = rollingPairSeries(x, y, { olsWindow: 30, zScoreWindow: 10, corrWindow: 30 });
    expectNullsExplained(figures);
    const last = figures.at(-1);
    expect(last?.reasons.beta).toBe('zero-variance');
    expect(last?.reasons.corrPrices).toBe('zero-variance');
    expect(last?.reasons.corrLogReturns).toBe('zero-variance');
    expect(last?.betaNoIntercept).toBeCloseTo(60000.5 / 3000.1, 12);
  });

  test('flat stretches inside moving series give nulls with reasons and never NaN or Infinity', () => {
    const { x, y } = pricePairWithFlats(createRng(11), 8000);
    const figures = rollingPairSeries(x, y, { olsWindow: 20, zScoreWindow: 10, corrWindow: 20 });
    expectNullsExplained(figures);
    for (const k of figureNames)
      expectFiniteOrNull(
        figures.map((f) => f[k]),
        k,
      );
    expect(figures.some((f) => f.reasons.beta === 'zero-variance')).toBe(true);
    expect(figures.some((f) => f.reasons.corrPrices === 'zero-variance')).toBe(true);
  });

  test('too few bars give window-not-full for every rolling figure', () => {
    const figures = rollingPairSeries([1, 2, 3], [2, 4, 7], {
      olsWindow: 5,
      zScoreWindow: 3,
      corrWindow: 5,
    });
    expectNullsExplained(figures);
    expect(figures.every((f) => f.reasons.beta === 'window-not-full')).toBe(true);
    expect(figures.every((f) => f.reasons.corrPrices === 'window-not-full')).toBe(true);
  });

  test('a non-finite bar is rejected with non-finite-input and leaves the state untouched', () => {
    const rng = createRng(5);
    const x = gbmPath(rng, 80, 3000, 0.002);
    const y = gbmPath(rng, 80, 60000, 0.002);
    const clean = createRollingPairState({ olsWindow: 20, zScoreWindow: 5, corrWindow: 20 });
    const dirty = createRollingPairState({ olsWindow: 20, zScoreWindow: 5, corrWindow: 20 });
    for (let i = 0; i < 80; i++) {
      const a = clean.update(x[i] as number, y[i] as number);
      if (i === 40) {
        const bad = dirty.update(NaN, y[i] as number);
        expect(bad.beta).toBeNull();
        expect(bad.reasons.beta).toBe('non-finite-input');
        expect(dirty.update(x[i] as number, Infinity).reasons.corrPrices).toBe('non-finite-input');
      }
      const b = dirty.update(x[i] as number, y[i] as number);
      expect(b).toEqual(a);
    }
    expect(dirty.bars).toBe(80);
  });

  test('the moments of a window of equal values are exactly zero', () => {
    const m = new RollingCoMoments(10);
    for (let i = 0; i < 30; i++) m.push(i < 15 ? 3000 + i : 3017.3, 1);
    expect(m.xConstant).toBe(true);
    expect(m.sxx).toBe(0);
    expect(m.sxy).toBe(0);
    expect(m.meanX).toBe(3017.3);
  });

  test('invalid window sizes are rejected at construction', () => {
    expect(() => createRollingPairState({ olsWindow: 2, zScoreWindow: 5, corrWindow: 5 })).toThrow(
      RangeError,
    );
    expect(() =>
      createRollingPairState({ olsWindow: 10, zScoreWindow: 1.5, corrWindow: 5 }),
    ).toThrow(RangeError);
  });
});
