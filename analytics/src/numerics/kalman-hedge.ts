import { absent, present, type Maybe, type NullReason, type Reasons } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { max, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

export interface KalmanHedgeOptions {
  /**
   * State noise: the random-walk innovation covariance is W_t = δ/(1−δ)·P_{t−1|t−1}
   * (a discount factor 1−δ), so the filter weighs past bars by (1−δ)^age and remembers about
   * 1/δ bars. 0 gives recursive least squares (the full-sample OLS). Default 1e-3.
   */
  readonly delta?: number;
  /**
   * Observation noise variance Ve (units of y²). It does not change β or α, only the
   * innovation variance; default: learned online as the discounted mean of the squared
   * standardised innovations.
   */
  readonly observationVariance?: number;
  /** Diffuse prior: Var(β) = κ·Ve/x₀², Var(level) = κ·Ve. Default κ = 1e10. */
  readonly priorScale?: number;
}

export interface KalmanHedgeEstimate {
  readonly beta: number;
  readonly alpha: number;
  /** y − (β·x + α) with the state predicted before this bar: the filter's one-step error. */
  readonly innovation: number;
  /** Predicted variance of `innovation`; null until Ve has been learned from ≥ 2 bars. */
  readonly innovationVariance: number | null;
  /** innovation / √innovationVariance, the Kalman analogue of the spread z-score. */
  readonly zScore: number | null;
  readonly reasons: Reasons<'innovationVariance' | 'zScore'>;
}

export interface KalmanHedge {
  /** Filters one aligned bar; null until x has moved at least once (β not identified). */
  update(x: number, y: number): Maybe<KalmanHedgeEstimate>;
  readonly bars: number;
}

/**
 * Dynamic hedge ratio by a Kalman filter on the state-space model
 *   y_t = a_t + β_t·(x_t − x₀) + ε_t,   ε_t ~ N(0, Ve)
 *   (β_t, a_t) = (β_{t−1}, a_{t−1}) + ω_t,   ω_t ~ N(0, W_t),   W_t = δ/(1−δ)·P_{t−1|t−1}
 * so α_t = a_t − β_t·x₀. Regressing on x − x₀ (x₀ the first bar's x) instead of x keeps the
 * 2×2 covariance well-conditioned at price levels of 1e4–1e5; W proportional to P (West &
 * Harrison's discount, instead of Chan's δ/(1−δ)·I) makes δ independent of the price scale.
 * The filter runs on P/Ve, so β and α do not depend on Ve; covariance updates use the Joseph
 * form, which stays symmetric positive definite under a diffuse prior. While x does not move
 * P grows by 1/(1−δ) per bar; it is capped at the prior so a long flat stretch cannot
 * overflow it.
 */
export function createKalmanHedge(options: KalmanHedgeOptions = {}): KalmanHedge {
  const delta = options.delta ?? 1e-3;
  const kappa = options.priorScale ?? 1e10;
  const fixedVe = options.observationVariance;
  if (!(delta >= 0 && delta < 1)) throw new RangeError(`delta must be in [0, 1), got ${delta}`);
  if (!(kappa > 0 && isFiniteNumber(kappa)))
    throw new RangeError(`priorScale must be > 0, got ${kappa}`);
  if (fixedVe !== undefined && !(fixedVe > 0 && isFiniteNumber(fixedVe))) {
    throw new RangeError(`observationVariance must be > 0, got ${fixedVe}`);
  }
  const discount = 1 - delta;

  let bars = 0;
  let x0 = 0;
  let beta = 0;
  let level = 0;
  // P / Ve, symmetric: [pbb, pba; pba, paa]
  let pbb = 0;
  let pba = 0;
  let paa = 0;
  let maxPbb = 0;
  let maxPaa = 0;
  let identified = false;
  let veWeight = 0;
  let veSum = 0;
  let veCount = 0;

  function cap(): void {
    // Scaling row and column i by √(cap/Pii) keeps P positive definite.
    if (pbb > maxPbb) {
      const f = sqrt(maxPbb / pbb);
      pbb = maxPbb;
      pba *= f;
    }
    if (paa > maxPaa) {
      const f = sqrt(maxPaa / paa);
      paa = maxPaa;
      pba *= f;
    }
  }

  function update(x: number, y: number): Maybe<KalmanHedgeEstimate> {
    if (!isFiniteNumber(x) || !isFiniteNumber(y)) {
      return absent('non-finite-input', 'x or y is NaN or ±Infinity; bar skipped');
    }
    if (bars === 0) {
      x0 = x;
      level = y;
      beta = 0;
      maxPbb = kappa / max(x * x, Number.MIN_VALUE);
      maxPaa = kappa;
      pbb = maxPbb;
      paa = maxPaa;
      pba = 0;
    } else {
      pbb /= discount;
      pba /= discount;
      paa /= discount;
      cap();
    }
    bars += 1;
    const h = x - x0;
    const innovation = y - (level + beta * h);
    // S = hᵀPh + 1 with h = (x − x₀, 1)
    const phb = pbb * h + pba;
    const pha = pba * h + paa;
    const s = h * phb + pha + 1;
    const kb = phb / s;
    const ka = pha / s;
    beta += kb * innovation;
    level += ka * innovation;
    // Joseph form: P ← (I − K hᵀ) P (I − K hᵀ)ᵀ + K Kᵀ   (Ve = 1 in normalised units)
    const m00 = 1 - kb * h;
    const m01 = -kb;
    const m10 = -ka * h;
    const m11 = 1 - ka;
    const t00 = m00 * pbb + m01 * pba;
    const t01 = m00 * pba + m01 * paa;
    const t10 = m10 * pbb + m11 * pba;
    const t11 = m10 * pba + m11 * paa;
    pbb = t00 * m00 + t01 * m01 + kb * kb;
    pba = t00 * m10 + t01 * m11 + kb * ka;
    paa = t10 * m10 + t11 * m11 + ka * ka;

    const reasons: Partial<Record<'innovationVariance' | 'zScore', NullReason>> = {};
    let innovationVariance: number | null = null;
    if (identified) {
      const ve = fixedVe ?? (veCount >= 2 ? veSum / veWeight : null);
      if (ve !== null) innovationVariance = ve * s;
      if (fixedVe === undefined) {
        veSum = discount * veSum + (innovation * innovation) / s;
        veWeight = discount * veWeight + 1;
        veCount += 1;
      }
    }
    if (innovationVariance === null) reasons.innovationVariance = 'too-few-observations';
    let zScore: number | null = null;
    if (innovationVariance !== null && innovationVariance > 0) {
      zScore = innovation / sqrt(innovationVariance);
    } else {
      reasons.zScore = reasons.innovationVariance ?? 'zero-variance';
    }
    const wasIdentified = identified;
    if (h !== 0) identified = true;
    if (!wasIdentified && !identified) {
      return absent(
        'too-few-observations',
        'x has not moved yet: the hedge ratio is not identified',
      );
    }
    return present({
      beta,
      alpha: level - beta * x0,
      innovation,
      innovationVariance,
      zScore,
      reasons,
    });
  }

  return {
    update,
    get bars() {
      return bars;
    },
  };
}
