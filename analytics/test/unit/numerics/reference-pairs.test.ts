import {
  adfTest,
  cointTest,
  fitOls,
  fitOlsThroughOrigin,
  halfLife,
  logReturnCorrelation,
  pearsonCorrelation,
  priceStats,
  rollingPairSeries,
  rollingZScore,
  spreadSeries,
  type AdfOptions,
  type AdfResult,
  type OlsFit,
} from '../../../src/numerics';
import { valueOf } from './helpers/maybe';
import { expectAllClose, expectClose, flushErrorReport, type Tolerance } from './helpers/compare';
import {
  arr,
  asObject,
  has,
  loadReference,
  num,
  numOrNull,
  numbers,
  obj,
  pairCaseFiles,
  series,
  str,
  strOrNull,
  type JsonObject,
} from './helpers/reference';
import { P_VALUE, TOL } from './helpers/tolerances';

afterAll(() => flushErrorReport('reference-pairs'));

/** Series that the reference runs ADF on, by the key it files them under. */
function adfInput(key: string, x: number[], y: number[], spread: JsonObject): number[] {
  switch (key) {
    case 'spread_with_intercept':
      return series(spread, 'with_intercept');
    case 'spread_no_intercept':
      return series(spread, 'no_intercept');
    case 'x':
      return x;
    case 'y':
      return y;
    case 'log_x':
      return x.map(Math.log);
    case 'log_y':
      return y.map(Math.log);
    default:
      throw new Error(`unknown ADF series '${key}' in the reference: extend adfInput`);
  }
}

/** Spreads are centred and well-conditioned; price levels (and their logs) are not. */
function adfTolerance(key: string): Tolerance {
  return key.startsWith('spread') ? TOL.testOnSpread : TOL.testOnLevels;
}

function adfOptionsOf(entry: JsonObject): AdfOptions {
  const maxLag = numOrNull(entry, 'maxlag_arg');
  const autoLag = strOrNull(entry, 'autolag');
  const regression = str(entry, 'regression');
  if (regression !== 'c' && regression !== 'ct' && regression !== 'n' && regression !== 'nc') {
    throw new Error(`unexpected regression '${regression}'`);
  }
  if (autoLag !== null && autoLag !== 'AIC' && autoLag !== 'BIC' && autoLag !== 't-stat') {
    throw new Error(`unexpected autolag '${autoLag}'`);
  }
  return { regression, autoLag, ...(maxLag === null ? {} : { maxLag }) };
}

function expectAdfMatches(
  result: AdfResult,
  entry: JsonObject,
  tol: Tolerance,
  label: string,
): void {
  expect(result.usedLag).toBe(num(entry, 'usedlag'));
  expect(result.nobs).toBe(num(entry, 'nobs'));
  expect(result.maxLag).toBe(num(entry, 'maxlag_effective'));
  expectClose(result.statistic, num(entry, 'stat'), tol, `${label} stat`, 'adf stat');
  expectClose(result.pValue, num(entry, 'pvalue'), P_VALUE, `${label} pvalue`, 'adf pvalue');
  const crit = obj(entry, 'crit');
  for (const level of ['1%', '5%', '10%'] as const) {
    expectClose(
      result.criticalValues[level],
      num(crit, level),
      TOL.criticalValue,
      `${label} crit ${level}`,
      'adf crit',
    );
  }
  expectClose(result.gamma, num(entry, 'gamma'), tol, `${label} gamma`, 'adf gamma');
  expectClose(result.gammaSe, num(entry, 'gamma_se'), tol, `${label} gamma_se`, 'adf gamma_se');
  expectAllClose(
    result.params,
    numbers(entry, 'final_regression_params'),
    tol,
    `${label} params`,
    'adf params',
  );
  const icbest = numOrNull(entry, 'icbest');
  if (icbest === null) {
    expect(result.icbest).toBeNull();
    expect(result.search).toBeNull();
  } else {
    expectClose(result.icbest, icbest, TOL.criterion, `${label} icbest`, 'adf icbest');
    expect(result.search?.nobs).toBe(num(entry, 'search_nobs'));
    expectAllClose(
      result.search?.criterionByLag ?? [],
      numbers(entry, 'criterion_by_lag'),
      TOL.criterion,
      `${label} criterion_by_lag`,
      'adf criterion_by_lag',
    );
  }
}

/** coint(y0, y1, trend=…, maxlag=…, autolag=…) as recorded in the call string. */
function cointOptionsOf(call: string): {
  trend: 'c' | 'ct' | 'n' | 'nc';
  maxLag?: number;
  autoLag: 'aic' | 'bic' | 't-stat' | null;
} {
  const trend = /trend='(\w+)'/.exec(call)?.[1] ?? 'c';
  if (trend !== 'c' && trend !== 'ct' && trend !== 'n' && trend !== 'nc')
    throw new Error(`trend '${trend}'`);
  const maxLag = /maxlag=(\d+)/.exec(call)?.[1];
  const autoLagMatch = /autolag=(None|'([\w-]+)')/.exec(call);
  const autoLagRaw =
    autoLagMatch === null
      ? 'aic'
      : autoLagMatch[1] === 'None'
        ? null
        : (autoLagMatch[2] ?? '').toLowerCase();
  if (
    autoLagRaw !== null &&
    autoLagRaw !== 'aic' &&
    autoLagRaw !== 'bic' &&
    autoLagRaw !== 't-stat'
  ) {
    throw new Error(`autolag '${autoLagRaw}'`);
  }
  return {
    trend,
    autoLag: autoLagRaw,
    ...(maxLag === undefined ? {} : { maxLag: Number(maxLag) }),
  };
}

const files = pairCaseFiles();

test('the reference directory holds pair cases', () => {
  expect(files.length).toBeGreaterThan(0);
});

describe.each(files)('%s', (file) => {
  const ref = loadReference(file);
  const input = obj(ref, 'input');
  const x = series(input, 'x');
  const y = series(input, 'y');
  const params = obj(ref, 'params');
  const expected = obj(ref, 'expected');
  const spread = obj(expected, 'spread');

  test('full-sample OLS with intercept matches statsmodels OLS(y, add_constant(x))', () => {
    const e = obj(obj(expected, 'ols_full'), 'with_intercept');
    const fit: OlsFit = valueOf(fitOls(x, y), 'fitOls');
    expect(fit.nobs).toBe(num(e, 'nobs'));
    const pairs: [keyof OlsFit, string][] = [
      ['alpha', 'alpha'],
      ['beta', 'beta'],
      ['rSquared', 'r_squared'],
      ['rSquaredAdj', 'r_squared_adj'],
      ['residStdDdof2', 'resid_std_ddof2'],
      ['residStdDdof1', 'resid_std_ddof1'],
      ['residStdDdof0', 'resid_std_ddof0'],
      ['alphaSe', 'alpha_se'],
      ['betaSe', 'beta_se'],
      ['betaTValue', 'beta_tvalue'],
      ['ssr', 'ssr'],
    ];
    for (const [ours, theirs] of pairs) {
      expectClose(
        fit[ours] as number | null,
        num(e, theirs),
        TOL.fullOls,
        `ols ${theirs}`,
        `ols_full ${theirs}`,
      );
    }
  });

  test('full-sample OLS through the origin matches statsmodels OLS(y, x)', () => {
    const e = obj(obj(expected, 'ols_full'), 'no_intercept');
    const fit = valueOf(fitOlsThroughOrigin(x, y), 'fitOlsThroughOrigin');
    expect(fit.nobs).toBe(num(e, 'nobs'));
    expectClose(fit.beta, num(e, 'beta'), TOL.fullOls, 'beta0', 'ols0 beta');
    expectClose(
      fit.rSquaredUncentered,
      num(e, 'r_squared_uncentered'),
      TOL.fullOls,
      'R² uncentered',
      'ols0 r2',
    );
    expectClose(
      fit.residStdDdof1,
      num(e, 'resid_std_ddof1'),
      TOL.fullOls,
      'resid std ddof1',
      'ols0 resid std',
    );
    expectClose(
      fit.residStdDdof0,
      num(e, 'resid_std_ddof0'),
      TOL.fullOls,
      'resid std ddof0',
      'ols0 resid std',
    );
    expectClose(fit.betaSe, num(e, 'beta_se'), TOL.fullOls, 'beta se', 'ols0 beta se');
    expectClose(fit.ssr, num(e, 'ssr'), TOL.fullOls, 'ssr', 'ols0 ssr');
  });

  test('spreads from the full-sample fits match y − βx − α and y − β0·x', () => {
    const fit = valueOf(fitOls(x, y), 'fitOls');
    const fit0 = valueOf(fitOlsThroughOrigin(x, y), 'fitOlsThroughOrigin');
    const withIntercept = Array.from(spreadSeries(x, y, fit.beta, fit.alpha));
    const noIntercept = Array.from(spreadSeries(x, y, fit0.beta));
    expectAllClose(
      withIntercept,
      numbers(spread, 'with_intercept'),
      TOL.spread,
      'spread with intercept',
      'spread',
    );
    expectAllClose(
      noIntercept,
      numbers(spread, 'no_intercept'),
      TOL.spread,
      'spread no intercept',
      'spread',
    );
  });

  test('incremental rolling OLS, spread and its z-score match the two-pass values on every window', () => {
    const e = obj(expected, 'rolling_ols');
    const olsWindow = num(params, 'ols_window');
    expect(num(e, 'window')).toBe(olsWindow);
    const figures = rollingPairSeries(x, y, {
      olsWindow,
      zScoreWindow: num(params, 'zscore_window'),
      corrWindow: num(params, 'corr_window'),
    });
    const col = (
      k: 'alpha' | 'beta' | 'rSquared' | 'residStd' | 'betaNoIntercept' | 'spread' | 'zScore',
    ) => figures.map((f) => f[k]);
    expectAllClose(
      col('alpha'),
      numbers(e, 'alpha'),
      TOL.rolling,
      'rolling alpha',
      'rolling alpha',
    );
    expectAllClose(col('beta'), numbers(e, 'beta'), TOL.rolling, 'rolling beta', 'rolling beta');
    expectAllClose(
      col('rSquared'),
      numbers(e, 'r_squared'),
      TOL.bounded,
      'rolling R²',
      'rolling r2',
    );
    expectAllClose(
      col('residStd'),
      numbers(e, 'resid_std_ddof2'),
      TOL.rolling,
      'rolling resid std',
      'rolling resid std',
    );
    expectAllClose(
      col('betaNoIntercept'),
      numbers(e, 'beta_no_intercept'),
      TOL.rolling,
      'rolling beta0',
      'rolling beta0',
    );
    expectAllClose(
      col('spread'),
      numbers(e, 'spread_last'),
      TOL.spread,
      'rolling spread_last',
      'rolling spread',
    );
    expectAllClose(
      col('zScore'),
      numbers(e, 'zscore_of_spread_last_ddof1'),
      TOL.bounded,
      'rolling z',
      'rolling z',
    );
  });

  test.each(['with_intercept', 'no_intercept'])(
    'rolling z-score of the %s spread matches (s − mean)/std for ddof 1 and 0',
    (which) => {
      const e = obj(obj(expected, 'zscore'), which);
      const window = num(obj(expected, 'zscore'), 'window');
      const s = series(spread, which);
      const z1 = rollingZScore(s, window, 1);
      const z0 = rollingZScore(s, window, 0);
      expectAllClose(
        z1.map((p) => p.z),
        numbers(e, 'ddof1'),
        TOL.bounded,
        'z ddof1',
        'zscore',
      );
      expectAllClose(
        z0.map((p) => p.z),
        numbers(e, 'ddof0'),
        TOL.bounded,
        'z ddof0',
        'zscore',
      );
      expectAllClose(
        z1.map((p) => p.mean),
        numbers(e, 'rolling_mean'),
        TOL.spread,
        'rolling mean',
        'zscore mean',
      );
      expectAllClose(
        z1.map((p) => p.std),
        numbers(e, 'rolling_std_ddof1'),
        TOL.rolling,
        'std ddof1',
        'zscore std',
      );
      expectAllClose(
        z0.map((p) => p.std),
        numbers(e, 'rolling_std_ddof0'),
        TOL.rolling,
        'std ddof0',
        'zscore std',
      );
    },
  );

  test('rolling and full-sample correlations of prices and log returns match', () => {
    const e = obj(expected, 'correlation');
    const corrWindow = num(e, 'window');
    expect(corrWindow).toBe(num(params, 'corr_window'));
    const figures = rollingPairSeries(x, y, {
      olsWindow: num(params, 'ols_window'),
      zScoreWindow: num(params, 'zscore_window'),
      corrWindow,
    });
    expectAllClose(
      figures.map((f) => f.corrPrices),
      numbers(e, 'rolling_prices'),
      TOL.bounded,
      'corr prices',
      'corr',
    );
    expectAllClose(
      figures.map((f) => f.corrLogReturns),
      numbers(e, 'rolling_log_returns'),
      TOL.bounded,
      'corr log returns',
      'corr',
    );
    expectClose(
      valueOf(pearsonCorrelation(x, y), 'corr'),
      num(e, 'full_prices'),
      TOL.bounded,
      'full corr',
      'corr',
    );
    expectClose(
      valueOf(logReturnCorrelation(x, y), 'corr'),
      num(e, 'full_log_returns'),
      TOL.bounded,
      'full corr log returns',
      'corr',
    );
  });

  test.each(Object.keys(obj(expected, 'half_life')))(
    'half-life regression on %s matches',
    (key) => {
      const e = obj(obj(expected, 'half_life'), key);
      const which = key.replace(/^spread_/, '');
      const result = valueOf(halfLife(series(spread, which)), 'halfLife');
      expect(result.nobs).toBe(num(e, 'nobs'));
      expectClose(result.lambda, num(e, 'lambda'), TOL.testOnSpread, 'lambda', 'half-life lambda');
      expectClose(
        result.intercept,
        num(e, 'intercept'),
        TOL.testOnSpread,
        'intercept',
        'half-life intercept',
      );
      expectClose(
        result.lambdaSe,
        num(e, 'lambda_se'),
        TOL.testOnSpread,
        'lambda se',
        'half-life lambda se',
      );
      expectClose(
        result.lambdaTValue,
        num(e, 'lambda_tvalue'),
        TOL.testOnSpread,
        'lambda t',
        'half-life lambda t',
      );
      const expectedHalfLife = numOrNull(e, 'half_life');
      if (num(e, 'lambda') >= 0) {
        expect(result.halfLife).toBeNull();
        expect(result.reasons.halfLife).toBe('no-mean-reversion');
      } else {
        expectClose(result.halfLife, expectedHalfLife, TOL.testOnSpread, 'half-life', 'half-life');
      }
    },
  );

  const adf = obj(expected, 'adf');
  const adfCases = Object.keys(adf).flatMap((key) =>
    arr(adf, key).map((entry, i) => ({ key, entry: asObject(entry, `${key}[${i}]`) })),
  );
  test.each(adfCases.map((c) => [`${c.key}: ${str(c.entry, 'call')}`, c] as const))(
    'ADF %s matches adfuller',
    (_label, { key, entry }) => {
      const result = adfTest(adfInput(key, x, y, spread), adfOptionsOf(entry));
      if (has(entry, 'error')) {
        // adfuller raised (e.g. maxlag above its cap): the engine answers null with a reason.
        expect(result.value).toBeNull();
        return;
      }
      expectAdfMatches(
        valueOf(result, 'adfTest'),
        entry,
        adfTolerance(key),
        `${file} ${key} ${str(entry, 'call')}`,
      );
    },
  );

  const coint = obj(expected, 'coint');
  test.each(Object.keys(coint))('Engle–Granger %s matches coint', (key) => {
    const e = obj(coint, key);
    const direction = /^([xy])_on_([xy])_/.exec(key);
    if (direction === null) throw new Error(`cannot tell y0 and y1 from '${key}'`);
    const byName = { x, y };
    const y0 = byName[direction[1] as 'x' | 'y'];
    const y1 = byName[direction[2] as 'x' | 'y'];
    const options = cointOptionsOf(str(e, 'call'));
    const result = cointTest(y0, y1, options);
    if (has(e, 'error')) {
      expect(result.value).toBeNull();
      return;
    }
    const r = valueOf(result, 'cointTest');
    expectClose(r.statistic, num(e, 'stat'), TOL.testOnSpread, `${key} stat`, 'coint stat');
    expectClose(r.pValue, num(e, 'pvalue'), P_VALUE, `${key} pvalue`, 'coint pvalue');
    const crit = obj(e, 'crit');
    for (const level of ['1%', '5%', '10%'] as const) {
      expectClose(
        r.criticalValues?.[level] ?? null,
        numOrNull(crit, level),
        TOL.criticalValue,
        `${key} crit`,
        'coint crit',
      );
    }
    if (has(e, 'residual_adf')) {
      const ra = obj(e, 'residual_adf');
      expect(r.residualAdf.usedLag).toBe(num(ra, 'usedlag'));
      expect(r.residualAdf.nobs).toBe(num(ra, 'nobs'));
      expectClose(
        r.firstStage.beta,
        num(ra, 'first_stage_beta'),
        TOL.fullOls,
        `${key} beta`,
        'coint first stage',
      );
      expectClose(
        r.firstStage.alpha,
        numOrNull(ra, 'first_stage_alpha'),
        TOL.fullOls,
        `${key} alpha`,
        'coint first stage',
      );
      expectClose(
        r.firstStage.trendCoefficient,
        numOrNull(ra, 'first_stage_trend_coef'),
        TOL.fullOls,
        `${key} trend`,
        'coint first stage',
      );
    }
  });

  test.each(Object.keys(obj(expected, 'price_stats')))('price statistics of %s match', (leg) => {
    const e = obj(obj(expected, 'price_stats'), leg);
    const stats = valueOf(priceStats(leg === 'x' ? x : y), 'priceStats');
    expect(stats.n).toBe(num(e, 'n'));
    const fields: [keyof typeof stats, string][] = [
      ['mean', 'mean'],
      ['stdDdof1', 'std_ddof1'],
      ['min', 'min'],
      ['max', 'max'],
      ['first', 'first'],
      ['last', 'last'],
      ['simpleReturnMean', 'simple_return_mean'],
      ['simpleReturnStdDdof1', 'simple_return_std_ddof1'],
      ['logReturnMean', 'log_return_mean'],
      ['logReturnStdDdof1', 'log_return_std_ddof1'],
      ['logReturnStdDdof0', 'log_return_std_ddof0'],
    ];
    for (const [ours, theirs] of fields) {
      expectClose(
        stats[ours] as number | null,
        num(e, theirs),
        { rel: 1e-10 },
        `${leg} ${theirs}`,
        `price ${theirs}`,
      );
    }
  });
});
