import {
  adfFromDesigns,
  adfTest,
  normaliseRegression,
  resolveMaxLag,
  type AdfOptions,
  type AdfRegression,
  type AdfResult,
} from './adf';
import {
  cointFromParts,
  cointTest,
  collinear,
  COLLINEAR_R2,
  type CointOptions,
  type CointResult,
} from './coint';
import { halfLife, type HalfLifeResult } from './half-life';
import { solveCoefficients } from './householder-qr';
import { fitOls, spreadSeries } from './ols';
import { absent, present, type Maybe, type NullReason } from './result';
import { LaggedWindow } from './rolling-cross-products';
import {
  designFromGram,
  NO_ROWS,
  NeedsExactRefit,
  rollingDesignBuilder,
  type LinearColumn,
  type TargetSeries,
} from './rolling-adf';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { abs, min, sqrt } = Math;

/** First stages this close to collinear are decided by the exact refit (statsmodels' own
 * threshold, 1 − R² = 1.5e-6, must come out the same). */
const NEAR_COLLINEAR = 1e-5;

export interface RollingPairTestsOptions {
  /** Bars in the window (y regressed on x); ≥ 3. */
  readonly window: number;
}

export interface PairWindowArrays {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

interface FirstStage {
  readonly beta: number;
  readonly alpha: number | null;
  readonly trendCoefficient: number | null;
  readonly trend2Coefficient: number | null;
  readonly rSquared: number;
  readonly residual: TargetSeries;
}

/**
 * Engle–Granger, the ADF of the window's OLS spread and its half-life over the last
 * `window` bars of a pair, updated per bar in O(maxLag²) independent of the window
 * (`LaggedWindow`: the cross-products of the lagged levels and differences of both legs).
 * A spread y − β·x − α whose β changes each bar is a linear map of those cross-products, so
 * each test is one small factorisation per call. Every answer equals the window refit
 * (`cointTest`, `adfTest` of `spreadSeries`, `halfLife`) to the reference tolerances; windows
 * the cross-products cannot answer to that accuracy (a constant leg, an (almost) exact
 * linear relation, a nearly singular design, options beyond the kept lags, trend 'n') are
 * answered by that refit itself, so degenerate windows give the same null and reason.
 */
export class RollingPairTests {
  readonly window: number;
  private readonly win: LaggedWindow | null;
  private readonly bufX: Float64Array;
  private readonly bufY: Float64Array;
  private count = 0;

  constructor(options: RollingPairTestsOptions) {
    const n = options.window;
    if (!Number.isInteger(n) || n < 3)
      throw new RangeError(`window must be an integer ≥ 3, got ${n}`);
    this.window = n;
    this.bufX = new Float64Array(n);
    this.bufY = new Float64Array(n);
    // The largest default maxLag of any regression ('n' has the highest cap) covers every
    // default test; a larger explicit maxLag goes to the refit.
    const lags = resolveMaxLag(n, 0, 'n', undefined);
    this.win =
      lags.value === null || lags.value > n - 3
        ? null
        : new LaggedWindow({ series: 2, window: n, maxLag: lags.value });
  }

  get bars(): number {
    return this.count;
  }

  /** Adds one bar; a non-finite bar is rejected and leaves the state as it was. */
  update(x: number, y: number): boolean {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    this.bufX[this.count % this.window] = x;
    this.bufY[this.count % this.window] = y;
    this.count += 1;
    this.win?.push([x, y]);
    return true;
  }

  /** Copy of the last min(bars, window) bars, oldest first. */
  windowArrays(): PairWindowArrays {
    const n = min(this.count, this.window);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = (this.count - n + i) % this.window;
      x[i] = this.bufX[k] as number;
      y[i] = this.bufY[k] as number;
    }
    return { x, y };
  }

  private notFull(): Maybe<never> | null {
    if (this.count >= this.window) return null;
    return absent('window-not-full', `${this.count} of ${this.window} bars`);
  }

  /** The cross-products when they can answer; null sends the caller to the refit. */
  private usable(): LaggedWindow | null {
    const win = this.win;
    if (win === null || win.constant(0) || win.constant(1)) return null;
    return win;
  }

  /** Engle–Granger of y on x: `cointTest(y, x, options)` on the window. */
  coint(options: CointOptions = {}): Maybe<CointResult> {
    const nf = this.notFull();
    if (nf !== null) return nf;
    const trend = normaliseRegression(options.trend ?? 'c');
    const win = this.usable();
    if (
      win !== null &&
      trend !== 'n' &&
      (options.maxLag === undefined || options.maxLag <= win.p)
    ) {
      try {
        const stage = this.firstStage(win, trend);
        if (stage.rSquared >= COLLINEAR_R2) return collinear(stage.rSquared);
        const adf = adfFromDesigns(
          this.window,
          {
            regression: 'n',
            ...(options.maxLag === undefined ? {} : { maxLag: options.maxLag }),
            autoLag: options.autoLag === undefined ? 'AIC' : options.autoLag,
          },
          rollingDesignBuilder(win, stage.residual),
        );
        return cointFromParts(trend, this.window, stage, adf);
      } catch (e) {
        if (!(e instanceof NeedsExactRefit)) throw e;
      }
    }
    const w = this.windowArrays();
    return cointTest(w.y, w.x, options);
  }

  /** ADF of the spread of the window's own OLS fit (y − β·x − α), as `RollingPairState.adf`. */
  spreadAdf(options: AdfOptions = {}): Maybe<AdfResult> {
    const nf = this.notFull();
    if (nf !== null) return nf;
    const win = this.usable();
    if (win !== null && (options.maxLag === undefined || options.maxLag <= win.p)) {
      try {
        const stage = this.firstStage(win, 'c');
        return adfFromDesigns(this.window, options, rollingDesignBuilder(win, stage.residual));
      } catch (e) {
        if (!(e instanceof NeedsExactRefit)) throw e;
      }
    }
    const spread = this.exactSpread();
    return spread.value === null ? spread : adfTest(spread.value, options);
  }

  /** Half-life of the window's OLS spread, as `RollingPairState.halfLife`. */
  halfLife(): Maybe<HalfLifeResult> {
    const nf = this.notFull();
    if (nf !== null) return nf;
    const win = this.usable();
    if (win !== null && this.window >= 4) {
      try {
        const stage = this.firstStage(win, 'c');
        const design = rollingDesignBuilder(win, stage.residual)(0, [{ kind: 'level' }], true);
        const { qr, rows } = design;
        const lambda = (qr.qtb[0] as number) / (qr.diag[0] as number);
        const ssr = (qr.qtb[1] as number) ** 2;
        const lambdaSe = sqrt(ssr / (rows - 2)) / abs(qr.diag[0] as number);
        const reasons: Partial<Record<'halfLife' | 'lambdaTValue', NullReason>> = {};
        let value: number | null = null;
        if (lambda < 0) value = -Math.LN2 / lambda;
        else reasons.halfLife = 'no-mean-reversion';
        return present({
          halfLife: value,
          lambda,
          intercept: design.dependentMean - lambda * (design.means[0] as number),
          lambdaSe,
          lambdaTValue: lambda / lambdaSe,
          nobs: rows,
          reasons,
        });
      } catch (e) {
        if (!(e instanceof NeedsExactRefit)) throw e;
      }
    }
    const spread = this.exactSpread();
    return spread.value === null ? spread : halfLife(spread.value);
  }

  /** The window's OLS spread by the exact path (as `RollingPairState.testSpread`). */
  exactSpread(): Maybe<Float64Array> {
    const nf = this.notFull();
    if (nf !== null) return nf;
    const w = this.windowArrays();
    const fit = fitOls(w.x, w.y);
    if (fit.value === null) return fit;
    return present(spreadSeries(w.x, w.y, fit.value.beta, fit.value.alpha));
  }

  /**
   * OLS of y on [1, x, trend terms] over the window's bars from the bar cross-products
   * (trend 1..n, as statsmodels), and the residual as a linear map of the row cross-products.
   */
  private firstStage(win: LaggedWindow, trend: AdfRegression): FirstStage {
    const powers = trend === 'ct' ? 1 : trend === 'ctt' ? 2 : 0;
    const columns: LinearColumn[] = [{ w: [[1, 1]], c0: 0, t1: 0, t2: 0 }];
    if (powers >= 1) columns.push({ w: [], c0: 0, t1: 1, t2: 0 });
    if (powers >= 2) columns.push({ w: [], c0: 0, t1: 0, t2: 1 });
    columns.push({ w: [[2, 1]], c0: 0, t1: 0, t2: 0 });
    const design = designFromGram(win.bars, columns, true, NO_ROWS, 0);
    const coef = solveCoefficients(design.qr);
    const ssr = (design.qr.qtb[columns.length - 1] as number) ** 2;
    const tss = design.dependentNorm * design.dependentNorm;
    const rSquared = 1 - ssr / tss;
    if (1 - rSquared < NEAR_COLLINEAR) throw new NeedsExactRefit('first stage (nearly) collinear');
    const beta = coef[0] as number;
    const d1 = powers >= 1 ? (coef[1] as number) : 0;
    const d2 = powers >= 2 ? (coef[2] as number) : 0;
    // intercept in anchor units: ȳ − β·x̄ − δ·t̄ − δ₂·t²̄ of the offsets from the anchors
    let alphaAnchored = design.dependentMean;
    for (let c = 0; c < coef.length; c++)
      alphaAnchored -= (coef[c] as number) * (design.means[c] as number);
    const kx = win.anchor[0] as number;
    const ky = win.anchor[1] as number;
    return {
      beta,
      alpha: alphaAnchored + ky - beta * kx,
      trendCoefficient: powers >= 1 ? d1 : null,
      trend2Coefficient: powers >= 2 ? d2 : null,
      rSquared,
      residual: { c: [-beta, 1], d0: -alphaAnchored, d1: -d1, d2: -d2, shift: 0 },
    };
  }
}
