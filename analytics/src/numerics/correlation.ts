import { allPositive, isAllFinite, isConstant, logReturns, mean } from './descriptive';
import { absent, present, type Maybe } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { max, min, sqrt } = Math;

/**
 * Pearson correlation by centred two-pass sums, clamped to [−1, 1]. Null when either series
 * is constant (checked by exact equality, not by a variance that rounds to ~1e-12).
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Maybe<number> {
  if (x.length !== y.length)
    throw new RangeError(`x and y differ in length: ${x.length} vs ${y.length}`);
  const n = x.length;
  if (!isAllFinite(x) || !isAllFinite(y))
    return absent('non-finite-input', 'x or y holds NaN or ±Infinity');
  if (n < 2) return absent('too-few-observations', `${n} observations`);
  if (isConstant(x)) return absent('zero-variance', 'x is constant');
  if (isConstant(y)) return absent('zero-variance', 'y is constant');
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return present(max(-1, min(1, sxy / sqrt(sxx * syy))));
}

/** Pearson correlation of the log returns ln p_t − ln p_{t−1} of two price series. */
export function logReturnCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Maybe<number> {
  if (x.length !== y.length)
    throw new RangeError(`x and y differ in length: ${x.length} vs ${y.length}`);
  if (!isAllFinite(x) || !isAllFinite(y))
    return absent('non-finite-input', 'x or y holds NaN or ±Infinity');
  if (!allPositive(x) || !allPositive(y))
    return absent('non-positive-price', 'log returns need prices > 0');
  return pearsonCorrelation(logReturns(x), logReturns(y));
}
