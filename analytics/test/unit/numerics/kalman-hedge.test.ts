import { createKalmanHedge, fitOls, type KalmanHedgeEstimate } from '../../../src/numerics';
import { valueOf } from './helpers/maybe';
import { createRng, gbmPath } from './helpers/prng';

function run(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  delta: number,
): (KalmanHedgeEstimate | null)[] {
  const k = createKalmanHedge({ delta });
  return Array.from({ length: x.length }, (_, i) => k.update(x[i] as number, y[i] as number).value);
}

describe('Kalman hedge ratio', () => {
  const rng = createRng(61);
  const n = 5000;
  const x = gbmPath(rng, n, 3000, 0.0025);
  const y = x.map((v) => 2.5 + 1.7 * v + 4 * rng.normal());
  const ols = valueOf(fitOls(x, y), 'ols');

  test('with δ = 0 is recursive least squares: it ends on the full-sample OLS β and α', () => {
    // Only the diffuse prior (κ = 1e10) separates them: a ridge term x₀²/κ against Sxx ≈ 2e8,
    // a relative pull of ~5e-12; rounding through 5000 updates stays far below 1e-9.
    const last = run(x, y, 0).at(-1);
    expect(Math.abs((last?.beta ?? NaN) / ols.beta - 1)).toBeLessThan(1e-9);
    expect(Math.abs((last?.alpha ?? NaN) - ols.alpha)).toBeLessThan(
      1e-9 * Math.abs(ols.beta * x[0]!),
    );
  });

  test('converges to the OLS β on a stationary relation (within two OLS standard errors)', () => {
    for (const delta of [1e-4, 1e-3]) {
      const last = run(x, y, delta).at(-1);
      expect(Math.abs((last?.beta ?? NaN) - ols.beta)).toBeLessThan(
        2 * ols.betaSe * Math.sqrt(1 + delta * n),
      );
    }
  });

  test('tracks a step change in β within about ten memories (10/δ bars)', () => {
    const r2 = createRng(62);
    const m = 6000;
    const step = 3000;
    const delta = 1e-2;
    const x2 = gbmPath(r2, m, 3000, 0.0025);
    const y2 = x2.map((v, i) => (i < step ? 1.5 : 2.0) * v + 4 * r2.normal());
    const estimates = run(x2, y2, delta);
    const memory = Math.round(1 / delta);
    // The statistical precision of a discounted fit is about that of OLS on its last 1/δ bars.
    const seAt = (i: number) =>
      valueOf(fitOls(x2.subarray(i - memory + 1, i + 1), y2.subarray(i - memory + 1, i + 1)), 'ols')
        .betaSe;
    const before = step - 1;
    expect(Math.abs((estimates[before]?.beta ?? NaN) - 1.5)).toBeLessThan(5 * seAt(before));
    for (const i of [step + 10 * memory, m - 1]) {
      expect(Math.abs((estimates[i]?.beta ?? NaN) - 2.0)).toBeLessThan(5 * seAt(i));
    }
  });

  test('produces standardised innovations with unit variance on a stationary relation', () => {
    const z = run(x, y, 1e-3)
      .slice(200)
      .map((e) => e?.zScore ?? NaN);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    // sampling sd of a sample sd over 4800 points ≈ 0.01
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });

  test('is null until x has moved, survives a long flat stretch, and rejects non-finite bars', () => {
    const k = createKalmanHedge({ delta: 1e-2 });
    expect(k.update(3000, 5100).reason).toBe('too-few-observations');
    expect(k.update(3000, 5101).reason).toBe('too-few-observations');
    // three points: the (discounted) least-squares line through them, OLS β = 2.2
    expect(k.update(3001, 5102.7).value?.beta).toBeCloseTo(2.2, 1);
    for (let i = 0; i < 100_000; i++) {
      const e = k.update(3001, 5102.7);
      if (e.value === null || !Number.isFinite(e.value.beta))
        throw new Error(`bar ${i}: ${JSON.stringify(e)}`);
    }
    expect(k.update(NaN, 1).reason).toBe('non-finite-input');
    expect(k.bars).toBe(100_003);
  });
});
