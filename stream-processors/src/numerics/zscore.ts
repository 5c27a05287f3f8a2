import { centredSumOfSquares, isAllFinite, mean } from './descriptive';
import { absent, present, type Maybe } from './result';

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
  return present(((values[n - 1] as number) - m) / Math.sqrt(ss / (n - ddof)));
}
