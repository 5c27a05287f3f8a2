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

/** A plain assertion for hot loops: jest's expect() costs ~50 µs a call. */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
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

/** Mean with a correction pass: the naive sum/n of 50 prices near 5e4 is off by ~1e-11. */
function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  const m = s / v.length;
  let c = 0;
  for (let i = 0; i < v.length; i++) c += (v[i] as number) - m;
  return m + c / v.length;
}

/**
 * (y − ȳ) − β(x − x̄) at the last point, on offsets from the first point (exact for prices
 * within a factor 2, Sterbenz). The plain y − βx − α cancels at the price scale (~1e-11), and
 * even (y − ȳ) carries ȳ's half-ulp, which a β of 5e4 (a window where x moves once by a tick)
 * turns into 1e-7.
 */
function centredSpread(wx: ArrayLike<number>, wy: ArrayLike<number>, beta: number): number {
  const n = wx.length;
  const kx = wx[0] as number;
  const ky = wy[0] as number;
  const dx = Array.from({ length: n }, (_, i) => (wx[i] as number) - kx);
  const dy = Array.from({ length: n }, (_, i) => (wy[i] as number) - ky);
  return (dy[n - 1] as number) - mean(dy) - beta * ((dx[n - 1] as number) - mean(dx));
}

function centredSquares(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += ((v[i] as number) - m) ** 2;
  return s;
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
      check(f.beta === null, () => `${label} beta[${i}] before the window is full`);
      return;
    }
    const wx = x.subarray(i - w + 1, i + 1);
    const wy = y.subarray(i - w + 1, i + 1);
    const fit = valueOrNull(fitOls(wx, wy));
    const q = `${label} ols`;
    if (fit === null) {
      check(f.beta === null, () => `${label} beta[${i}] should be null`);
      oracleSpreads.push(null);
    } else {
      // β = r·σy/σx can be ~0 by chance: its rounding scales with σy/σx (the β of a perfect
      // correlation), not with β. α = ȳ − β·x̄ then inherits |x̄| times β's error and crosses 0
      // as β moves. Both keep the README's 1e-9 relative, floored at that scale.
      const mx = mean(wx);
      const betaScale = Math.max(
        Math.abs(fit.beta),
        Math.sqrt(centredSquares(wy) / centredSquares(wx)),
      );
      const betaTol = { rel: 1e-9, abs: 1e-9 * betaScale };
      const alphaTol = { rel: 1e-9, abs: 1e-9 * betaScale * Math.abs(mx) };
      expectClose(f.beta, fit.beta, betaTol, `${label} beta[${i}]`, `${q} beta`);
      expectClose(f.alpha, fit.alpha, alphaTol, `${label} alpha[${i}]`, `${q} alpha`);
      expectClose(f.rSquared, fit.rSquared, TOL.bounded, `${label} R²[${i}]`, `${q} r2`);
      // residStd/σy lies in [0, 1] like R²: the README's absolute floor for bounded
      // quantities applies to it in units of σy (an exact fit's residuals are rounding).
      const residTol = { rel: 1e-9, abs: 1e-9 * Math.sqrt(centredSquares(wy) / (w - 2)) };
      expectClose(
        f.residStd,
        fit.residStdDdof2,
        residTol,
        `${label} resid std[${i}]`,
        `${q} resid std`,
      );
      const spread = centredSpread(wx, wy, fit.beta);
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
    expectClose(
      f.rSquaredNoIntercept,
      fit0?.rSquaredUncentered ?? null,
      TOL.bounded,
      `${label} R²0[${i}]`,
      `${q} r2 (origin)`,
    );
    // y − β₀x is evaluated at the price scale, ε·|y| per residual in any float64 computation
    // (an exact fit through the origin still shows ~1e-11): 64ε·rms(y) on top of the σy floor.
    const rmsY = Math.sqrt(wy.reduce((a, v) => a + v * v, 0) / w);
    const residTol0 = {
      rel: 1e-9,
      abs: 1e-9 * Math.sqrt(centredSquares(wy) / (w - 1)) + 64 * Number.EPSILON * rmsY,
    };
    expectClose(
      f.residStdNoIntercept,
      fit0?.residStdDdof1 ?? null,
      residTol0,
      `${label} resid std0[${i}]`,
      `${q} resid std (origin)`,
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
  }, 120_000);

  test('stay equal to the two-pass values through flat stretches and a collapse of volatility', () => {
    const { x, y } = pricePairWithFlats(createRng(7), 30_000);
    expectMatchesTwoPass(
      x,
      y,
      { olsWindow: 50, zScoreWindow: 15, corrWindow: 30 },
      'flat stretches',
    );
  }, 120_000);

  test('stay equal to the two-pass values for a long window (1000 bars)', () => {
    const { x, y } = pricePair(createRng(99), 5_000);
    expectMatchesTwoPass(
      x,
      y,
      { olsWindow: 1000, zScoreWindow: 300, corrWindow: 1000 },
      'long window',
    );
  }, 120_000);
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
        const g = yx[i];
        check(
          f.corrPrices === g?.corrPrices,
          () => `corr[${i}] ${f.corrPrices} vs ${g?.corrPrices}`,
        );
        check(
          f.corrLogReturns === g?.corrLogReturns,
          () => `log corr[${i}] ${f.corrLogReturns} vs ${g?.corrLogReturns}`,
        );
        for (const c of [f.corrPrices, f.corrLogReturns]) {
          check(c === null || (c >= -1 && c <= 1), () => `corr[${i}] = ${c}`);
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
    'rSquaredNoIntercept',
    'residStdNoIntercept',
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
        if (v === null)
          check(f.reasons[k] !== undefined, () => `bar ${f.bar}: ${k} null without a reason`);
        else {
          check(Number.isFinite(v), () => `bar ${f.bar}: ${k} = ${v}`);
          check(f.reasons[k] === undefined, () => `bar ${f.bar}: ${k} has a value and a reason`);
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
