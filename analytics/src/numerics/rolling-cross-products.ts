/**
 * Window cross-products of lagged levels and differences, updated per bar (one row in, one
 * row out), from which every ADF / Engle–Granger regression of the window is derived
 * (`rolling-adf.ts`, `rolling-coint.ts`). The cost of a bar is O(m²) with
 * m = 1 + series·(maxLag + 2), independent of the window length.
 */

/**
 * Σ z·zᵀ over a sliding set of rows z (z[0] = 1, so count and column sums are in row 0),
 * plus Σ r·z and Σ r²·z with r = 1..count the row's position (oldest first), for trend
 * columns. Only the upper triangle (i ≤ j) of `g` is kept.
 */
export class RollingGram {
  readonly g: Float64Array;
  readonly t1: Float64Array;
  readonly t2: Float64Array;
  count = 0;

  constructor(readonly m: number) {
    this.g = new Float64Array(m * m);
    this.t1 = new Float64Array(m);
    this.t2 = new Float64Array(m);
  }

  clear(): void {
    this.g.fill(0);
    this.t1.fill(0);
    this.t2.fill(0);
    this.count = 0;
  }

  /** Appends a row at position count + 1. */
  push(z: Float64Array): void {
    const { g, t1, t2, m } = this;
    this.count += 1;
    const r = this.count;
    const r2 = r * r;
    for (let i = 0; i < m; i++) {
      const zi = z[i] as number;
      if (zi === 0) continue;
      const row = i * m;
      for (let j = i; j < m; j++) g[row + j] = (g[row + j] as number) + zi * (z[j] as number);
      t1[i] = (t1[i] as number) + r * zi;
      t2[i] = (t2[i] as number) + r2 * zi;
    }
  }

  /**
   * Drops the oldest row (`leaving`, position 1) and appends `z` at the last position: every
   * other row moves up one position, so Σ(r−1)z = T1 − S and Σ(r−1)²z = T2 − 2·T1 + S
   * (S = Σz before the change; the leaving row's new position 0 contributes nothing).
   */
  slide(leaving: Float64Array, z: Float64Array): void {
    const { g, t1, t2, m } = this;
    for (let i = 0; i < m; i++) {
      const s = g[i] as number; // g[0][i] = Σ z_i (row 0 of the upper triangle)
      const a = t1[i] as number;
      t2[i] = (t2[i] as number) - 2 * a + s;
      t1[i] = a - s;
    }
    for (let i = 0; i < m; i++) {
      const li = leaving[i] as number;
      const zi = z[i] as number;
      const row = i * m;
      for (let j = i; j < m; j++) {
        g[row + j] = (g[row + j] as number) + zi * (z[j] as number) - li * (leaving[j] as number);
      }
    }
    const r = this.count;
    const r2 = r * r;
    for (let i = 0; i < m; i++) {
      const zi = z[i] as number;
      t1[i] = (t1[i] as number) + r * zi;
      t2[i] = (t2[i] as number) + r2 * zi;
    }
  }

  /** Σ_{r=1..count} r^k for k = 1..4 (exact in float64 for any realistic window). */
  powerSums(): [number, number, number, number] {
    const n = this.count;
    const s1 = (n * (n + 1)) / 2;
    const s2 = (n * (n + 1) * (2 * n + 1)) / 6;
    const s3 = s1 * s1;
    const s4 = (n * (n + 1) * (2 * n + 1) * (3 * n * n + 3 * n - 1)) / 30;
    return [s1, s2, s3, s4];
  }

  /** G[i][j] for any i, j. */
  at(i: number, j: number): number {
    return i <= j ? (this.g[i * this.m + j] as number) : (this.g[j * this.m + i] as number);
  }
}

export interface LaggedWindowOptions {
  /** Number of series (1 for an ADF on one series, 2 for a pair). */
  readonly series: number;
  /** Bars in the window; ≥ 3. */
  readonly window: number;
  /** Largest lag of the ADF regressions (the search's maxLag); rows are t = maxLag..n−2. */
  readonly maxLag: number;
}

/**
 * The last `window` bars of one or more series and the cross-products of their ADF rows.
 *
 * Row t (a bar position in the window, maxLag ≤ t ≤ n−2) holds, for each series u, at offset
 * 1 + u·(maxLag + 2): the level u_t − K_u, the dependent Δu_{t+1}, then Δu_{t+1−j} for
 * j = 1..maxLag. `rows` keeps Σ z·zᵀ over those rows (the common sample of statsmodels' lag
 * search), `bars` keeps Σ over the bars of [1, u_b − K_u …] (the first stage of
 * Engle–Granger). Levels enter as offsets from an anchor K_u (the window mean at the last
 * rebuild) so that centring the sums cancels little.
 *
 * Drift: the add/remove updates accumulate rounding; every `window` bars both Gram matrices
 * are rebuilt from the stored bars (exact two-pass, new anchors), so the error never holds
 * more than one window of updates. The rebuild costs O(window·m²) once per window, the same
 * amortised O(m²) per bar as the updates.
 */
export class LaggedWindow {
  readonly n: number;
  readonly p: number;
  readonly s: number;
  /** Width of one series' block in a row. */
  readonly block: number;
  readonly rows: RollingGram;
  readonly bars: RollingGram;
  /** Ring of the last n + 1 bars of each series (the bar before the window is needed for the
   * row that leaves). */
  private readonly ring: Float64Array[];
  private readonly cap: number;
  readonly anchor: Float64Array;
  /** Bars accepted so far. */
  count = 0;
  /** Index of the last bar at which each series changed value (exact equality). */
  private readonly lastChange: Int32Array;
  private sinceRebuild = 0;
  private readonly zNew: Float64Array;
  private readonly zOld: Float64Array;
  private readonly bNew: Float64Array;
  private readonly bOld: Float64Array;

  constructor(options: LaggedWindowOptions) {
    const { series, window, maxLag } = options;
    if (!Number.isInteger(window) || window < 3)
      throw new RangeError(`window must be an integer ≥ 3, got ${window}`);
    if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag > window - 3)
      throw new RangeError(`maxLag must be an integer in 0..${window - 3}, got ${maxLag}`);
    this.n = window;
    this.p = maxLag;
    this.s = series;
    this.block = maxLag + 2;
    const m = 1 + series * this.block;
    this.rows = new RollingGram(m);
    this.bars = new RollingGram(1 + series);
    this.cap = window + 1;
    this.ring = Array.from({ length: series }, () => new Float64Array(this.cap));
    this.anchor = new Float64Array(series);
    this.lastChange = new Int32Array(series);
    this.zNew = new Float64Array(m);
    this.zOld = new Float64Array(m);
    this.bNew = new Float64Array(1 + series);
    this.bOld = new Float64Array(1 + series);
  }

  /** Bytes of the typed arrays this state holds (its memory, less a few hundred bytes of
   * object headers). */
  get stateBytes(): number {
    let bytes = this.anchor.byteLength + this.lastChange.byteLength;
    for (const r of this.ring) bytes += r.byteLength;
    for (const g of [this.rows, this.bars])
      bytes += g.g.byteLength + g.t1.byteLength + g.t2.byteLength;
    for (const b of [this.zNew, this.zOld, this.bNew, this.bOld]) bytes += b.byteLength;
    return bytes;
  }

  get full(): boolean {
    return this.count >= this.n;
  }

  /** Value of series u at window position b (0 = oldest bar of the window). */
  value(u: number, b: number): number {
    const abs = this.count - this.n + b;
    return this.ring[u]![abs % this.cap] as number;
  }

  /** Copy of series u over the window (oldest first), for the exact fallback. */
  windowOf(u: number): Float64Array {
    const out = new Float64Array(this.n);
    for (let b = 0; b < this.n; b++) out[b] = this.value(u, b);
    return out;
  }

  /** Whether series u is constant (exactly) over the window. */
  constant(u: number): boolean {
    return this.lastChange[u]! <= this.count - this.n;
  }

  /** Adds one bar (one value per series; the caller rejects non-finite values). */
  push(values: ArrayLike<number>): void {
    const k = this.count;
    for (let u = 0; u < this.s; u++) {
      const v = values[u] as number;
      const ring = this.ring[u]!;
      if (k === 0 || v !== ring[(k - 1) % this.cap]) this.lastChange[u] = k;
      ring[k % this.cap] = v;
    }
    this.count = k + 1;
    if (k === 0) {
      for (let u = 0; u < this.s; u++) this.anchor[u] = values[u] as number;
    }
    if (k >= this.n) this.sinceRebuild += 1;
    // also when the window first fills: anchors at its mean
    if (k === this.n - 1 || this.sinceRebuild >= this.n) {
      this.rebuild();
      return;
    }
    // bar k enters, bar k − n leaves
    this.barRow(k, this.bNew);
    if (k >= this.n) {
      this.barRow(k - this.n, this.bOld);
      this.bars.slide(this.bOld, this.bNew);
    } else this.bars.push(this.bNew);
    // row t = k − 1 enters once it has maxLag lags; row k − n + p leaves once the window slid
    const t = k - 1;
    if (t < this.p) return;
    this.row(t, this.zNew);
    if (k >= this.n) {
      this.row(k - this.n + this.p, this.zOld);
      this.rows.slide(this.zOld, this.zNew);
    } else this.rows.push(this.zNew);
  }

  /** Exact recomputation from the stored bars with fresh anchors (the window means). */
  private rebuild(): void {
    this.sinceRebuild = 0;
    const first = this.count - this.n;
    for (let u = 0; u < this.s; u++) {
      let sum = 0;
      for (let b = 0; b < this.n; b++) sum += this.value(u, b);
      this.anchor[u] = sum / this.n;
    }
    this.bars.clear();
    this.rows.clear();
    for (let k = first; k < this.count; k++) {
      this.barRow(k, this.bNew);
      this.bars.push(this.bNew);
    }
    for (let t = first + this.p; t <= this.count - 2; t++) {
      this.row(t, this.zNew);
      this.rows.push(this.zNew);
    }
  }

  private at(u: number, k: number): number {
    return this.ring[u]![k % this.cap] as number;
  }

  private barRow(k: number, out: Float64Array): void {
    out[0] = 1;
    for (let u = 0; u < this.s; u++) out[1 + u] = this.at(u, k) - (this.anchor[u] as number);
  }

  /** Row of absolute bar index t (needs bars t − p .. t + 1). */
  private row(t: number, out: Float64Array): void {
    out[0] = 1;
    const p = this.p;
    for (let u = 0; u < this.s; u++) {
      const o = 1 + u * this.block;
      const ring = this.ring[u]!;
      const cap = this.cap;
      let next = ring[(t + 1) % cap] as number;
      let cur = ring[t % cap] as number;
      out[o] = cur - (this.anchor[u] as number);
      out[o + 1] = next - cur;
      for (let j = 1; j <= p; j++) {
        next = cur;
        cur = ring[(t - j) % cap] as number;
        out[o + 1 + j] = next - cur;
      }
    }
  }
}
