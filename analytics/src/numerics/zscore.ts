import { centredSumOfSquares, isAllFinite, mean } from './descriptive';
import { absent, present, type Maybe, type NullReason } from './result';
import { RollingMoments } from './rolling-moments';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { sqrt } = Math;
const isFiniteNumber = Number.isFinite;

/**
 * z-score of the last value against the whole array, (v_last − mean)/std, by two passes.
 * ddof 1 (sample std, pandas' `rolling().std()` default) unless told otherwise. Null when
 * the values are all equal.
 */
export function zScoreOfLast(values: ArrayLike<number>, ddof: 0 | 1 = 1): Maybe<number> {
  const n = values.length;
  if (!isAllFinite(values)) return absent('non-finite-input', 'values hold NaN or ±Infinity');
  if (n < 2 || n <= ddof) return absent('too-few-observations', `${n} values`);
  const m = mean(values);
  const ss = centredSumOfSquares(values, m);
  if (ss === 0) return absent('zero-variance', 'values are constant');
  return present(((values[n - 1] as number) - m) / sqrt(ss / (n - ddof)));
}

export interface RollingZScorePoint {
  readonly mean: number | null;
  readonly std: number | null;
  readonly z: number | null;
  /** Why z is null (absent when z has a value). */
  readonly reason?: NullReason;
}

/**
 * Rolling z-score of every point against the window of the last `window` values ending at
 * it, computed incrementally (O(1) per point). `std` uses `ddof` (default 1, pandas'
 * rolling std). A non-finite value breaks the window, which then needs `window` fresh values
 * (pandas' rolling over NaN behaves the same). A constant window has std 0 and z null.
 */
export function rollingZScore(
  series: ArrayLike<number>,
  window: number,
  ddof: 0 | 1 = 1,
): RollingZScorePoint[] {
  const moments = new RollingMoments(window);
  const out: RollingZScorePoint[] = [];
  for (let i = 0; i < series.length; i++) {
    const v = series[i] as number;
    if (!isFiniteNumber(v)) {
      moments.clear();
      out.push({ mean: null, std: null, z: null, reason: 'non-finite-input' });
      continue;
    }
    moments.push(v);
    if (!moments.full) {
      out.push({ mean: null, std: null, z: null, reason: 'window-not-full' });
    } else if (moments.constant) {
      out.push({ mean: v, std: 0, z: null, reason: 'zero-variance' });
    } else {
      const std = sqrt(moments.sumOfSquares / (moments.count - ddof));
      out.push({ mean: moments.mean, std, z: moments.lastDeviation / std });
    }
  }
  return out;
}
