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
 * The window's moments are kept within 1e-10 relative (the re-anchoring bound), so an SSR
 * below this fraction of Syy cannot be told from 0: R² = 1 to working precision.
 */
const PERFECT_FIT = 1e-10;

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
  const ssr = Math.max(0, syy - beta * sxy);
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
