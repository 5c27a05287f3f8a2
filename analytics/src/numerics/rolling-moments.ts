/**
 * Sliding-window centred moments in O(1) per update.
 *
 * Values are kept as exact offsets u = v − K from a shift K fixed between re-anchors (for
 * prices within a factor 2 of K the subtraction is exact, Sterbenz), their mean by a
 * compensated (Neumaier) sum, and the centred co-moments C = Σ(u−ū)(w−w̄) by the
 * add/remove identity C' = C + a·b − c·d − (a−c)(b−d)/n, with a, b the new point's and c, d
 * the leaving point's deviations from the old mean. No raw sums of squares of prices are
 * ever formed.
 *
 * Rounding still accumulates, so the window is re-anchored (recomputed two-pass from the
 * ring buffer) every `capacity` updates, and earlier whenever a running bound on the
 * accumulated rounding (ε·Σ|terms|) exceeds 1e-10 of the moment it affects — that happens
 * when the variance collapses (a flat stretch entering the window). Amortised cost O(1).
 *
 * A window whose values are all equal is detected by run length (exact equality), and its
 * moments are then exactly 0: the arithmetic of a constant window is rounding noise.
 */

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { abs, max, sqrt } = Math;

const EPS = Number.EPSILON;
/** Re-anchor once the rounding bound could exceed this fraction of a moment. */
const DRIFT_TOLERANCE = 1e-10;

/** Neumaier-compensated running sum. */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  reset(value = 0): void {
    this.sum = value;
    this.compensation = 0;
  }

  add(v: number): void {
    const t = this.sum + v;
    if (abs(this.sum) >= abs(v)) this.compensation += this.sum - t + v;
    else this.compensation += v - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 2) {
    throw new RangeError(`window must be an integer ≥ 2, got ${capacity}`);
  }
}

/** Sliding window of one series: count, mean, centred sum of squares. */
export class RollingMoments {
  private readonly values: Float64Array;
  private head = 0;
  private n = 0;
  private shift = 0;
  private readonly sumU = new CompensatedSum();
  private meanU = 0;
  private m2 = 0;
  private drift = 0;
  private sinceAnchor = 0;
  private run = 0;
  private last = NaN;

  constructor(readonly capacity: number) {
    checkCapacity(capacity);
    this.values = new Float64Array(capacity);
  }

  get count(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  /** Every value in the window is the same (exact equality). */
  get constant(): boolean {
    return this.n > 0 && this.run >= this.n;
  }

  get mean(): number {
    return this.shift + this.meanU;
  }

  /** Σ(v − mean)², exactly 0 for a constant window. */
  get sumOfSquares(): number {
    return this.constant ? 0 : max(this.m2, 0);
  }

  /** Deviation of the newest value from the window mean, computed from exact offsets. */
  get lastDeviation(): number {
    return this.constant ? 0 : this.last - this.shift - this.meanU;
  }

  get newest(): number {
    return this.last;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
    this.shift = 0;
    this.sumU.reset();
    this.meanU = 0;
    this.m2 = 0;
    this.drift = 0;
    this.sinceAnchor = 0;
    this.run = 0;
    this.last = NaN;
  }

  push(v: number): void {
    this.run = v === this.last ? this.run + 1 : 1;
    this.last = v;
    if (this.n === 0) {
      this.values[0] = v;
      this.head = 0;
      this.n = 1;
      this.shift = v;
      this.sumU.reset();
      this.meanU = 0;
      this.m2 = 0;
      this.drift = 0;
      this.sinceAnchor = 0;
      return;
    }
    const u = v - this.shift;
    const a = u - this.meanU;
    if (this.n < this.capacity) {
      this.values[(this.head + this.n) % this.capacity] = v;
      this.n += 1;
      this.sumU.add(u);
      this.meanU = this.sumU.value / this.n;
      const term = a * (u - this.meanU);
      this.m2 += term;
      this.drift += abs(term) + 2 * abs(this.meanU) * abs(a);
    } else {
      const old = this.values[this.head] as number;
      this.values[this.head] = v;
      this.head = (this.head + 1) % this.capacity;
      const uo = old - this.shift;
      const c = uo - this.meanU;
      this.sumU.add(u);
      this.sumU.add(-uo);
      this.meanU = this.sumU.value / this.n;
      const ac = a - c;
      this.m2 += a * a - c * c - (ac * ac) / this.n;
      this.drift += a * a + c * c + (ac * ac) / this.n + 2 * abs(this.meanU) * abs(ac);
    }
    this.sinceAnchor += 1;
    if (this.constant) {
      // Every value equals v: the exact state is known, and rounding left over from the
      // values that just left must not leak into the next non-constant window.
      this.shift = v;
      this.sumU.reset();
      this.meanU = 0;
      this.m2 = 0;
      this.drift = 0;
      this.sinceAnchor = 0;
      return;
    }
    if (this.sinceAnchor >= this.capacity || EPS * this.drift > DRIFT_TOLERANCE * this.m2) {
      this.reanchor();
    }
  }

  private reanchor(): void {
    const n = this.n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.values[(this.head + i) % this.capacity] as number;
    this.shift = sum / n;
    this.sumU.reset();
    for (let i = 0; i < n; i++) {
      this.sumU.add((this.values[(this.head + i) % this.capacity] as number) - this.shift);
    }
    this.meanU = this.sumU.value / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = (this.values[(this.head + i) % this.capacity] as number) - this.shift - this.meanU;
      m2 += d * d;
    }
    this.m2 = m2;
    this.drift = 0;
    this.sinceAnchor = 0;
  }
}

/** Sliding window of a pair of series: means and centred (co-)moments Sxx, Syy, Sxy. */
export class RollingCoMoments {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private head = 0;
  private n = 0;
  private shiftX = 0;
  private shiftY = 0;
  private readonly sumX = new CompensatedSum();
  private readonly sumY = new CompensatedSum();
  private meanUx = 0;
  private meanUy = 0;
  private cxx = 0;
  private cyy = 0;
  private cxy = 0;
  private driftXX = 0;
  private driftYY = 0;
  private driftXY = 0;
  private sinceAnchor = 0;
  private runX = 0;
  private runY = 0;
  private lastX = NaN;
  private lastY = NaN;

  constructor(readonly capacity: number) {
    checkCapacity(capacity);
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
  }

  get count(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  get xConstant(): boolean {
    return this.n > 0 && this.runX >= this.n;
  }

  get yConstant(): boolean {
    return this.n > 0 && this.runY >= this.n;
  }

  get meanX(): number {
    return this.shiftX + this.meanUx;
  }

  get meanY(): number {
    return this.shiftY + this.meanUy;
  }

  get sxx(): number {
    return this.xConstant ? 0 : max(this.cxx, 0);
  }

  get syy(): number {
    return this.yConstant ? 0 : max(this.cyy, 0);
  }

  get sxy(): number {
    return this.xConstant || this.yConstant ? 0 : this.cxy;
  }

  /** Deviations of the newest point from the window means. */
  get lastDeviationX(): number {
    return this.xConstant ? 0 : this.lastX - this.shiftX - this.meanUx;
  }

  get lastDeviationY(): number {
    return this.yConstant ? 0 : this.lastY - this.shiftY - this.meanUy;
  }

  clear(): void {
    this.n = 0;
    this.head = 0;
    this.runX = 0;
    this.runY = 0;
    this.lastX = NaN;
    this.lastY = NaN;
    this.resetState(0, 0);
  }

  private resetState(shiftX: number, shiftY: number): void {
    this.shiftX = shiftX;
    this.shiftY = shiftY;
    this.sumX.reset();
    this.sumY.reset();
    this.meanUx = 0;
    this.meanUy = 0;
    this.cxx = 0;
    this.cyy = 0;
    this.cxy = 0;
    this.driftXX = 0;
    this.driftYY = 0;
    this.driftXY = 0;
    this.sinceAnchor = 0;
  }

  push(x: number, y: number): void {
    this.runX = x === this.lastX ? this.runX + 1 : 1;
    this.runY = y === this.lastY ? this.runY + 1 : 1;
    this.lastX = x;
    this.lastY = y;
    if (this.n === 0) {
      this.head = 0;
      this.xs[0] = x;
      this.ys[0] = y;
      this.n = 1;
      this.resetState(x, y);
      return;
    }
    const ux = x - this.shiftX;
    const uy = y - this.shiftY;
    const a = ux - this.meanUx;
    const b = uy - this.meanUy;
    if (this.n < this.capacity) {
      const at = (this.head + this.n) % this.capacity;
      this.xs[at] = x;
      this.ys[at] = y;
      this.n += 1;
      this.sumX.add(ux);
      this.sumY.add(uy);
      this.meanUx = this.sumX.value / this.n;
      this.meanUy = this.sumY.value / this.n;
      // Welford: C += (n−1)/n · a·b. Every expression here is written so that swapping x and
      // y gives bit-identical moments (corr(x, y) === corr(y, x)).
      const f = (this.n - 1) / this.n;
      this.cxx += f * a * a;
      this.cyy += f * b * b;
      this.cxy += f * (a * b);
      this.driftXX += f * a * a + 2 * abs(this.meanUx * a);
      this.driftYY += f * b * b + 2 * abs(this.meanUy * b);
      this.driftXY += abs(f * (a * b)) + (abs(this.meanUx * b) + abs(this.meanUy * a));
    } else {
      const ox = this.xs[this.head] as number;
      const oy = this.ys[this.head] as number;
      this.xs[this.head] = x;
      this.ys[this.head] = y;
      this.head = (this.head + 1) % this.capacity;
      const uox = ox - this.shiftX;
      const uoy = oy - this.shiftY;
      const c = uox - this.meanUx;
      const d = uoy - this.meanUy;
      this.sumX.add(ux);
      this.sumX.add(-uox);
      this.sumY.add(uy);
      this.sumY.add(-uoy);
      this.meanUx = this.sumX.value / this.n;
      this.meanUy = this.sumY.value / this.n;
      const ac = a - c;
      const bd = b - d;
      const n = this.n;
      this.cxx += a * a - c * c - (ac * ac) / n;
      this.cyy += b * b - d * d - (bd * bd) / n;
      this.cxy += a * b - c * d - (ac * bd) / n;
      this.driftXX += a * a + c * c + (ac * ac) / n + 2 * abs(this.meanUx * ac);
      this.driftYY += b * b + d * d + (bd * bd) / n + 2 * abs(this.meanUy * bd);
      this.driftXY +=
        abs(a * b) +
        abs(c * d) +
        abs(ac * bd) / n +
        (abs(this.meanUx * bd) + abs(this.meanUy * ac));
    }
    this.sinceAnchor += 1;
    // A constant leg has an exactly known state; resetting it keeps rounding left over from
    // the values that just left out of the next non-constant window.
    if (this.xConstant) {
      this.shiftX = x;
      this.sumX.reset();
      this.meanUx = 0;
      this.cxx = 0;
      this.cxy = 0;
      this.driftXX = 0;
      this.driftXY = 0;
    }
    if (this.yConstant) {
      this.shiftY = y;
      this.sumY.reset();
      this.meanUy = 0;
      this.cyy = 0;
      this.cxy = 0;
      this.driftYY = 0;
      this.driftXY = 0;
    }
    if (this.sinceAnchor >= this.capacity || this.driftExceeded()) this.reanchor();
  }

  /**
   * A bound on the rounding carried by Syy − β·Sxy when formed from the running moments: the
   * accumulated update error plus that of the last two-pass anchor (≈ √n·ε per moment).
   */
  residualRoundingBound(beta: number): number {
    const b = abs(beta);
    const accumulated = this.driftYY + 2 * b * this.driftXY + b * b * this.driftXX;
    const anchor = 4 * sqrt(this.n) * (this.syy + 2 * b * abs(this.sxy) + b * b * this.sxx);
    return EPS * (accumulated + anchor);
  }

  /**
   * Σ((y − ȳ) − β(x − x̄))² by one pass over the window: O(n), for the windows where
   * Syy − β·Sxy cancels (R² within ~1e-3 of 1).
   */
  exactResidualSumOfSquares(beta: number): number {
    const cap = this.capacity;
    let ssr = 0;
    for (let i = 0; i < this.n; i++) {
      const k = (this.head + i) % cap;
      const dx = (this.xs[k] as number) - this.shiftX - this.meanUx;
      const dy = (this.ys[k] as number) - this.shiftY - this.meanUy;
      const e = dy - beta * dx;
      ssr += e * e;
    }
    return ssr;
  }

  private driftExceeded(): boolean {
    const xFlat = this.xConstant;
    const yFlat = this.yConstant;
    if (!xFlat && EPS * this.driftXX > DRIFT_TOLERANCE * this.cxx) return true;
    if (!yFlat && EPS * this.driftYY > DRIFT_TOLERANCE * this.cyy) return true;
    if (!xFlat && !yFlat) {
      // Sxy can be legitimately ~0; its natural scale is √(Sxx·Syy) (Cauchy–Schwarz).
      const scale = sqrt(max(this.cxx, 0) * max(this.cyy, 0));
      if (EPS * this.driftXY > DRIFT_TOLERANCE * scale) return true;
    }
    return false;
  }

  private reanchor(): void {
    const n = this.n;
    const cap = this.capacity;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const k = (this.head + i) % cap;
      sx += this.xs[k] as number;
      sy += this.ys[k] as number;
    }
    this.resetState(sx / n, sy / n);
    for (let i = 0; i < n; i++) {
      const k = (this.head + i) % cap;
      this.sumX.add((this.xs[k] as number) - this.shiftX);
      this.sumY.add((this.ys[k] as number) - this.shiftY);
    }
    this.meanUx = this.sumX.value / n;
    this.meanUy = this.sumY.value / n;
    let cxx = 0;
    let cyy = 0;
    let cxy = 0;
    for (let i = 0; i < n; i++) {
      const k = (this.head + i) % cap;
      const dx = (this.xs[k] as number) - this.shiftX - this.meanUx;
      const dy = (this.ys[k] as number) - this.shiftY - this.meanUy;
      cxx += dx * dx;
      cyy += dy * dy;
      cxy += dx * dy;
    }
    this.cxx = cxx;
    this.cyy = cyy;
    this.cxy = cxy;
  }
}
