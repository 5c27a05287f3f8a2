import { isAllFinite, isConstant } from './descriptive';
import { fitOls } from './ols';
import { absent, present, type Maybe } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { floor, log, min } = Math;

export interface HurstOptions {
  /** Smallest lag τ in bars; default 2. */
  readonly minLag?: number;
  /** Largest lag τ in bars; default 20, lowered to ⌊n/2⌋ for short series. */
  readonly maxLag?: number;
}

export interface HurstResult {
  /** H: 0.5 random walk, < 0.5 mean-reverting, > 0.5 trending (persistent increments). */
  readonly hurst: number;
  readonly minLag: number;
  readonly maxLag: number;
  /** R² of the log–log fit, a diagnostic of how well one power law describes the lags. */
  readonly fitRSquared: number | null;
  readonly nobs: number;
}

/**
 * Hurst exponent of a level series (e.g. a spread) by the variogram method: the mean
 * squared increment over τ bars scales as E[(s_{t+τ} − s_t)²] ∝ τ^{2H}, so H is half the
 * OLS slope of ln v(τ) on ln τ for τ = minLag..maxLag. Increments are not demeaned (a
 * drift counts as persistence). Needs at least 3 lags; null for constant or too-short input.
 */
export function hurstExponent(
  series: ArrayLike<number>,
  options: HurstOptions = {},
): Maybe<HurstResult> {
  const minLag = options.minLag ?? 2;
  const requestedMax = options.maxLag ?? 20;
  if (
    !Number.isInteger(minLag) ||
    minLag < 1 ||
    !Number.isInteger(requestedMax) ||
    requestedMax < minLag
  ) {
    throw new RangeError(
      `lags must be integers with 1 ≤ minLag ≤ maxLag, got ${minLag}..${requestedMax}`,
    );
  }
  const n = series.length;
  if (!isAllFinite(series)) return absent('non-finite-input', 'series holds NaN or ±Infinity');
  const maxLag = min(requestedMax, floor(n / 2));
  if (maxLag - minLag + 1 < 3) {
    return absent(
      'too-few-observations',
      `${n} observations give fewer than 3 lags from ${minLag}`,
    );
  }
  if (isConstant(series)) return absent('zero-variance', 'series is constant');
  const lags = maxLag - minLag + 1;
  const logLag = new Float64Array(lags);
  const logVariogram = new Float64Array(lags);
  for (let k = 0; k < lags; k++) {
    const tau = minLag + k;
    let s = 0;
    for (let t = 0; t + tau < n; t++) {
      const d = (series[t + tau] as number) - (series[t] as number);
      s += d * d;
    }
    // Periodic with period τ: the power law does not hold and ln 0 is undefined.
    if (s === 0) return absent('zero-variance', `no variation at lag ${tau}`);
    logLag[k] = log(tau);
    logVariogram[k] = log(s / (n - tau));
  }
  const fit = fitOls(logLag, logVariogram);
  if (fit.value === null) return fit;
  return present({
    hurst: fit.value.beta / 2,
    minLag,
    maxLag,
    fitRSquared: fit.value.rSquared,
    nobs: n,
  });
}
