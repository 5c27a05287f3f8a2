import {
  TAU_2010,
  TAU_LARGEP,
  TAU_MAX,
  TAU_MIN,
  TAU_SMALLP,
  TAU_STAR,
  type TableRegression,
} from './mackinnon-tables';
import { normalCdf } from './normal-cdf';

export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

/** Horner in increasing powers, the same operation order as numpy.polyval on the reversed row. */
function polyIncreasing(coefficients: readonly number[], x: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * x + (coefficients[i] as number);
  return y;
}

function checkN(n: number, available: number): void {
  if (!Number.isInteger(n) || n < 1 || n > available) {
    throw new RangeError(`MacKinnon tables cover N = 1..${available}, got ${n}`);
  }
}

/**
 * MacKinnon (1994) approximate p-value of a Dickey–Fuller τ statistic, as statsmodels'
 * `mackinnonp`: exactly 1 above the table's maximum, exactly 0 below its minimum, otherwise
 * Φ of the small-p (τ ≤ τ*) or large-p polynomial. `n` is the number of I(1) series (1 for
 * ADF, 2 for a two-series Engle–Granger test). The caller passes a finite statistic.
 */
export function mackinnonPValue(statistic: number, regression: TableRegression, n = 1): number {
  checkN(n, 6);
  const i = n - 1;
  if (statistic > (TAU_MAX[regression][i] as number)) return 1;
  if (statistic < (TAU_MIN[regression][i] as number)) return 0;
  const table = statistic <= (TAU_STAR[regression][i] as number) ? TAU_SMALLP : TAU_LARGEP;
  return normalCdf(polyIncreasing(table[regression][i] as readonly number[], statistic));
}

/**
 * MacKinnon (2010) critical values for `nobs` observations, as statsmodels'
 * `mackinnoncrit`: β∞ + β1/T + β2/T² + β3/T³ (asymptotic values for nobs = Infinity).
 */
export function mackinnonCriticalValues(
  n: number,
  regression: TableRegression,
  nobs: number,
): CriticalValues {
  const surfaces = TAU_2010[regression];
  checkN(n, surfaces.length);
  const rows = surfaces[n - 1] as readonly (readonly number[])[];
  const u = 1 / nobs;
  const at = (k: number): number => polyIncreasing(rows[k] as readonly number[], u);
  return { '1%': at(0), '5%': at(1), '10%': at(2) };
}
