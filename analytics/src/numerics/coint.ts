import {
  adfTest,
  normaliseRegression,
  type AdfRegression,
  type AdfResult,
  type AutoLag,
} from './adf';
import { isAllFinite, isConstant, mean } from './descriptive';
import { householderQr, prefixResidualSums, solveCoefficients } from './householder-qr';
import { mackinnonCriticalValues, mackinnonPValue, type CriticalValues } from './mackinnon';
import { absent, present, type Maybe, type NullReason, type Reasons } from './result';

export interface CointOptions {
  /** Deterministic terms of the first-stage (cointegrating) regression; default 'c'. */
  readonly trend?: AdfRegression | 'nc';
  /** Passed to the residual ADF (default: statsmodels' default maxlag). */
  readonly maxLag?: number;
  /** Passed to the residual ADF; default 'AIC', null for a fixed lag. */
  readonly autoLag?: AutoLag | 'aic' | 'bic' | null;
}

export interface CointResult {
  readonly trend: AdfRegression;
  /** τ of the residual ADF (regression 'n'). */
  readonly statistic: number;
  /** MacKinnon (1994) p-value from the cointegration surface N = 2 for `trend`. */
  readonly pValue: number;
  /** MacKinnon (2010) N = 2 critical values at nobs − 1 (statsmodels follows Stata's egranger);
   * null for trend 'n', which has no 2010 surface. */
  readonly criticalValues: CriticalValues | null;
  readonly firstStage: {
    readonly beta: number;
    readonly alpha: number | null;
    readonly trendCoefficient: number | null;
    readonly trend2Coefficient: number | null;
    readonly rSquared: number;
  };
  readonly residualAdf: AdfResult;
  readonly reasons: Reasons<'criticalValues'>;
}

/** statsmodels skips the ADF when the first stage has R² ≥ 1 − 100·√ε (CollinearityWarning). */
export const COLLINEAR_R2 = 1 - 100 * Math.sqrt(Number.EPSILON);

/**
 * Engle–Granger two-step cointegration test of y on x, as statsmodels 0.13.5
 * `coint(y, x, trend, maxlag=maxLag, autolag=autoLag)`: OLS of y on x plus the deterministic
 * terms, then an ADF with regression 'n' on the residuals; p-value and critical values come
 * from MacKinnon's cointegration tables with N = 2 (not the ADF ones).
 *
 * Null when either series is constant or not finite, when the first stage is (almost)
 * perfectly collinear (`perfect-fit`; statsmodels returns τ = −∞, p = 0 with a
 * CollinearityWarning) or when the residual ADF is null (its reason is passed on).
 */
export function cointTest(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  options: CointOptions = {},
): Maybe<CointResult> {
  if (x.length !== y.length)
    throw new RangeError(`x and y differ in length: ${x.length} vs ${y.length}`);
  const trend = normaliseRegression(options.trend ?? 'c');
  if (!isAllFinite(x) || !isAllFinite(y))
    return absent('non-finite-input', 'x or y holds NaN or ±Infinity');
  const n = y.length;
  const ntrend = trend === 'n' ? 0 : trend.length;
  if (n < ntrend + 3) return absent('too-few-observations', `${n} observations`);
  if (isConstant(y)) return absent('zero-variance', 'y (dependent) is constant');
  if (isConstant(x)) return absent('zero-variance', 'x (regressor) is constant');

  const stage = firstStage(y, x, trend);
  if (stage.value === null) return stage;
  const { residuals } = stage.value;
  if (stage.value.rSquared >= COLLINEAR_R2) return collinear(stage.value.rSquared);
  const adf = adfTest(residuals, {
    regression: 'n',
    ...(options.maxLag === undefined ? {} : { maxLag: options.maxLag }),
    autoLag: options.autoLag === undefined ? 'AIC' : options.autoLag,
  });
  return cointFromParts(trend, n, stage.value, adf);
}

export function collinear(rSquared: number): Maybe<never> {
  return absent(
    'perfect-fit',
    `first-stage R² = ${rSquared}: y and x are (almost) exactly collinear`,
  );
}

/** The Engle–Granger result from its first stage and the ADF of the residuals (shared with
 * the rolling test, `rolling-coint.ts`). */
export function cointFromParts(
  trend: AdfRegression,
  n: number,
  stage: CointResult['firstStage'],
  adf: Maybe<AdfResult>,
): Maybe<CointResult> {
  if (adf.value === null) return adf;
  const { beta, alpha, trendCoefficient, trend2Coefficient, rSquared } = stage;
  const reasons: Partial<Record<'criticalValues', NullReason>> = {};
  let criticalValues: CriticalValues | null = null;
  if (trend === 'n') reasons.criticalValues = 'not-tabulated';
  else criticalValues = mackinnonCriticalValues(2, trend, n - 1);
  return present({
    trend,
    statistic: adf.value.statistic,
    pValue: mackinnonPValue(adf.value.statistic, trend, 2),
    criticalValues,
    firstStage: { beta, alpha, trendCoefficient, trend2Coefficient, rSquared },
    residualAdf: adf.value,
    reasons,
  });
}

interface FirstStage {
  readonly residuals: Float64Array;
  readonly beta: number;
  readonly alpha: number | null;
  readonly trendCoefficient: number | null;
  readonly trend2Coefficient: number | null;
  /** Centred R² with a constant, uncentred without (as statsmodels reports). */
  readonly rSquared: number;
}

/** OLS of y on [x, deterministic terms], centred when there is a constant (Frisch–Waugh). */
function firstStage(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  trend: AdfRegression,
): Maybe<FirstStage> {
  const n = y.length;
  const centre = trend !== 'n';
  const powers = trend === 'ct' ? 1 : trend === 'ctt' ? 2 : 0;
  const cols = 1 + powers;
  const raw = new Float64Array(n * cols);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    raw[i] = x[i] as number;
    // statsmodels' trend is 1..n
    for (let p = 1; p <= powers; p++) raw[p * n + i] = (i + 1) ** p;
    b[i] = y[i] as number;
  }
  const means = new Float64Array(cols);
  const my = centre ? mean(b) : 0;
  if (centre) {
    for (let c = 0; c < cols; c++) means[c] = mean(raw.subarray(c * n, (c + 1) * n));
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < n; i++)
        raw[c * n + i] = (raw[c * n + i] as number) - (means[c] as number);
    }
    for (let i = 0; i < n; i++) b[i] = (b[i] as number) - my;
  }
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (b[i] as number) * (b[i] as number);
  const design = raw.slice();
  const qr = householderQr(raw, n, cols, b);
  if (qr.dependentColumn >= 0) return absent('singular-design', 'x is collinear with the trend');
  const coefficients = solveCoefficients(qr);
  const ssr = prefixResidualSums(qr)[cols] as number;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let fitted = 0;
    for (let c = 0; c < cols; c++)
      fitted += (coefficients[c] as number) * (design[c * n + i] as number);
    residuals[i] = (y[i] as number) - my - fitted;
  }
  let alpha: number | null = null;
  if (centre) {
    alpha = my;
    for (let c = 0; c < cols; c++) alpha -= (coefficients[c] as number) * (means[c] as number);
  }
  return present({
    residuals,
    beta: coefficients[0] as number,
    alpha,
    trendCoefficient: powers >= 1 ? (coefficients[1] as number) : null,
    trend2Coefficient: powers >= 2 ? (coefficients[2] as number) : null,
    rSquared: 1 - ssr / tss,
  });
}
