/**
 * Least squares by Householder QR, in place on a column-major matrix.
 *
 * Why QR and not normal equations: price-level ADF designs (level ≈ 6e4 next to a trend
 * 1..n and lagged differences ≈ 10) are ill-conditioned; forming XᵀX squares the condition
 * number, QR does not. Columns are factorised in the order given, so the factorisation of
 * the first k columns is a prefix of the full one: one QR answers every nested regression
 * of the ADF lag search (SSR, and the t-value of the last column, for each prefix).
 */

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { abs, sqrt } = Math;

/** A column is treated as linearly dependent when orthogonalising it leaves less than this
 * fraction of its norm: far below any statistically meaningful design, far above rounding. */
const DEPENDENT_COLUMN = 1e-10;

export interface QrResult {
  readonly rows: number;
  readonly cols: number;
  /** Column-major; R is in the upper triangle (its diagonal is in `diag`), Householder vectors below. */
  // number[] too: the rolling tests build small factors per bar, where allocating typed
  // arrays dominated the cost.
  readonly a: Float64Array | number[];
  readonly diag: Float64Array | number[];
  /** Qᵀb, length `rows`. */
  readonly qtb: Float64Array | number[];
  /** Index of the first column that depends linearly on the earlier ones, or -1. */
  readonly dependentColumn: number;
}

/**
 * Factorises `a` (rows × cols, column-major, overwritten) and applies the same reflections to
 * `b` (overwritten with Qᵀb). Stops at the first dependent column.
 */
export function householderQr(
  a: Float64Array,
  rows: number,
  cols: number,
  b: Float64Array,
): QrResult {
  const diag = new Float64Array(cols);
  let dependentColumn = -1;
  for (let j = 0; j < cols; j++) {
    const cj = j * rows;
    let original = 0;
    for (let i = 0; i < rows; i++) {
      const v = a[cj + i] as number;
      original += v * v;
    }
    let s = 0;
    for (let i = j; i < rows; i++) {
      const v = a[cj + i] as number;
      s += v * v;
    }
    const norm = sqrt(s);
    if (!(norm > DEPENDENT_COLUMN * sqrt(original))) {
      dependentColumn = j;
      break;
    }
    const ajj = a[cj + j] as number;
    // Reflect onto −sign(ajj)·‖x‖ so that v0 = ajj − alpha never cancels.
    const alpha = ajj > 0 ? -norm : norm;
    const v0 = ajj - alpha;
    a[cj + j] = v0;
    const tau = 1 / (norm * abs(v0)); // 2 / vᵀv, since vᵀv = 2‖x‖(‖x‖ + |ajj|)
    for (let k = j + 1; k < cols; k++) {
      const ck = k * rows;
      let dot = 0;
      for (let i = j; i < rows; i++) dot += (a[cj + i] as number) * (a[ck + i] as number);
      const f = dot * tau;
      for (let i = j; i < rows; i++) a[ck + i] = (a[ck + i] as number) - f * (a[cj + i] as number);
    }
    let dot = 0;
    for (let i = j; i < rows; i++) dot += (a[cj + i] as number) * (b[i] as number);
    const f = dot * tau;
    for (let i = j; i < rows; i++) b[i] = (b[i] as number) - f * (a[cj + i] as number);
    diag[j] = alpha;
  }
  return { rows, cols, a, diag, qtb: b, dependentColumn };
}

/**
 * Residual sums of squares of every prefix regression: out[k] = SSR of b on the first k
 * columns = Σ_{i≥k} (Qᵀb)_i², summed from the bottom so small tails keep their precision.
 */
export function prefixResidualSums(qr: QrResult): Float64Array {
  const out = new Float64Array(qr.cols + 1);
  let tail = 0;
  for (let i = qr.rows - 1; i >= qr.cols; i--) {
    const v = qr.qtb[i] as number;
    tail += v * v;
  }
  out[qr.cols] = tail;
  for (let k = qr.cols - 1; k >= 0; k--) {
    const v = qr.qtb[k] as number;
    tail += v * v;
    out[k] = tail;
  }
  return out;
}

/** Solves R·β = (Qᵀb)[0..k) for the first k columns. */
export function solveCoefficients(qr: QrResult, k = qr.cols): Float64Array {
  const beta = new Float64Array(k);
  const { a, rows, diag, qtb } = qr;
  for (let i = k - 1; i >= 0; i--) {
    let s = qtb[i] as number;
    for (let j = i + 1; j < k; j++) s -= (a[j * rows + i] as number) * (beta[j] as number);
    beta[i] = s / (diag[i] as number);
  }
  return beta;
}

/**
 * t-value of the last of the first k columns in the regression on those k columns: its
 * coefficient is (Qᵀb)_{k−1}/R_{k−1,k−1} and its variance s²/R²_{k−1,k−1}, so
 * t = sign(R_{k−1,k−1})·(Qᵀb)_{k−1}/s with s² = SSR_k/dfResid.
 */
export function lastColumnTValue(qr: QrResult, k: number, ssr: number, dfResid: number): number {
  const r = qr.diag[k - 1] as number;
  const q = qr.qtb[k - 1] as number;
  const s = sqrt(ssr / dfResid);
  return (r > 0 ? q : -q) / s;
}
