import {
  adfTest,
  cointTest,
  fitOls,
  halfLife,
  isConstant,
  mackinnonCriticalValues,
  pearsonCorrelation,
  priceStats,
  rollingPairSeries,
  rollingZScore,
  type AdfOptions,
} from '../../../src/numerics';
import {
  expectAllClose,
  expectClose,
  expectFiniteOrNull,
  flushErrorReport,
} from './helpers/compare';
import { valueOf } from './helpers/maybe';
import {
  has,
  loadReference,
  num,
  numOrNull,
  numbers,
  obj,
  referenceExists,
  series,
  str,
  type JsonObject,
} from './helpers/reference';
import { P_VALUE, TOL } from './helpers/tolerances';

afterAll(() => flushErrorReport('reference-degenerate'));

/** The arguments of an adfuller(...) call string, as engine options. */
function adfCall(call: string): AdfOptions {
  const regression = /regression='(\w+)'/.exec(call)?.[1] ?? 'c';
  if (regression !== 'c' && regression !== 'ct' && regression !== 'n' && regression !== 'nc') {
    throw new Error(`regression '${regression}'`);
  }
  const maxLag = /maxlag=(\d+)/.exec(call)?.[1];
  const autoLag = /autolag=(None|'([\w-]+)')/.exec(call);
  const a = autoLag === null ? 'AIC' : autoLag[1] === 'None' ? null : (autoLag[2] ?? '');
  if (a !== null && a !== 'AIC' && a !== 'BIC' && a !== 't-stat') throw new Error(`autolag '${a}'`);
  return { regression, autoLag: a, ...(maxLag === undefined ? {} : { maxLag: Number(maxLag) }) };
}

/** Indices i whose window i−w+1..i holds one value only (exact equality). */
function constantWindows(values: readonly number[], w: number): Set<number> {
  const out = new Set<number>();
  for (let i = w - 1; i < values.length; i++) if (isConstant(values, i - w + 1, i + 1)) out.add(i);
  return out;
}

const FILE = 'degenerate.json';
const describeIfPresent = referenceExists(FILE) ? describe : describe.skip;

describeIfPresent('degenerate input (degenerate.json)', () => {
  const ref = loadReference(FILE);
  const input = obj(ref, 'input');
  const constSpec = obj(input, 'const');
  const constant = new Array<number>(num(constSpec, 'n')).fill(num(constSpec, 'value'));
  const xv = series(input, 'xv');
  const short5 = series(input, 'short5');
  const probes = obj(ref, 'probes');
  const probe = (name: string): JsonObject => obj(probes, name);

  const adfConstProbes = Object.keys(probes).filter((k) => k.startsWith('adfuller_const_'));
  test.each(adfConstProbes)('ADF of a constant series is null with zero-variance (%s)', (name) => {
    const p = probe(name);
    const result = adfTest(constant, adfCall(str(p, 'call')));
    expect(result.value).toBeNull();
    expect(result.reason).toBe('zero-variance');
    // statsmodels still reports critical values for such a call: the same table lookups.
    const r = obj(p, 'result');
    const regression = adfCall(str(p, 'call')).regression ?? 'c';
    const crit = mackinnonCriticalValues(1, regression === 'nc' ? 'n' : regression, num(r, 'nobs'));
    const expectedCrit = obj(r, 'crit');
    for (const level of ['1%', '5%', '10%'] as const) {
      expectClose(
        crit[level],
        num(expectedCrit, level),
        TOL.criticalValue,
        `${name} crit ${level}`,
        'degenerate crit',
      );
    }
  });

  test('ADF on five points with autolag matches adfuller (maxlag capped at 0)', () => {
    const p = probe('adfuller_short5_autolag_aic_c');
    const e = obj(p, 'result');
    const r = valueOf(adfTest(short5, adfCall(str(p, 'call'))), 'adfTest');
    expect(r.usedLag).toBe(num(e, 'usedlag'));
    expect(r.nobs).toBe(num(e, 'nobs'));
    expectClose(r.statistic, num(e, 'stat'), TOL.testOnLevels, 'stat', 'degenerate adf stat');
    expectClose(r.pValue, num(e, 'pvalue'), P_VALUE, 'pvalue', 'degenerate adf pvalue');
    expectClose(r.icbest, numOrNull(e, 'icbest'), TOL.criterion, 'icbest', 'degenerate adf icbest');
    const crit = obj(e, 'crit');
    for (const level of ['1%', '5%', '10%'] as const) {
      expectClose(
        r.criticalValues[level],
        num(crit, level),
        TOL.criticalValue,
        `crit ${level}`,
        'degenerate crit',
      );
    }
  });

  test('ADF with a fixed maxlag above ⌊n/2⌋ − ntrend − 1 is null with lag-too-large (adfuller raises)', () => {
    const p = probe('adfuller_short5_maxlag3_c');
    expect(str(p, 'outcome')).toBe('exception');
    const r = adfTest(short5, adfCall(str(p, 'call')));
    expect(r.value).toBeNull();
    expect(r.reason).toBe('lag-too-large');
  });

  test('ADF of a series holding NaN is null with non-finite-input (adfuller raises)', () => {
    expect(str(probe('adfuller_with_nan'), 'outcome')).toBe('exception');
    const withNan = xv.slice();
    withNan[50] = NaN;
    const r = adfTest(withNan, { maxLag: 1, autoLag: null });
    expect(r.value).toBeNull();
    expect(r.reason).toBe('non-finite-input');
  });

  test('Engle–Granger with a constant leg is null with zero-variance (statsmodels: NaN or a meaningless value)', () => {
    expect(has(probe('coint_const_y'), 'result')).toBe(true);
    const constY = cointTest(constant, xv);
    const constX = cointTest(xv, constant);
    expect(constY.value === null && constY.reason).toBe('zero-variance');
    expect(constX.value === null && constX.reason).toBe('zero-variance');
  });

  test('Engle–Granger of an exact linear relation is null with perfect-fit (statsmodels: −inf, p = 0)', () => {
    const p = probe('coint_collinear');
    expect(str(p, 'outcome')).toBe('value');
    const y = xv.map((v) => Number((2.5 + 1.7 * v).toPrecision(12)));
    const r = cointTest(y, xv);
    expect(r.value).toBeNull();
    expect(r.reason).toBe('perfect-fit');
  });

  test('OLS on a constant x is null with zero-variance (statsmodels silently fits a constant only)', () => {
    expect(has(probe('ols_const_x'), 'result')).toBe(true);
    const r = fitOls(constant, xv);
    expect(r.value).toBeNull();
    expect(r.reason).toBe('zero-variance');
  });

  test('OLS of a constant y is fitted exactly by β = 0, α = y, with R² null (statsmodels: R² = −10.6)', () => {
    expect(has(probe('ols_const_y'), 'result')).toBe(true);
    const r = valueOf(fitOls(xv, constant), 'fitOls');
    expect(r.beta).toBe(0);
    expect(r.alpha).toBe(constant[0]);
    expect(r.rSquared).toBeNull();
    expect(r.reasons.rSquared).toBe('zero-variance');
    expect(r.residStdDdof2).toBe(0);
  });

  test('the half-life of a constant spread is null with zero-variance (statsmodels crashes)', () => {
    expect(str(probe('half_life_const'), 'outcome')).toBe('exception');
    const r = halfLife(constant);
    expect(r.value).toBeNull();
    expect(r.reason).toBe('zero-variance');
  });

  test('a constant window has rolling std exactly 0 and a null z-score', () => {
    const last = rollingZScore(constant, 20).at(-1);
    expect(last?.std).toBe(num(probe('rolling_std_const'), 'result'));
    expect(last?.z).toBeNull();
    expect(last?.reason).toBe('zero-variance');
  });

  test('correlation with a constant series is null with zero-variance, rolling or full-sample', () => {
    const rolling = rollingPairSeries(constant, xv, {
      olsWindow: 20,
      zScoreWindow: 20,
      corrWindow: 20,
    }).at(-1);
    expect(rolling?.corrPrices).toBeNull();
    expect(rolling?.reasons.corrPrices).toBe('zero-variance');
    const full = pearsonCorrelation(constant, xv);
    expect(full.value).toBeNull();
    expect(full.reason).toBe('zero-variance');
  });

  test('price statistics of a constant series have std exactly 0 (numpy: 1.8e-12) and flat returns', () => {
    const e = obj(probe('stats_const'), 'result');
    const s = valueOf(priceStats(constant), 'priceStats');
    expect(s.n).toBe(num(e, 'n'));
    for (const [ours, theirs] of [
      ['mean', 'mean'],
      ['min', 'min'],
      ['max', 'max'],
      ['first', 'first'],
      ['last', 'last'],
      ['simpleReturnMean', 'simple_return_mean'],
      ['simpleReturnStdDdof1', 'simple_return_std_ddof1'],
      ['logReturnMean', 'log_return_mean'],
      ['logReturnStdDdof1', 'log_return_std_ddof1'],
      ['logReturnStdDdof0', 'log_return_std_ddof0'],
    ] as const) {
      expect(s[ours]).toBe(num(e, theirs));
    }
    expect(s.stdDdof1).toBe(0);
  });

  describe('a flat stretch inside a moving series', () => {
    const flat = obj(ref, 'flat_stretch');
    const flatInput = obj(flat, 'input');
    const x = series(flatInput, 'x');
    const y = series(flatInput, 'y');
    const w = num(flatInput, 'window');
    const flatWindows = constantWindows(x, w);
    const figures = rollingPairSeries(x, y, { olsWindow: w, zScoreWindow: w, corrWindow: w });

    test('the input has windows of constant x', () => {
      expect(flatWindows.size).toBeGreaterThan(0);
    });

    test('z-score, rolling mean and std of x follow pandas, exactly 0 / null where the window is flat', () => {
      const z = rollingZScore(x, w);
      expectAllClose(
        z.map((p) => p.z),
        numbers(flat, 'zscore_x_ddof1'),
        TOL.bounded,
        'z of x',
        'flat z',
      );
      expectAllClose(
        z.map((p) => p.std),
        numbers(flat, 'rolling_std_x_ddof1'),
        TOL.rolling,
        'std of x',
        'flat std',
      );
      expectAllClose(
        z.map((p, i) => (p.mean === null ? null : p.mean - (x[i] as number))),
        numbers(flat, 'rolling_mean_x_minus_value'),
        TOL.spread,
        'mean − value',
        'flat mean',
      );
      for (const i of flatWindows) {
        expect(z[i]?.std).toBe(0);
        expect(z[i]?.mean).toBe(x[i]);
      }
    });

    test('correlation, β and α are null with zero-variance where x is constant (pandas: ±inf/NaN, RollingOLS: arbitrary)', () => {
      for (const i of flatWindows) {
        const f = figures[i];
        expect(f?.corrPrices).toBeNull();
        expect(f?.beta).toBeNull();
        expect(f?.alpha).toBeNull();
        expect(f?.reasons.corrPrices).toBe('zero-variance');
        expect(f?.reasons.beta).toBe('zero-variance');
      }
    });

    test('around the flat stretch, rolling figures equal a two-pass fit of each window', () => {
      figures.forEach((f, i) => {
        if (i < w - 1 || flatWindows.has(i)) return;
        const wx = x.slice(i - w + 1, i + 1);
        const wy = y.slice(i - w + 1, i + 1);
        const fit = valueOf(fitOls(wx, wy), 'fitOls');
        expectClose(f.beta, fit.beta, TOL.rolling, `beta[${i}]`, 'flat beta vs two-pass');
        expectClose(f.alpha, fit.alpha, TOL.rolling, `alpha[${i}]`, 'flat alpha vs two-pass');
        expectClose(
          f.corrPrices,
          valueOf(pearsonCorrelation(wx, wy), 'corr'),
          TOL.bounded,
          `corr[${i}]`,
          'flat corr',
        );
      });
    });

    test('no figure is NaN or infinite anywhere in the series', () => {
      for (const k of [
        'beta',
        'alpha',
        'rSquared',
        'residStd',
        'spread',
        'zScore',
        'corrPrices',
        'corrLogReturns',
      ] as const) {
        expectFiniteOrNull(
          figures.map((f) => f[k]),
          k,
        );
      }
    });
  });
});
