import type { RollingCoMoments } from './rolling-moments';
import { absent, present, type Maybe, type NullReason } from './result';

export interface WindowOls {
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly rSquared: number | null;
  /** √(SSR/(n−2)). */
  readonly residStd: number | null;
  /** Σxy/Σx², the hedge ratio through the origin. */
  readonly betaNoIntercept: number | null;
  /** y − β·x − α at the newest point of the window. */
  readonly spread: number | null;
  readonly reasons: Partial<
    Record<'beta' | 'alpha' | 'rSquared' | 'residStd' | 'betaNoIntercept' | 'spread', NullReason>
  >;
}

/**
 * Residuals below 1e-10 of y's own variation (SSR < 1e-20·Syy) are the rounding of an exact
 * linear relation, not noise: R² = 1 to working precision.
 */
const PERFECT_FIT = 1e-20;

/**
 * OLS of y on x over a full window, from its centred moments. A constant x has no hedge ratio;
 * a constant y is fitted exactly by β = 0, α = y (R² is then 0/0: null).
 */
export function windowOls(m: RollingCoMoments): WindowOls {
  if (!m.full) {
    const r: NullReason = 'window-not-full';
    return {
      beta: null,
      alpha: null,
      rSquared: null,
      residStd: null,
      betaNoIntercept: null,
      spread: null,
      reasons: { beta: r, alpha: r, rSquared: r, residStd: r, betaNoIntercept: r, spread: r },
    };
  }
  const n = m.count;
  const mx = m.meanX;
  const my = m.meanY;
  const sxx = m.sxx;
  const syy = m.syy;
  const sxy = m.sxy;
  // Σx² and Σxy rebuilt from centred moments: sums of non-negative terms for prices, no cancellation.
  const sumXX = sxx + n * mx * mx;
  const sumXY = sxy + n * mx * my;
  const reasons: Partial<
    Record<'beta' | 'alpha' | 'rSquared' | 'residStd' | 'betaNoIntercept' | 'spread', NullReason>
  > = {};
  let betaNoIntercept: number | null = null;
  if (sumXX > 0) betaNoIntercept = sumXY / sumXX;
  else reasons.betaNoIntercept = 'zero-variance';
  if (m.xConstant) {
    const r: NullReason = 'zero-variance';
    Object.assign(reasons, { beta: r, alpha: r, rSquared: r, residStd: r, spread: r });
    return {
      beta: null,
      alpha: null,
      rSquared: null,
      residStd: null,
      betaNoIntercept,
      spread: null,
      reasons,
    };
  }
  if (m.yConstant) {
    reasons.rSquared = 'zero-variance';
    return { beta: 0, alpha: my, rSquared: null, residStd: 0, betaNoIntercept, spread: 0, reasons };
  }
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const rSquared = Math.min(1, (sxy * sxy) / (sxx * syy));
  let ssr = syy - beta * sxy;
  // Syy − β·Sxy cancels as R² → 1 (a jump inside an otherwise quiet window); where its
  // rounding could reach 1e-11 of the result, take the residuals from the stored window.
  if (m.residualRoundingBound(beta) > 1e-11 * ssr) ssr = m.exactResidualSumOfSquares(beta);
  if (ssr <= PERFECT_FIT * syy) {
    // y is an exact linear function of x: the residuals are rounding noise, and a z-score of
    // noise would look like a signal. Report them as exactly 0.
    return { beta, alpha, rSquared: 1, residStd: 0, betaNoIntercept, spread: 0, reasons };
  }
  const spread = m.lastDeviationY - beta * m.lastDeviationX;
  return {
    beta,
    alpha,
    rSquared,
    residStd: Math.sqrt(ssr / (n - 2)),
    betaNoIntercept,
    spread,
    reasons,
  };
}

/** Pearson correlation over a full window from its centred moments, clamped to [−1, 1]. */
export function windowCorrelation(m: RollingCoMoments): Maybe<number> {
  if (!m.full) return absent('window-not-full', `${m.count} of ${m.capacity} points`);
  if (m.xConstant) return absent('zero-variance', 'x is constant over the window');
  if (m.yConstant) return absent('zero-variance', 'y is constant over the window');
  const r = m.sxy / Math.sqrt(m.sxx * m.syy);
  return present(Math.max(-1, Math.min(1, r)));
}
