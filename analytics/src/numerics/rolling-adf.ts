import {
  adfFromDesigns,
  adfTest,
  normaliseRegression,
  resolveMaxLag,
  trendTerms,
  type AdfOptions,
  type AdfResult,
  type ColumnKind,
  type Design,
  type DesignBuilder,
} from './adf';
import type { QrResult } from './householder-qr';
import { absent, type Maybe } from './result';
import { LaggedWindow, type RollingGram } from './rolling-cross-products';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { abs, sqrt } = Math;

/**
 * A regression column as a linear map of the window cross-products: on the row at position
 * r (1-based) its value is Σ w_i·z_i + c0 + t1·r + t2·r².
 */
export interface LinearColumn {
  /** Flat pairs i0, coef0, i1, coef1, … (index into the row vector z, coefficient); index 0
   * is the constant 1. Flat, not tuples: a design builds ~20 columns per call. */
  readonly w: readonly number[];
  readonly c0: number;
  readonly t1: number;
  readonly t2: number;
}

/**
 * Thrown (and caught inside this module family) when the cross-products cannot give the
 * regression to the reference tolerance: then the exact window refit answers.
 */
export class NeedsExactRefit extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'NeedsExactRefit';
  }
}

/**
 * Normal equations lose accuracy as ε·(scale of the summed terms)/(pivot): a column whose
 * pivot falls below this fraction of its terms' scale (cancellation in the cross-products
 * times the conditioning of the design) goes to the exact refit. ε·1e4 ≈ 2e-12: the 1e-8 on
 * τ would allow more, but an AIC near 0 is compared at 1e-9 relative (found on the per-bar
 * reference at window 30, where 1e6 let a 1.2e-9 through). At windows 120 and 500 it never
 * fires on the reference pairs.
 */
const MAX_AMPLIFICATION = 1e4;
/** Rows per design column below which the refit answers (see designFromGram). */
const MIN_ROWS_PER_COLUMN = 3;

/**
 * Scratch memory for the temporaries of one design: small typed arrays cost about a
 * microsecond each to allocate (and drive the collector), a dozen per design made the
 * rolling tests slower than the refit. Nothing in it outlives a call, so results never
 * depend on what ran before.
 */
let scratch = new Float64Array(8192);
export const NO_ROWS = new Float64Array(0);
/** Views into `scratch` by layout: the layouts are few (k and head rows per test), and even a
 * view costs an allocation. */
let views = new Map<string, Float64Array[]>();
function scratchViews(sizes: readonly number[]): Float64Array[] {
  const key = sizes.join(',');
  let out = views.get(key);
  if (out === undefined) {
    let total = 0;
    for (const n of sizes) total += n;
    if (total > scratch.length) {
      scratch = new Float64Array(2 * total);
      views = new Map();
    }
    out = [];
    let off = 0;
    for (const n of sizes) {
      out.push(scratch.subarray(off, off + n));
      off += n;
    }
    views.set(key, out);
  }
  for (const v of out) v.fill(0);
  return out;
}

function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(0);
  return out;
}

/** G·w for a sparse w (the full symmetric product from the upper triangle). */
function gramTimes(gram: RollingGram, w: readonly number[], c0: number, out: Float64Array): void {
  const { g, m } = gram;
  out.fill(0);
  const add = (i: number, ci: number): void => {
    for (let j = 0; j < i; j++) out[j] = (out[j] as number) + ci * (g[j * m + i] as number);
    const row = i * m;
    for (let j = i; j < m; j++) out[j] = (out[j] as number) + ci * (g[row + j] as number);
  };
  for (let e = 0; e < w.length; e += 2) add(w[e] as number, w[e + 1] as number);
  if (c0 !== 0) add(0, c0);
}

function sparseDot(w: readonly number[], c0: number, v: Float64Array): number {
  let s = c0 * (v[0] as number);
  for (let e = 0; e < w.length; e += 2) s += (w[e + 1] as number) * (v[w[e] as number] as number);
  return s;
}

/**
 * The least-squares problem of `columns` (regressors, then the dependent last) over the rows
 * of `gram` plus `head` explicit rows (row-major, `columns.length` values each), as the
 * `Design` the ADF code consumes: a Cholesky factor of the (centred) cross-product matrix
 * laid out like a Householder QR of a (k+1)-row problem — R in the upper triangle, Qᵀb in
 * the last column, √SSR as the last Qᵀb entry.
 */
export function designFromGram(
  gram: RollingGram,
  columns: readonly LinearColumn[],
  centre: boolean,
  head: Float64Array,
  headRows: number,
): Design {
  const k = columns.length;
  const m = gram.m;
  const [p1, p2, p3, p4] = gram.powerSums();
  const rows = gram.count + headRows;
  // A design close to saturation (a few rows per column: small windows with many lags) fits
  // the differences almost exactly, and its SSR loses more to the normal equations than the
  // pivot bound below sees (1e-9 on an AIC at window 20): the refit is cheap there anyway.
  if (rows < MIN_ROWS_PER_COLUMN * k) {
    throw new NeedsExactRefit(`${rows} rows for ${k} columns`);
  }
  // With a constant, a column's c0 changes no centred cross-product: it is left out of the
  // sums (less cancellation) and of the head rows alike, and added back to the mean.
  // Without one, c0 is a multiple of the row vector's constant entry z_0 = 1.
  const [h0, gw, wT1, wT2, total, scale, view, c] = scratchViews([
    headRows * k,
    k * m,
    k,
    k,
    k,
    k,
    m,
    k * k,
  ]) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  h0.set(head.subarray(0, headRows * k));
  if (centre && headRows > 0) {
    for (let h = 0; h < headRows; h++) {
      for (let a = 0; a < k; a++)
        h0[h * k + a] = (h0[h * k + a] as number) - (columns[a] as LinearColumn).c0;
    }
  }
  for (let a = 0; a < k; a++) {
    const col = columns[a] as LinearColumn;
    const c0 = centre ? 0 : col.c0;
    gramTimes(gram, col.w, c0, view);
    gw.set(view, a * m);
    wT1[a] = sparseDot(col.w, c0, gram.t1);
    wT2[a] = sparseDot(col.w, c0, gram.t2);
    total[a] = (view[0] as number) + col.t1 * p1 + col.t2 * p2;
    let sc = abs(c0) * sqrt(gram.count);
    for (let e = 0; e < col.w.length; e += 2) {
      const i = col.w[e] as number;
      sc += abs(col.w[e + 1] as number) * sqrt(abs(gram.g[i * m + i] as number));
    }
    sc += abs(col.t1) * sqrt(p2) + abs(col.t2) * sqrt(p4);
    sc *= sc;
    for (let h = 0; h < headRows; h++) {
      const v = h0[h * k + a] as number;
      sc += v * v;
      total[a] = (total[a] as number) + v;
    }
    scale[a] = sc;
  }
  for (let a = 0; a < k; a++) {
    const ca = columns[a] as LinearColumn;
    for (let b = a; b < k; b++) {
      const cb = columns[b] as LinearColumn;
      let v = 0;
      const off = a * m;
      const cb0 = centre ? 0 : cb.c0;
      v += cb0 * (gw[off] as number);
      const bw = cb.w;
      for (let e = 0; e < bw.length; e += 2)
        v += (bw[e + 1] as number) * (gw[off + (bw[e] as number)] as number);
      v += ca.t1 * (wT1[b] as number) + cb.t1 * (wT1[a] as number);
      v += ca.t2 * (wT2[b] as number) + cb.t2 * (wT2[a] as number);
      v += ca.t1 * cb.t1 * p2 + (ca.t1 * cb.t2 + ca.t2 * cb.t1) * p3 + ca.t2 * cb.t2 * p4;
      for (let h = 0; h < headRows; h++) v += (h0[h * k + a] as number) * (h0[h * k + b] as number);
      c[a * k + b] = v;
    }
  }
  // the returned arrays outlive the call: plain arrays, cheaper than typed ones at this size
  const means = zeros(k);
  if (centre) {
    for (let a = 0; a < k; a++) {
      const ta = total[a] as number;
      for (let b = a; b < k; b++)
        c[a * k + b] = (c[a * k + b] as number) - (ta * (total[b] as number)) / rows;
      means[a] = ta / rows + (columns[a] as LinearColumn).c0;
    }
  }
  return factorDesign(c, scale, k, rows, means);
}

/** Cholesky C = UᵀU of the (centred) cross-products, in place, laid out as a QR `Design`. */
function factorDesign(
  c: Float64Array,
  scale: Float64Array,
  k: number,
  rows: number,
  means: number[],
): Design {
  const kr = k - 1;
  // Cholesky: C = UᵀU, U upper, in place in c's upper triangle.
  for (let j = 0; j < k; j++) {
    let d = c[j * k + j] as number;
    for (let i = 0; i < j; i++) d -= (c[i * k + j] as number) ** 2;
    if (!(d > (scale[j] as number) / MAX_AMPLIFICATION)) {
      throw new NeedsExactRefit(`column ${j} is (nearly) dependent on the earlier ones`);
    }
    const ujj = sqrt(d);
    c[j * k + j] = ujj;
    for (let l = j + 1; l < k; l++) {
      let v = c[j * k + l] as number;
      for (let i = 0; i < j; i++) v -= (c[i * k + j] as number) * (c[i * k + l] as number);
      c[j * k + l] = v / ujj;
    }
  }
  const a = zeros((kr + 1) * kr);
  const diag = zeros(kr);
  const qtb = zeros(kr + 1);
  for (let j = 0; j < kr; j++) {
    for (let i = 0; i < j; i++) a[j * (kr + 1) + i] = c[i * k + j] as number;
    diag[j] = c[j * k + j] as number;
    qtb[j] = c[j * k + kr] as number;
  }
  qtb[kr] = c[kr * k + kr] as number;
  const qr: QrResult = { rows: kr + 1, cols: kr, a, diag, qtb, dependentColumn: -1 };
  let dependentNorm = 0;
  // ‖b‖ (centred): Σ of the last column of U squared
  for (let i = 0; i <= kr; i++) dependentNorm += (c[i * k + kr] as number) ** 2;
  return {
    qr,
    rows,
    means: means.slice(0, kr),
    dependentMean: means[kr] as number,
    dependentNorm: sqrt(dependentNorm),
  };
}

/**
 * The series an ADF runs on, v_b = Σ_u c_u·u_b + d0 + d1·(b+1) + d2·(b+1)² at window
 * position b: one series (c = [1]) or an Engle–Granger residual (c = [−β, 1], d the
 * first-stage constant and trends).
 */
export interface TargetSeries {
  readonly c: readonly number[];
  /** d0 in anchor units: the constant after subtracting Σ c_u·K_u from the levels. */
  readonly d0: number;
  readonly d1: number;
  readonly d2: number;
  /** Added to v to give the true series (Σ c_u·K_u for a plain series; 0 when d0 already
   * holds the anchors' share). Matters only for regressions without a constant. */
  readonly shift: number;
}

/** The ADF design builder over a lagged window for one target series. */
export function rollingDesignBuilder(win: LaggedWindow, target: TargetSeries): DesignBuilder {
  const p = win.p;
  const { c: coef, d0, d1, d2 } = target;
  const value = (b: number): number => {
    let v = d0 + d1 * (b + 1) + d2 * (b + 1) * (b + 1);
    for (let u = 0; u < coef.length; u++) {
      v += (coef[u] as number) * (win.value(u, b) - (win.anchor[u] as number));
    }
    return v;
  };
  const levelColumn = (h: number): LinearColumn => {
    // row r of the Gram is bar t = p + r − 1, so b + 1 = p + r (h does not move the levels)
    void h;
    const w: number[] = [];
    for (let u = 0; u < coef.length; u++) w.push(1 + u * win.block, coef[u] as number);
    return { w, c0: d0 + d1 * p + d2 * p * p, t1: d1 + 2 * d2 * p, t2: d2 };
  };
  /** Δv at bar s = t + 1 − j. */
  const diffColumn = (j: number): LinearColumn => {
    const w: number[] = [];
    for (let u = 0; u < coef.length; u++) w.push(1 + u * win.block + 1 + j, coef[u] as number);
    return { w, c0: d1 + d2 * (2 * p - 2 * j + 1), t1: 2 * d2, t2: 0 };
  };
  return (first: number, kinds: readonly ColumnKind[], centre: boolean): Design => {
    if (first > p) throw new NeedsExactRefit(`lag ${first} beyond the cross-products' ${p}`);
    const headRows = p - first;
    const columns: LinearColumn[] = kinds.map((kind) => {
      if (kind.kind === 'trend') return { w: [], c0: headRows, t1: 1, t2: 0 };
      if (kind.kind === 'trend2')
        return { w: [], c0: headRows * headRows, t1: 2 * headRows, t2: 1 };
      if (kind.kind === 'level') return levelColumn(headRows);
      return diffColumn(kind.lag);
    });
    columns.push(diffColumn(0));
    const k = columns.length;
    const head = headRows > 0 ? new Float64Array(headRows * k) : NO_ROWS;
    for (let h = 0; h < headRows; h++) {
      const t = first + h; // window position of the row's level
      const r = h + 1;
      for (let a = 0; a < k - 1; a++) {
        const kind = kinds[a] as ColumnKind;
        let v: number;
        if (kind.kind === 'trend') v = r;
        else if (kind.kind === 'trend2') v = r * r;
        else if (kind.kind === 'level') v = value(t);
        else v = value(t + 1 - kind.lag) - value(t - kind.lag);
        head[h * k + a] = v;
      }
      head[h * k + k - 1] = value(t + 1) - value(t);
    }
    if (!centre) {
      // the levels must be the true series values: the anchors' share goes into c0
      const shift = target.shift;
      for (let a = 0; a < k - 1; a++) {
        if ((kinds[a] as ColumnKind).kind !== 'level') continue;
        const col = columns[a] as LinearColumn;
        columns[a] = { ...col, c0: col.c0 + shift };
        for (let h = 0; h < headRows; h++) head[h * k + a] = (head[h * k + a] as number) + shift;
      }
    }
    return designFromGram(win.rows, columns, centre, head, headRows);
  };
}

export interface RollingAdfOptions extends AdfOptions {
  /** Bars in the window; the test is answered once the window is full. */
  readonly window: number;
}

/**
 * ADF over the last `window` values of one series, updated per value in O(maxLag²) and
 * answered from the cross-products (one small factorisation for the lag search, one for the
 * refit). Equals `adfTest(window values, options)`: windows where the cross-products would
 * lose accuracy (constant or nearly collinear designs, near-perfect fits) are answered by
 * that exact refit.
 */
export class RollingAdf {
  private readonly win: LaggedWindow | null;
  private readonly lagProblem: Maybe<number> | null;

  constructor(private readonly options: RollingAdfOptions) {
    const regression = normaliseRegression(options.regression ?? 'c');
    const maxLag = resolveMaxLag(
      options.window,
      trendTerms(regression),
      regression,
      options.maxLag,
    );
    this.lagProblem = maxLag.value === null ? maxLag : null;
    this.values = new Float64Array(options.window);
    this.win =
      maxLag.value === null || maxLag.value > options.window - 3
        ? null
        : new LaggedWindow({ series: 1, window: options.window, maxLag: maxLag.value });
  }

  private readonly values: Float64Array;
  private count = 0;

  /** Adds one value; non-finite values are rejected (the window is left as it was). */
  update(v: number): boolean {
    if (!Number.isFinite(v)) return false;
    this.values[this.count % this.options.window] = v;
    this.count += 1;
    this.win?.push([v]);
    return true;
  }

  /** The window, oldest first. */
  window(): Float64Array {
    const n = Math.min(this.count, this.options.window);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++)
      out[i] = this.values[(this.count - n + i) % this.options.window] as number;
    return out;
  }

  result(): Maybe<AdfResult> {
    const n = this.options.window;
    if (this.count < n) return absent('window-not-full', `${this.count} of ${n} values`);
    const win = this.win;
    if (win === null || win.constant(0)) return adfTest(this.window(), this.options);
    try {
      return adfFromDesigns(
        n,
        this.options,
        rollingDesignBuilder(win, { c: [1], d0: 0, d1: 0, d2: 0, shift: win.anchor[0] as number }),
      );
    } catch (e) {
      if (e instanceof NeedsExactRefit) return adfTest(this.window(), this.options);
      throw e;
    }
  }

  /** Why the options cannot give a test for this window length (null when they can). */
  get problem(): Maybe<number> | null {
    return this.lagProblem;
  }
}
