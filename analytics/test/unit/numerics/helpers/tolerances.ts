import type { Tolerance } from './compare';

/**
 * The tolerances of the reference README ("Tolerances that are right (and why)"). Relative
 * to the expected value; an absolute floor only where the README gives one (values near 0,
 * bounded quantities).
 */
export const TOL = {
  /** Full-sample OLS α, β, R², residual std (centred computation vs pinv: ~1e-12). */
  fullOls: { rel: 1e-9 },
  /** Spreads: values near 0, hence the absolute floor. */
  spread: { rel: 1e-9, abs: 1e-9 },
  /** Rolling OLS α, β, residual std. */
  rolling: { rel: 1e-9 },
  /** Correlations, R², z-scores: bounded or near 0. */
  bounded: { rel: 1e-9, abs: 1e-9 },
  /** ADF / Engle–Granger statistic, γ, half-life λ on (centred, well-conditioned) spreads. */
  testOnSpread: { rel: 1e-8 },
  /** The same on price-level series: two float64 least-squares solvers differ by ~3e-9 there. */
  testOnLevels: { rel: 1e-6 },
  /** MacKinnon critical values: a closed-form polynomial in 1/nobs. */
  criticalValue: { rel: 1e-10 },
  /** AIC/BIC/|t| of the lag search. */
  criterion: { rel: 1e-9 },
} as const satisfies Record<string, Tolerance>;

/** p-values: |Δ| ≤ 1e-9 + 1e-6·p (the README's bound; taken as the max of the two, which is stricter). */
export const P_VALUE: Tolerance = { rel: 1e-6, abs: 1e-9 };
