import { isAllFinite, isConstant } from './descriptive';
import { fitOls } from './ols';
import { absent, present, type Maybe, type NullReason, type Reasons } from './result';

export interface HalfLifeResult {
  /** −ln 2 / λ in samples (bars); null when λ ≥ 0 (no mean reversion). */
  readonly halfLife: number | null;
  /** Slope of Δs_t on s_{t−1}. */
  readonly lambda: number;
  readonly intercept: number;
  readonly lambdaSe: number;
  readonly lambdaTValue: number | null;
  /** n − 1. */
  readonly nobs: number;
  readonly reasons: Reasons<'halfLife' | 'lambdaTValue'>;
}

/**
 * Half-life of mean reversion of a spread: OLS of Δs_t = c + λ·s_{t−1} + ε_t (with
 * intercept, statsmodels `OLS(np.diff(s), add_constant(s[:-1]))`), half-life = −ln 2/λ.
 * This is the discrete-time approximation of an Ornstein–Uhlenbeck process; the exact AR(1)
 * value would be −ln 2/ln(1+λ).
 */
export function halfLife(spread: ArrayLike<number>): Maybe<HalfLifeResult> {
  const n = spread.length;
  if (!isAllFinite(spread)) return absent('non-finite-input', 'spread holds NaN or ±Infinity');
  if (n < 4) return absent('too-few-observations', `${n} observations, 4 needed`);
  // s[:-1] constant: no slope can be estimated (statsmodels crashes on it).
  if (isConstant(spread, 0, n - 1)) return absent('zero-variance', 'lagged spread is constant');
  const lagged = new Float64Array(n - 1);
  const diff = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    lagged[i] = spread[i] as number;
    diff[i] = (spread[i + 1] as number) - (spread[i] as number);
  }
  const fit = fitOls(lagged, diff);
  if (fit.value === null) return fit;
  const lambda = fit.value.beta;
  const reasons: Partial<Record<'halfLife' | 'lambdaTValue', NullReason>> = {};
  let value: number | null = null;
  if (lambda < 0) value = -Math.LN2 / lambda;
  else reasons.halfLife = 'no-mean-reversion';
  if (fit.value.betaTValue === null) reasons.lambdaTValue = 'perfect-fit';
  return present({
    halfLife: value,
    lambda,
    intercept: fit.value.alpha,
    lambdaSe: fit.value.betaSe,
    lambdaTValue: fit.value.betaTValue,
    nobs: n - 1,
    reasons,
  });
}
