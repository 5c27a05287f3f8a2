import {
  adfTest,
  cointTest,
  erf,
  erfc,
  mackinnonCriticalValues,
  mackinnonPValue,
  normalCdf,
} from '../../../src/numerics';
import { valueOf } from './helpers/maybe';
import { ar1Path, createRng, gbmPath, integratedAr1Path } from './helpers/prng';

describe('ADF test', () => {
  const stationary = ar1Path(createRng(21), 500, 0.5, 1);
  const randomWalk = integratedAr1Path(createRng(22), 500, 0, 1);

  test('rejects a unit root for a stationary AR(1) and not for a random walk', () => {
    expect(valueOf(adfTest(stationary), 'adf').pValue).toBeLessThan(0.01);
    expect(valueOf(adfTest(randomWalk), 'adf').pValue).toBeGreaterThan(0.05);
  });

  test("accepts 'nc' as the old name of 'n' and gives identical results", () => {
    for (const autoLag of ['AIC', 'BIC', 't-stat', null] as const) {
      expect(adfTest(stationary, { regression: 'nc', autoLag })).toEqual(
        adfTest(stationary, { regression: 'n', autoLag }),
      );
    }
  });

  test('takes autolag names in any case, as statsmodels lower-cases them', () => {
    expect(adfTest(stationary, { autoLag: 'bic' })).toEqual(
      adfTest(stationary, { autoLag: 'BIC' }),
    );
  });

  test('uses exactly maxLag lags without autolag and n − 1 − usedLag observations', () => {
    for (const regression of ['c', 'ct', 'n'] as const) {
      const r = valueOf(adfTest(randomWalk, { regression, maxLag: 4, autoLag: null }), 'adf');
      expect(r.usedLag).toBe(4);
      expect(r.nobs).toBe(500 - 1 - 4);
      expect(r.icbest).toBeNull();
      expect(r.search).toBeNull();
      expect(r.params).toHaveLength(1 + 4 + (regression === 'n' ? 0 : regression === 'c' ? 1 : 2));
    }
  });

  test('searches lags 0..maxLag on one common sample and picks the smallest AIC', () => {
    const r = valueOf(adfTest(randomWalk, { autoLag: 'AIC' }), 'adf');
    const table = r.search?.criterionByLag ?? [];
    expect(table).toHaveLength(r.maxLag + 1);
    expect(r.search?.nobs).toBe(500 - 1 - r.maxLag);
    const values = table.map((v) => v ?? Infinity);
    expect(r.icbest).toBe(Math.min(...values));
    expect(values.indexOf(Math.min(...values))).toBe(r.usedLag);
  });

  test('default maxlag is ⌈12·(n/100)^¼⌉ capped at ⌊n/2⌋ − ntrend − 1', () => {
    expect(valueOf(adfTest(randomWalk), 'adf').maxLag).toBe(18);
    const short = integratedAr1Path(createRng(23), 30, 0, 1);
    expect(valueOf(adfTest(short, { regression: 'c' }), 'adf').maxLag).toBe(9);
    expect(valueOf(adfTest(short, { regression: 'ct' }), 'adf').maxLag).toBe(9);
  });

  test('is null with a reason for constant, non-finite, too short input and too large a lag', () => {
    const expectNull = (r: ReturnType<typeof adfTest>, reason: string) => {
      expect(r.value).toBeNull();
      expect(r.reason).toBe(reason);
    };
    expectNull(adfTest(new Array(50).fill(3000.1)), 'zero-variance');
    expectNull(adfTest([1, 2, NaN, 4, 5, 6, 7]), 'non-finite-input');
    expectNull(adfTest([1, 2], { regression: 'c' }), 'too-few-observations');
    expectNull(adfTest([1, 3, 2, 5], { regression: 'ct' }), 'too-few-observations');
    expectNull(adfTest(randomWalk.slice(0, 20), { maxLag: 9, autoLag: null }), 'lag-too-large');
  });

  test('is null rather than τ = 0 when the AIC search reaches a lag with no residual degrees of freedom', () => {
    // regression 'n' on an even n = 20 caps maxLag at 9: lag 9 fits 10 rows with 10 regressors.
    // statsmodels selects it (AIC −∞ in exact arithmetic) and reports τ = 0 from an infinite s.e.
    const r = adfTest(integratedAr1Path(createRng(24), 20, 0, 1), {
      regression: 'n',
      autoLag: 'AIC',
    });
    expect(r.value).toBeNull();
    expect(r.reason).toBe('too-few-observations');
  });

  test('the t-stat search skips a lag with no residual degrees of freedom, as statsmodels does', () => {
    const r = valueOf(
      adfTest(integratedAr1Path(createRng(25), 20, 0, 1), { regression: 'n', autoLag: 't-stat' }),
      'adf',
    );
    expect(r.search?.criterionByLag[9]).toBeNull();
    expect(r.usedLag).toBeLessThan(9);
  });

  test('is invariant to adding the deterministic terms its regression models', () => {
    // Δ of a + b·t + c·t² is linear in t and the level picks up a quadratic: the constant,
    // trend and trend² columns absorb exactly these, so τ must not move.
    const shifted = {
      c: stationary.map((v) => v + 1234.5),
      ct: stationary.map((v, t) => v + 1234.5 + 0.75 * t),
      ctt: stationary.map((v, t) => v + 1234.5 + 0.75 * t - 0.002 * t * t),
    };
    for (const regression of ['c', 'ct', 'ctt'] as const) {
      const base = valueOf(adfTest(stationary, { regression, autoLag: 'AIC' }), 'adf');
      const moved = valueOf(adfTest(shifted[regression], { regression, autoLag: 'AIC' }), 'adf');
      expect(moved.usedLag).toBe(base.usedLag);
      expect(Math.abs(moved.statistic / base.statistic - 1)).toBeLessThan(1e-9);
      expect(moved.params).toHaveLength(base.params.length);
    }
  });

  test('rejects invalid options as programming errors', () => {
    expect(() => adfTest(randomWalk, { maxLag: -1 })).toThrow(RangeError);
    expect(() => adfTest(randomWalk, { maxLag: 1.5 })).toThrow(RangeError);
    expect(() => adfTest(randomWalk, { regression: 'x' as 'c' })).toThrow(RangeError);
  });
});

describe('Engle–Granger test', () => {
  test('finds a cointegrated pair and not two independent walks', () => {
    const rng = createRng(31);
    const x = gbmPath(rng, 800, 3000, 0.0025);
    const noise = ar1Path(rng, 800, 0.8, 4);
    const y = x.map((v, i) => 2.5 + 1.7 * v + (noise[i] as number));
    expect(valueOf(cointTest(y, x), 'coint').pValue).toBeLessThan(0.01);
    const z = gbmPath(rng, 800, 60000, 0.002);
    expect(valueOf(cointTest(z, x), 'coint').pValue).toBeGreaterThan(0.05);
  });

  test('has no critical values for trend n (no 2010 surface), with the reason', () => {
    const rng = createRng(32);
    const x = integratedAr1Path(rng, 300, 0, 1);
    const y = x.map((v) => 0.5 * v + rng.normal());
    const r = valueOf(cointTest(y, x, { trend: 'n' }), 'coint');
    expect(r.criticalValues).toBeNull();
    expect(r.reasons.criticalValues).toBe('not-tabulated');
  });
});

describe('MacKinnon p-values and critical values', () => {
  test('clamp to exactly 0 below and 1 above the tables, for every regression and N', () => {
    for (const regression of ['c', 'ct', 'n', 'ctt'] as const) {
      for (let n = 1; n <= 6; n++) {
        expect(mackinnonPValue(-1000, regression, n)).toBe(0);
        if (!(regression === 'n' && n === 1)) expect(mackinnonPValue(1000, regression, n)).toBe(1);
      }
    }
  });

  test('increase with the statistic and stay within [0, 1]', () => {
    const problems: string[] = [];
    for (const regression of ['c', 'ct', 'n'] as const) {
      for (const n of [1, 2]) {
        let previous = 0;
        for (let tau = -25; tau <= 4; tau += 0.01) {
          const p = mackinnonPValue(tau, regression, n);
          // the small-p and large-p polynomials meet at τ* only approximately
          if (!(p >= 0 && p <= 1 && p >= previous - 1e-3))
            problems.push(`${regression} N=${n} τ=${tau}: ${p}`);
          previous = p;
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('critical values approach the asymptotic ones as nobs grows, and order 1% < 5% < 10%', () => {
    for (const regression of ['c', 'ct', 'n'] as const) {
      const inf = mackinnonCriticalValues(1, regression, Infinity);
      const big = mackinnonCriticalValues(1, regression, 1e12);
      expect(big['5%']).toBeCloseTo(inf['5%'], 10);
      const small = mackinnonCriticalValues(1, regression, 50);
      expect(small['1%']).toBeLessThan(small['5%']);
      expect(small['5%']).toBeLessThan(small['10%']);
    }
    expect(() => mackinnonCriticalValues(2, 'n', 100)).toThrow(RangeError);
  });
});

describe('normal CDF (Cody erfc)', () => {
  test('is exact at 0 and symmetric', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(erfc(0)).toBe(1);
    for (let z = 0.05; z < 9; z += 0.37) {
      expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
      expect(erf(-z)).toBe(-erf(z));
      expect(erfc(-z)).toBeCloseTo(2 - erfc(z), 15);
    }
  });

  test('gives the standard quantiles to ~1e-15 and keeps relative precision deep in the tail', () => {
    // Φ(−1.959963984540054) = 0.025 and Φ(−2.5758293035489004) = 0.005 (the normal quantiles);
    // Φ(−10) = 7.619853024160527e-24 and erfc(5) = 1.5374597944280349e-12 (known to 16 digits).
    expect(Math.abs(normalCdf(-1.959963984540054) - 0.025)).toBeLessThan(1e-16);
    expect(Math.abs(normalCdf(-2.5758293035489004) - 0.005)).toBeLessThan(1e-17);
    expect(Math.abs(normalCdf(-10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-14);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});
