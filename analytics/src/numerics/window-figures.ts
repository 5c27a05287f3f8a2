import type { RollingCoMoments } from './rolling-moments';
import { absent, present, type Maybe, type NullReason } from './result';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { max, min, sqrt } = Math;

type WindowOlsField =
  | 'beta'
  | 'alpha'
  | 'rSquared'
  | 'residStd'
  | 'spread'
  | 'betaNoIntercept'
  | 'rSquaredNoIntercept'
  | 'residStdNoIntercept';

export interface WindowOls {
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly rSquared: number | null;
  /** √(SSR/(n−2)). */
  readonly residStd: number | null;
  /** y − β·x − α at the newest point of the window. */
  readonly spread: number | null;
  /** Σxy/Σx², the hedge ratio through the origin. */
  readonly betaNoIntercept: number | null;
  /** 1 − SSR₀/Σy², the uncentred R² that statsmodels reports for a model without constant. */
  readonly rSquaredNoIntercept: number | null;
  /** √(SSR₀/(n−1)). */
  readonly residStdNoIntercept: number | null;
  readonly reasons: Partial<Record<WindowOlsField, NullReason>>;
}

/**
 * Residuals smaller than 1e-10 of y's own variation (SSR < 1e-20·Syy) are the rounding of an
 * exact linear relation, not noise: R² = 1 to working precision.
 */
const PERFECT_FIT = 1e-20;

interface InterceptFit {
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly rSquared: number | null;
  readonly residStd: number | null;
  readonly spread: number | null;
  /** Σ(dy − β·dx)², or Syy when x is constant (nothing explained). */
  readonly ssr: number;
}

function interceptFit(
  m: RollingCoMoments,
  reasons: Partial<Record<WindowOlsField, NullReason>>,
): InterceptFit {
  const n = m.count;
  const syy = m.syy;
  if (m.xConstant) {
    const r: NullReason = 'zero-variance';
    Object.assign(reasons, { beta: r, alpha: r, rSquared: r, residStd: r, spread: r });
    return { beta: null, alpha: null, rSquared: null, residStd: null, spread: null, ssr: syy };
  }
  if (m.yConstant) {
    reasons.rSquared = 'zero-variance';
    return { beta: 0, alpha: m.meanY, rSquared: null, residStd: 0, spread: 0, ssr: 0 };
  }
  const sxx = m.sxx;
  const sxy = m.sxy;
  const beta = sxy / sxx;
  const alpha = m.meanY - beta * m.meanX;
  let ssr = syy - beta * sxy;
  // Syy − β·Sxy cancels as R² → 1 (a jump inside an otherwise quiet window); where its
  // rounding could reach 1e-11 of the result, take the residuals from the stored window.
  if (m.residualRoundingBound(beta) > 1e-11 * ssr) ssr = m.exactResidualSumOfSquares(beta);
  if (ssr <= PERFECT_FIT * syy) {
    // y is an exact linear function of x: the residuals are rounding noise, and a z-score of
    // noise would look like a signal. Report them as exactly 0.
    return { beta, alpha, rSquared: 1, residStd: 0, spread: 0, ssr: 0 };
  }
  return {
    beta,
    alpha,
    rSquared: min(1, (sxy * sxy) / (sxx * syy)),
    residStd: sqrt(ssr / (n - 2)),
    spread: m.lastDeviationY - beta * m.lastDeviationX,
    ssr,
  };
}

/**
 * OLS of y on x over a full window, with intercept and through the origin, from the window's
 * centred moments. A constant x has no hedge ratio; a constant y is fitted exactly by β = 0,
 * α = y (R² is then 0/0: null).
 */
export function windowOls(m: RollingCoMoments): WindowOls {
  const reasons: Partial<Record<WindowOlsField, NullReason>> = {};
  if (!m.full) {
    const r: NullReason = 'window-not-full';
    return {
      beta: null,
      alpha: null,
      rSquared: null,
      residStd: null,
      spread: null,
      betaNoIntercept: null,
      rSquaredNoIntercept: null,
      residStdNoIntercept: null,
      reasons: {
        beta: r,
        alpha: r,
        rSquared: r,
        residStd: r,
        spread: r,
        betaNoIntercept: r,
        rSquaredNoIntercept: r,
        residStdNoIntercept: r,
      },
    };
  }
  const fit = interceptFit(m, reasons);
  const n = m.count;
  const mx = m.meanX;
  const my = m.meanY;
  // Through the origin, rebuilt from centred moments: Σx² = Sxx + n·x̄², Σxy = Sxy + n·x̄·ȳ and
  // Σ(y − β₀x)² = [Σ(dy − β·dx)² + Sxx·(β₀ − β)²] + n·(ȳ − β₀·x̄)², sums of non-negative
  // terms instead of raw sums of squares of prices.
  const sumXX = m.sxx + n * mx * mx;
  const sumYY = m.syy + n * my * my;
  let betaNoIntercept: number | null = null;
  let rSquaredNoIntercept: number | null = null;
  let residStdNoIntercept: number | null = null;
  if (!(sumXX > 0)) {
    const r: NullReason = 'zero-variance';
    Object.assign(reasons, { betaNoIntercept: r, rSquaredNoIntercept: r, residStdNoIntercept: r });
  } else {
    const b0 = (m.sxy + n * mx * my) / sumXX;
    const slopeGap = fit.beta === null ? 0 : b0 - fit.beta;
    const offset = my - b0 * mx;
    const ssr0 = fit.ssr + m.sxx * slopeGap * slopeGap + n * offset * offset;
    betaNoIntercept = b0;
    residStdNoIntercept = sqrt(ssr0 / (n - 1));
    if (sumYY > 0) rSquaredNoIntercept = max(0, 1 - ssr0 / sumYY);
    else reasons.rSquaredNoIntercept = 'zero-variance';
  }
  return {
    beta: fit.beta,
    alpha: fit.alpha,
    rSquared: fit.rSquared,
    residStd: fit.residStd,
    spread: fit.spread,
    betaNoIntercept,
    rSquaredNoIntercept,
    residStdNoIntercept,
    reasons,
  };
}

/** Pearson correlation over a full window from its centred moments, clamped to [−1, 1]. */
export function windowCorrelation(m: RollingCoMoments): Maybe<number> {
  if (!m.full) return absent('window-not-full', `${m.count} of ${m.capacity} points`);
  if (m.xConstant) return absent('zero-variance', 'x is constant over the window');
  if (m.yConstant) return absent('zero-variance', 'y is constant over the window');
  const r = m.sxy / sqrt(m.sxx * m.syy);
  return present(max(-1, min(1, r)));
}
