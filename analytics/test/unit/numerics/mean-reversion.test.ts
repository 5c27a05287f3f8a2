import { halfLife, hurstExponent } from '../../../src/numerics';
import { valueOf } from './helpers/maybe';
import { ar1Path, createRng, integratedAr1Path } from './helpers/prng';

describe('half-life', () => {
  test('recovers λ = φ − 1 of an AR(1) spread within four standard errors', () => {
    for (const [seed, phi] of [
      [41, 0.85],
      [42, 0.95],
      [43, 0.5],
    ] as const) {
      const r = valueOf(halfLife(ar1Path(createRng(seed), 3000, phi, 1)), 'halfLife');
      expect(Math.abs(r.lambda - (phi - 1))).toBeLessThan(4 * r.lambdaSe);
      expect(r.halfLife).toBeCloseTo(-Math.LN2 / r.lambda, 12);
      expect(r.nobs).toBe(2999);
    }
  });

  test('is null with no-mean-reversion when λ ≥ 0 (an explosive spread), keeping λ itself', () => {
    const rng = createRng(44);
    const s = [1];
    for (let i = 1; i < 300; i++) s.push(1.02 * (s[i - 1] as number) + rng.normal());
    const r = valueOf(halfLife(s), 'halfLife');
    expect(r.lambda).toBeGreaterThan(0);
    expect(r.halfLife).toBeNull();
    expect(r.reasons.halfLife).toBe('no-mean-reversion');
  });

  test('is null with a reason for constant, non-finite or too short input', () => {
    expect(halfLife(new Array(30).fill(2)).reason).toBe('zero-variance');
    expect(halfLife([1, 2, Infinity, 3, 4]).reason).toBe('non-finite-input');
    expect(halfLife([1, 2, 3]).reason).toBe('too-few-observations');
  });
});

describe('Hurst exponent (variogram of the level, lags 2..20)', () => {
  // Tolerances from 1000 seeds of each process at n = 2000 (scratch Monte Carlo):
  // random walk H = 0.499 ± 0.025 (sd), AR(1) φ = 0.85 H = 0.255 ± 0.022,
  // persistent walk (AR(1) increments, φ = 0.5) H = 0.619 ± 0.024. The bounds below sit
  // four or more standard deviations from those means.
  const n = 2000;

  test('is about 0.5 for a random walk', () => {
    for (const seed of [51, 52, 53]) {
      const h = valueOf(hurstExponent(integratedAr1Path(createRng(seed), n, 0, 1)), 'hurst').hurst;
      expect(Math.abs(h - 0.5)).toBeLessThan(0.1);
    }
  });

  test('is well below 0.5 for a strongly mean-reverting spread', () => {
    for (const seed of [54, 55, 56]) {
      expect(
        valueOf(hurstExponent(ar1Path(createRng(seed), n, 0.85, 1)), 'hurst').hurst,
      ).toBeLessThan(0.4);
    }
  });

  test('is above 0.5 for a trending (persistent) series', () => {
    for (const seed of [57, 58, 59]) {
      const h = valueOf(
        hurstExponent(integratedAr1Path(createRng(seed), n, 0.5, 1)),
        'hurst',
      ).hurst;
      expect(h).toBeGreaterThan(0.52);
    }
  });

  test('is exact for a pure power law: a straight line has H = 1', () => {
    const line = Array.from({ length: 200 }, (_, i) => 3 + 0.25 * i);
    const r = valueOf(hurstExponent(line), 'hurst');
    expect(r.hurst).toBeCloseTo(1, 12);
    expect(r.fitRSquared).toBeCloseTo(1, 12);
  });

  test('shrinks the largest lag for short series and is null below three lags', () => {
    const short = integratedAr1Path(createRng(60), 12, 0, 1);
    expect(valueOf(hurstExponent(short), 'hurst').maxLag).toBe(6);
    const tooShort = hurstExponent(short.slice(0, 7));
    expect(tooShort.reason).toBe('too-few-observations');
    expect(hurstExponent(new Array(100).fill(1.5)).reason).toBe('zero-variance');
  });
});
