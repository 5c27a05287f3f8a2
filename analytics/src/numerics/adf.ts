import { isAllFinite, isConstant } from './descriptive';
import {
  householderQr,
  lastColumnTValue,
  prefixResidualSums,
  solveCoefficients,
  type QrResult,
} from './householder-qr';
import { mackinnonCriticalValues, mackinnonPValue, type CriticalValues } from './mackinnon';
import { absent, present, type Maybe } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { abs, ceil, floor, log, min, pow, sqrt } = Math;

/** Deterministic terms: constant, constant + trend, constant + trend + trend², none. */
export type AdfRegression = 'c' | 'ct' | 'ctt' | 'n';
/** Lag selection as statsmodels `autolag`; null = use exactly `maxLag` lags. */
export type AutoLag = 'AIC' | 'BIC' | 't-stat';

export interface AdfOptions {
  /** Default 'c'. 'nc' is accepted as the pre-0.14 statsmodels spelling of 'n'. */
  readonly regression?: AdfRegression | 'nc';
  /** Default ⌈12·(n/100)^¼⌉ capped at ⌊n/2⌋ − ntrend − 1 (statsmodels). */
  readonly maxLag?: number;
  /** Default 'AIC'; case-insensitive; null for a fixed lag. */
  readonly autoLag?: AutoLag | 'aic' | 'bic' | null;
}

export interface AdfSearch {
  /** Observations of the common sample every candidate lag was fitted on: n − 1 − maxLag. */
  readonly nobs: number;
  /** AIC, BIC or |t| of the last regressor, for lag 0..maxLag; null where the lag leaves no
   * residual degrees of freedom (only possible for 't-stat', which then skips the lag). */
  readonly criterionByLag: readonly (number | null)[];
}

export interface AdfResult {
  readonly regression: AdfRegression;
  readonly autoLag: AutoLag | null;
  /** τ = γ / se(γ), γ the coefficient on the lagged level. */
  readonly statistic: number;
  /** MacKinnon (1994) approximate p-value (exactly 0 or 1 outside the tables' range). */
  readonly pValue: number;
  readonly usedLag: number;
  /** Observations in the final regression: n − 1 − usedLag. */
  readonly nobs: number;
  /** MacKinnon (2010) critical values for `nobs`. */
  readonly criticalValues: CriticalValues;
  /** Best criterion of the lag search; null without autolag. */
  readonly icbest: number | null;
  readonly maxLag: number;
  readonly gamma: number;
  readonly gammaSe: number;
  /** Final regression coefficients in statsmodels' order: level, lagged differences 1..usedLag, constant, trend, trend². */
  readonly params: readonly number[];
  readonly search: AdfSearch | null;
}

/** norm.ppf(0.95), the t-stat lag search's stopping threshold in statsmodels. */
const T_STAT_STOP = 1.6448536269514722;
const LN_2PI = log(2 * Math.PI);
/** Residuals this small relative to the dependent variable mean an exact autoregression. */
const PERFECT_FIT = 1e-12;

function trendCount(regression: AdfRegression): number {
  return regression === 'n' ? 0 : regression.length;
}

export function trendTerms(regression: AdfRegression): number {
  return trendCount(regression);
}

export function normaliseRegression(regression: string): AdfRegression {
  if (regression === 'nc') return 'n';
  if (regression === 'c' || regression === 'ct' || regression === 'ctt' || regression === 'n') {
    return regression;
  }
  throw new RangeError(`regression must be 'c', 'ct', 'ctt', 'n' or 'nc', got '${regression}'`);
}

export function normaliseAutoLag(autoLag: string | null): AutoLag | null {
  if (autoLag === null) return null;
  const lower = autoLag.toLowerCase();
  if (lower === 'aic') return 'AIC';
  if (lower === 'bic') return 'BIC';
  if (lower === 't-stat') return 't-stat';
  throw new RangeError(`autoLag must be 'AIC', 'BIC', 't-stat' or null, got '${autoLag}'`);
}

/**
 * The ADF regressions on rows t = first..n−2 (dependent Δx_{t+1} = x[t+1] − x[t]):
 * level x[t], lagged differences Δx_{t+1−j} (j = 1..lags), and a trend 1..rows.
 * With a constant, every column and the dependent are centred on the sample, which is the
 * exact projection of the constant out of the regression (Frisch–Waugh) and leaves a
 * well-conditioned design even for price levels; the constant is recovered afterwards.
 */
export interface Design {
  readonly qr: QrResult;
  readonly rows: number;
  readonly means: Float64Array | number[];
  readonly dependentMean: number;
  readonly dependentNorm: number;
}

export type ColumnKind =
  { kind: 'trend' } | { kind: 'trend2' } | { kind: 'level' } | { kind: 'lag'; lag: number };

function buildDesign(
  x: ArrayLike<number>,
  first: number,
  columns: readonly ColumnKind[],
  centre: boolean,
): Design {
  const n = x.length;
  const rows = n - 1 - first;
  const cols = columns.length;
  const a = new Float64Array(rows * cols);
  const b = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const t = first + r;
    b[r] = (x[t + 1] as number) - (x[t] as number);
  }
  for (let c = 0; c < cols; c++) {
    const column = columns[c] as ColumnKind;
    const off = c * rows;
    for (let r = 0; r < rows; r++) {
      const t = first + r;
      let v: number;
      if (column.kind === 'trend') v = r + 1;
      else if (column.kind === 'trend2') v = (r + 1) * (r + 1);
      else if (column.kind === 'level') v = x[t] as number;
      else v = (x[t + 1 - column.lag] as number) - (x[t - column.lag] as number);
      a[off + r] = v;
    }
  }
  const means = new Float64Array(cols);
  let dependentMean = 0;
  if (centre) {
    for (let c = 0; c < cols; c++) means[c] = centreInPlace(a, c * rows, rows);
    dependentMean = centreInPlace(b, 0, rows);
  }
  let dependentNorm = 0;
  for (let r = 0; r < rows; r++) dependentNorm += (b[r] as number) * (b[r] as number);
  return {
    qr: householderQr(a, rows, cols, b),
    rows,
    means,
    dependentMean,
    dependentNorm: sqrt(dependentNorm),
  };
}

/** Subtracts the (refined) mean of v[off..off+len) in place and returns it. */
function centreInPlace(v: Float64Array, off: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[off + i] as number;
  let m = s / len;
  let corr = 0;
  for (let i = 0; i < len; i++) corr += (v[off + i] as number) - m;
  m += corr / len;
  for (let i = 0; i < len; i++) v[off + i] = (v[off + i] as number) - m;
  return m;
}

/**
 * Augmented Dickey–Fuller unit-root test, the same computation as statsmodels 0.13.5
 * `adfuller(x, maxlag, regression, autolag)`:
 * Δx_t = γ·x_{t−1} + Σ_{j=1..p} φ_j·Δx_{t−j} + deterministic terms + ε_t, τ = γ/se(γ).
 * With autolag, every lag 0..maxLag is fitted on the same sample (the last n−1−maxLag
 * differences), the lowest AIC/BIC wins with ties going to the smaller lag (or, for
 * 't-stat', lags are dropped from maxLag down while |t| of the last one is < 1.6449), and the
 * chosen lag is refitted on all n−1−lag available differences.
 *
 * Null when: input is not finite; the series is constant (statsmodels 0.13.5 returns NaN,
 * ≥ 0.14 raises); it is too short for the regression (`too-few-observations`); a fixed
 * maxLag exceeds ⌊n/2⌋ − ntrend − 1 (`lag-too-large`, statsmodels raises); the design is
 * singular; or the autoregression fits exactly (τ would be infinite).
 */
export function adfTest(series: ArrayLike<number>, options: AdfOptions = {}): Maybe<AdfResult> {
  // Validate the options before looking at the data, as before.
  normaliseRegression(options.regression ?? 'c');
  normaliseAutoLag(options.autoLag === undefined ? 'AIC' : options.autoLag);
  const n = series.length;
  if (!isAllFinite(series)) return absent('non-finite-input', 'series holds NaN or ±Infinity');
  if (n < 3) return absent('too-few-observations', `${n} observations`);
  if (isConstant(series)) return absent('zero-variance', 'series is constant');
  return adfFromDesigns(n, options, (first, columns, centre) =>
    buildDesign(series, first, columns, centre),
  );
}

/**
 * Builds the least-squares problem of the ADF regression on rows t = first..n−2 with the
 * given columns (centred when `centre`): the exact path factorises the data, the rolling
 * path (`rolling-adf.ts`) derives the same factorisation from window cross-products.
 */
export type DesignBuilder = (
  first: number,
  columns: readonly ColumnKind[],
  centre: boolean,
) => Design;

/**
 * The ADF of a series of n finite, non-constant points whose regressions `build` provides:
 * maxLag, the lag search and the final regression exactly as `adfTest`.
 */
export function adfFromDesigns(
  n: number,
  options: AdfOptions,
  build: DesignBuilder,
): Maybe<AdfResult> {
  const regression = normaliseRegression(options.regression ?? 'c');
  const autoLag = normaliseAutoLag(options.autoLag === undefined ? 'AIC' : options.autoLag);
  const ntrend = trendCount(regression);
  const maxLag = resolveMaxLag(n, ntrend, regression, options.maxLag);
  if (maxLag.value === null) return maxLag;
  const setup: AdfSetup = {
    build,
    regression,
    ntrend,
    centre: regression !== 'n',
    deterministic: deterministicColumns(regression),
  };
  let selection: LagSelection = { usedLag: maxLag.value, icbest: null, search: null };
  if (autoLag !== null) {
    const searched = searchLag(setup, maxLag.value, autoLag);
    if (searched.value === null) return searched;
    selection = searched.value;
  }
  return finalRegression(setup, autoLag, maxLag.value, selection);
}

/** What every regression of one test shares. */
interface AdfSetup {
  readonly build: DesignBuilder;
  readonly regression: AdfRegression;
  readonly ntrend: number;
  /** Regressions with a constant are fitted on centred columns. */
  readonly centre: boolean;
  readonly deterministic: readonly ColumnKind[];
}

interface LagSelection {
  readonly usedLag: number;
  readonly icbest: number | null;
  readonly search: AdfSearch | null;
}

/** The given maxLag, checked, or statsmodels' default ⌈12·(n/100)^¼⌉ capped at ⌊n/2⌋ − ntrend − 1. */
export function resolveMaxLag(
  n: number,
  ntrend: number,
  regression: AdfRegression,
  given: number | undefined,
): Maybe<number> {
  const lagCap = floor(n / 2) - ntrend - 1;
  if (given === undefined) {
    const maxLag = min(lagCap, ceil(12 * pow(n / 100, 1 / 4)));
    if (maxLag < 0) {
      return absent(
        'too-few-observations',
        `${n} observations are too few for regression '${regression}'`,
      );
    }
    return present(maxLag);
  }
  if (!Number.isInteger(given) || given < 0) {
    throw new RangeError(`maxLag must be a non-negative integer, got ${given}`);
  }
  if (given > lagCap) {
    return absent('lag-too-large', `maxLag ${given} > ⌊n/2⌋ − ntrend − 1 = ${lagCap} for n = ${n}`);
  }
  return present(given);
}

function deterministicColumns(regression: AdfRegression): ColumnKind[] {
  if (regression === 'ct') return [{ kind: 'trend' }];
  if (regression === 'ctt') return [{ kind: 'trend' }, { kind: 'trend2' }];
  return [];
}

/** Fits lags 0..maxLag on one common sample and picks one as statsmodels' `autolag` does. */
function searchLag(setup: AdfSetup, maxLag: number, autoLag: AutoLag): Maybe<LagSelection> {
  // statsmodels' column order [const, trend, level, lag 1..maxLag]: every candidate is a
  // prefix, so one factorisation serves the whole search.
  const columns: ColumnKind[] = [...setup.deterministic, { kind: 'level' }];
  for (let j = 1; j <= maxLag; j++) columns.push({ kind: 'lag', lag: j });
  const design = setup.build(maxLag, columns, setup.centre);
  if (design.qr.dependentColumn >= 0) {
    return absent('singular-design', 'lag-search regressors are linearly dependent');
  }
  const criteria = lagCriteria(setup, design, maxLag, autoLag);
  if (criteria.value === null) return criteria;
  const criterionByLag = criteria.value;
  const search: AdfSearch = { nobs: design.rows, criterionByLag };
  if (autoLag === 't-stat') {
    // From maxLag down, drop lags while the last one is insignificant; an undefined t-value
    // counts as insignificant (statsmodels gets |t| = 0 or NaN there and moves on).
    let usedLag = 0;
    let icbest: number | null = null;
    for (let lag = maxLag; lag >= 0; lag--) {
      const t = criterionByLag[lag] ?? null;
      if (t === null) continue;
      usedLag = lag;
      icbest = t;
      if (t >= T_STAT_STOP) break;
    }
    return present({ usedLag, icbest, search });
  }
  let usedLag = 0;
  let best = criterionByLag[0] as number;
  for (let lag = 1; lag <= maxLag; lag++) {
    const ic = criterionByLag[lag] as number;
    if (ic < best) {
      best = ic;
      usedLag = lag;
    }
  }
  return present({ usedLag, icbest: best, search });
}

/** AIC, BIC or |t| of the last regressor for every lag 0..maxLag of the search design. */
function lagCriteria(
  setup: AdfSetup,
  design: Design,
  maxLag: number,
  autoLag: AutoLag,
): Maybe<(number | null)[]> {
  const rows = design.rows;
  const ssr = prefixResidualSums(design.qr);
  // A lag whose regression has no residual degrees of freedom (regression 'n' on an even n
  // at the default maxLag cap) fits exactly: its AIC/BIC is −∞ and its t-value undefined.
  const criterionByLag: (number | null)[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    const k = setup.deterministic.length + 1 + lag;
    const params = setup.ntrend + 1 + lag;
    const dfResid = rows - params;
    const s = ssr[k] as number;
    if (dfResid < 1) {
      if (autoLag !== 't-stat') {
        return absent(
          'too-few-observations',
          `lag ${lag} leaves no residual degrees of freedom in the ${autoLag} search (statsmodels selects it and reports τ = 0)`,
        );
      }
      criterionByLag.push(null);
      continue;
    }
    if (!(sqrt(s) > PERFECT_FIT * design.dependentNorm)) {
      return absent('perfect-fit', `lag ${lag} fits the differences exactly`);
    }
    if (autoLag === 't-stat') {
      criterionByLag.push(abs(lastColumnTValue(design.qr, k, s, dfResid)));
    } else {
      const penalty = autoLag === 'AIC' ? 2 * params : params * log(rows);
      criterionByLag.push(rows * LN_2PI + rows * log(s / rows) + rows + penalty);
    }
  }
  return present(criterionByLag);
}

/** The regression with the chosen lag, τ and the coefficients in statsmodels' order. */
function finalRegression(
  setup: AdfSetup,
  autoLag: AutoLag | null,
  maxLag: number,
  { usedLag, icbest, search }: LagSelection,
): Maybe<AdfResult> {
  const { regression, deterministic, centre } = setup;
  // The level goes last, so that its t-value needs no inverse.
  const columns: ColumnKind[] = [...deterministic];
  for (let j = 1; j <= usedLag; j++) columns.push({ kind: 'lag', lag: j });
  columns.push({ kind: 'level' });
  const design = setup.build(usedLag, columns, centre);
  if (design.qr.dependentColumn >= 0)
    return absent('singular-design', 'ADF regressors are linearly dependent');
  const rows = design.rows;
  const k = columns.length;
  const dfResid = rows - (setup.ntrend + 1 + usedLag);
  if (dfResid < 1)
    return absent('too-few-observations', `lag ${usedLag} leaves no residual degrees of freedom`);
  const ssr = prefixResidualSums(design.qr)[k] as number;
  if (!(sqrt(ssr) > PERFECT_FIT * design.dependentNorm)) {
    return absent('perfect-fit', 'the autoregression fits the differences exactly');
  }
  const statistic = lastColumnTValue(design.qr, k, ssr, dfResid);
  const coefficients = solveCoefficients(design.qr);
  const gamma = coefficients[k - 1] as number;
  const gammaSe = sqrt(ssr / dfResid) / abs(design.qr.diag[k - 1] as number);

  const params: number[] = [gamma];
  const lagOffset = deterministic.length;
  for (let j = 0; j < usedLag; j++) params.push(coefficients[lagOffset + j] as number);
  if (centre) {
    let constant = design.dependentMean;
    for (let c = 0; c < k; c++)
      constant -= (coefficients[c] as number) * (design.means[c] as number);
    params.push(constant);
    for (let c = 0; c < lagOffset; c++) params.push(coefficients[c] as number);
  }
  return present({
    regression,
    autoLag,
    statistic,
    pValue: mackinnonPValue(statistic, regression, 1),
    usedLag,
    nobs: rows,
    criticalValues: mackinnonCriticalValues(1, regression, rows),
    icbest,
    maxLag,
    gamma,
    gammaSe,
    params,
    search,
  });
}
