import { centredSumOfSquares, isAllFinite, isConstant, mean } from './descriptive';
import { absent, present, type Absent, type Maybe, type NullReason, type Reasons } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { sqrt } = Math;

/** y = α + β·x fitted by least squares over the whole sample (statsmodels `OLS(y, add_constant(x))`). */
export interface OlsFit {
  readonly nobs: number;
  readonly alpha: number;
  readonly beta: number;
  /** 1 − SSR/Σ(y − ȳ)²; null when y is constant. */
  readonly rSquared: number | null;
  readonly rSquaredAdj: number | null;
  readonly ssr: number;
  /** √(SSR/(n−2)), statsmodels' √scale. */
  readonly residStdDdof2: number;
  /** √(SSR/(n−1)) = np.std(resid, ddof=1): the residuals of a fit with intercept have mean 0. */
  readonly residStdDdof1: number;
  /** √(SSR/n). */
  readonly residStdDdof0: number;
  readonly alphaSe: number;
  readonly betaSe: number;
  /** β/se(β); null for a perfect fit (se = 0). */
  readonly betaTValue: number | null;
  readonly reasons: Reasons<'rSquared' | 'rSquaredAdj' | 'betaTValue'>;
}

/** y = β·x through the origin (statsmodels `OLS(y, x)`). */
export interface OlsThroughOriginFit {
  readonly nobs: number;
  readonly beta: number;
  /** 1 − SSR/Σy²: statsmodels reports the uncentered R² for a model without constant. */
  readonly rSquaredUncentered: number | null;
  readonly ssr: number;
  /** √(SSR/(n−1)) = √scale. */
  readonly residStdDdof1: number;
  readonly residStdDdof0: number;
  readonly betaSe: number;
  readonly reasons: Reasons<'rSquaredUncentered'>;
}

/** The reason a pair cannot be fitted, or null when it can. */
function checkPair(x: ArrayLike<number>, y: ArrayLike<number>, minimum: number): Absent | null {
  if (x.length !== y.length)
    throw new RangeError(`x and y differ in length: ${x.length} vs ${y.length}`);
  if (!isAllFinite(x) || !isAllFinite(y))
    return absent('non-finite-input', 'x or y holds NaN or ±Infinity');
  if (x.length < minimum) {
    return absent('too-few-observations', `${x.length} observations, ${minimum} needed`);
  }
  return null;
}

/**
 * Full-sample OLS with intercept, computed on centred data (the normal equations on raw
 * prices lose ~cond² digits). A constant x has no hedge ratio: `zero-variance`. A constant y
 * is fitted exactly by β = 0, α = y; its R² (0/0) is null.
 */
export function fitOls(x: ArrayLike<number>, y: ArrayLike<number>): Maybe<OlsFit> {
  const problem = checkPair(x, y, 3);
  if (problem !== null) return problem;
  const n = x.length;
  if (isConstant(x)) return absent('zero-variance', 'x is constant');
  const mx = mean(x);
  const my = mean(y);
  const sxx = centredSumOfSquares(x, mx);
  const syy = centredSumOfSquares(y, my);
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
  const beta = syy === 0 ? 0 : sxy / sxx;
  const alpha = my - beta * mx;
  let ssr = 0;
  if (syy !== 0) {
    for (let i = 0; i < n; i++) {
      const e = (y[i] as number) - my - beta * ((x[i] as number) - mx);
      ssr += e * e;
    }
  }
  const scale = ssr / (n - 2);
  const reasons: Partial<Record<'rSquared' | 'rSquaredAdj' | 'betaTValue', NullReason>> = {};
  let rSquared: number | null = null;
  let rSquaredAdj: number | null = null;
  if (syy === 0) {
    reasons.rSquared = 'zero-variance';
    reasons.rSquaredAdj = 'zero-variance';
  } else {
    rSquared = 1 - ssr / syy;
    rSquaredAdj = 1 - ((n - 1) / (n - 2)) * (1 - rSquared);
  }
  const betaSe = sqrt(scale / sxx);
  const alphaSe = sqrt(scale * (1 / n + (mx * mx) / sxx));
  let betaTValue: number | null = null;
  if (betaSe > 0) betaTValue = beta / betaSe;
  else reasons.betaTValue = 'perfect-fit';
  return present({
    nobs: n,
    alpha,
    beta,
    rSquared,
    rSquaredAdj,
    ssr,
    residStdDdof2: sqrt(scale),
    residStdDdof1: sqrt(ssr / (n - 1)),
    residStdDdof0: sqrt(ssr / n),
    alphaSe,
    betaSe,
    betaTValue,
    reasons,
  });
}

/** Full-sample OLS through the origin: β = Σxy/Σx². */
export function fitOlsThroughOrigin(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Maybe<OlsThroughOriginFit> {
  const problem = checkPair(x, y, 2);
  if (problem !== null) return problem;
  const n = x.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    sxx += xi * xi;
    sxy += xi * yi;
    syy += yi * yi;
  }
  if (sxx === 0) return absent('zero-variance', 'x is identically 0');
  const beta = sxy / sxx;
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const e = (y[i] as number) - beta * (x[i] as number);
    ssr += e * e;
  }
  const scale = ssr / (n - 1);
  const reasons: Partial<Record<'rSquaredUncentered', NullReason>> = {};
  let rSquaredUncentered: number | null = null;
  if (syy === 0) reasons.rSquaredUncentered = 'zero-variance';
  else rSquaredUncentered = 1 - ssr / syy;
  return present({
    nobs: n,
    beta,
    rSquaredUncentered,
    ssr,
    residStdDdof1: sqrt(scale),
    residStdDdof0: sqrt(ssr / n),
    betaSe: sqrt(scale / sxx),
    reasons,
  });
}

/** y − β·x − α for every point. */
export function spreadSeries(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  beta: number,
  alpha = 0,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (y[i] as number) - beta * (x[i] as number) - alpha;
  return out;
}
