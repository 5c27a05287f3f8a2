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
import { hurstExponent, type HurstOptions, type HurstResult } from './hurst';
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
const { abs, floor, log, min, sqrt } = Math;

/** The variogram lags the Hurst exponent uses by default (hurst.ts). */
const HURST_MIN_LAG = 2;
const HURST_MAX_LAG = 20;

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
  /** Per lag τ: Σ Δ_τx², Σ Δ_τx·Δ_τy, Σ Δ_τy² over the pairs of bars τ apart in the window. */
  private readonly vxx: Float64Array;
  private readonly vxy: Float64Array;
  private readonly vyy: Float64Array;
  private readonly hurstMaxLag: number;
  private sinceVariogram = 0;
  /** The first stage of the current bar, by trend (each test of a bar needs it). */
  private stageCache: {
    bar: number;
    trend: AdfRegression;
    reverse: boolean;
    stage: FirstStage;
  } | null = null;

  constructor(options: RollingPairTestsOptions) {
    const n = options.window;
    if (!Number.isInteger(n) || n < 3)
      throw new RangeError(`window must be an integer ≥ 3, got ${n}`);
    this.window = n;
    this.bufX = new Float64Array(n);
    this.bufY = new Float64Array(n);
    this.hurstMaxLag = min(HURST_MAX_LAG, floor(n / 2));
    this.vxx = new Float64Array(HURST_MAX_LAG + 1);
    this.vxy = new Float64Array(HURST_MAX_LAG + 1);
    this.vyy = new Float64Array(HURST_MAX_LAG + 1);
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

  /** Bytes of the typed arrays of this pair's state (for sizing a screener of many pairs). */
  get stateBytes(): number {
    const own =
      this.bufX.byteLength +
      this.bufY.byteLength +
      this.vxx.byteLength +
      this.vxy.byteLength +
      this.vyy.byteLength;
    return own + (this.win?.stateBytes ?? 0);
  }

  /** Adds one bar; a non-finite bar is rejected and leaves the state as it was. */
  update(x: number, y: number): boolean {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const n = this.window;
    const k = this.count;
    // the variogram: pairs with the leaving bar k − n go (read before it is overwritten),
    // pairs with the new bar come in
    if (k >= n) this.variogramPairs(k - n, +1, -1);
    this.bufX[k % n] = x;
    this.bufY[k % n] = y;
    this.count = k + 1;
    this.variogramPairs(k, -1, +1);
    if (k >= n && ++this.sinceVariogram >= n) this.rebuildVariogram();
    this.win?.push([x, y]);
    return true;
  }

  /** Adds (sign +1) or removes (−1) the pairs (bar, bar + dir·τ) for every τ inside the window. */
  private variogramPairs(bar: number, dir: number, sign: number): void {
    const n = this.window;
    const first = this.count - n;
    const x0 = this.bufX[bar % n] as number;
    const y0 = this.bufY[bar % n] as number;
    for (let tau = HURST_MIN_LAG; tau <= this.hurstMaxLag; tau++) {
      const other = bar + dir * tau;
      if (other < 0 || other < first || other >= this.count) continue;
      const dx = (this.bufX[other % n] as number) - x0;
      const dy = (this.bufY[other % n] as number) - y0;
      this.vxx[tau] = (this.vxx[tau] as number) + sign * dx * dx;
      this.vxy[tau] = (this.vxy[tau] as number) + sign * dx * dy;
      this.vyy[tau] = (this.vyy[tau] as number) + sign * dy * dy;
    }
  }

  /** Exact re-summation every `window` bars: the add/remove drift never exceeds one window. */
  private rebuildVariogram(): void {
    this.sinceVariogram = 0;
    const n = this.window;
    const first = this.count - n;
    this.vxx.fill(0);
    this.vxy.fill(0);
    this.vyy.fill(0);
    for (let tau = HURST_MIN_LAG; tau <= this.hurstMaxLag; tau++) {
      let sxx = 0;
      let sxy = 0;
      let syy = 0;
      for (let t = first; t + tau < this.count; t++) {
        const dx = (this.bufX[(t + tau) % n] as number) - (this.bufX[t % n] as number);
        const dy = (this.bufY[(t + tau) % n] as number) - (this.bufY[t % n] as number);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
      }
      this.vxx[tau] = sxx;
      this.vxy[tau] = sxy;
      this.vyy[tau] = syy;
    }
  }

  /**
   * Hurst exponent of the window's OLS spread, as `RollingPairState.hurst` (variogram, lags
   * 2..20): the spread's increments over τ bars are Δ_τy − β·Δ_τx (α cancels), so
   * Σ(Δ_τs)² = Σ Δ_τy² − 2β Σ Δ_τx·Δ_τy + β² Σ Δ_τx², kept per τ in O(20) per bar.
   */
  hurst(options: HurstOptions = {}): Maybe<HurstResult> {
    const nf = this.notFull();
    if (nf !== null) return nf;
    const defaults =
      (options.minLag ?? HURST_MIN_LAG) === HURST_MIN_LAG &&
      (options.maxLag ?? HURST_MAX_LAG) === HURST_MAX_LAG;
    const win = this.usable();
    const n = this.window;
    const lags = this.hurstMaxLag - HURST_MIN_LAG + 1;
    if (win !== null && defaults && lags >= 3) {
      try {
        const beta = this.firstStage(win, 'c').beta;
        const logLag = new Float64Array(lags);
        const logVariogram = new Float64Array(lags);
        for (let i = 0; i < lags; i++) {
          const tau = HURST_MIN_LAG + i;
          const xx = this.vxx[tau] as number;
          const yy = this.vyy[tau] as number;
          const v = yy - 2 * beta * (this.vxy[tau] as number) + beta * beta * xx;
          // cancellation between the legs' increments: leave it to the refit
          if (!(v > 1e-6 * (yy + beta * beta * xx))) throw new NeedsExactRefit('variogram cancels');
          logLag[i] = log(tau);
          logVariogram[i] = log(v / (n - tau));
        }
        const fit = fitOls(logLag, logVariogram);
        if (fit.value === null) return fit;
        return present({
          hurst: fit.value.beta / 2,
          minLag: HURST_MIN_LAG,
          maxLag: this.hurstMaxLag,
          fitRSquared: fit.value.rSquared,
          nobs: n,
        });
      } catch (e) {
        if (!(e instanceof NeedsExactRefit)) throw e;
      }
    }
    const spread = this.exactSpread();
    return spread.value === null ? spread : hurstExponent(spread.value, options);
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

  /**
   * Engle–Granger of y on x: `cointTest(y, x, options)` on the window; with `reverse`, of x
   * on y (`cointTest(x, y, options)`), from the same cross-products (the pair is one state).
   */
  coint(options: CointOptions = {}, reverse = false): Maybe<CointResult> {
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
        const stage = this.firstStage(win, trend, reverse);
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
    return reverse ? cointTest(w.x, w.y, options) : cointTest(w.y, w.x, options);
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
  private firstStage(win: LaggedWindow, trend: AdfRegression, reverse = false): FirstStage {
    const cached = this.stageCache;
    if (
      cached !== null &&
      cached.bar === this.count &&
      cached.trend === trend &&
      cached.reverse === reverse
    )
      return cached.stage;
    const stage = this.fitFirstStage(win, trend, reverse);
    this.stageCache = { bar: this.count, trend, reverse, stage };
    return stage;
  }

  /** `reverse`: x regressed on y (the bar Gram's series 1 is x, 2 is y; the row series 0, 1). */
  private fitFirstStage(win: LaggedWindow, trend: AdfRegression, reverse: boolean): FirstStage {
    const [regressor, dependent] = reverse ? [2, 1] : [1, 2];
    const powers = trend === 'ct' ? 1 : trend === 'ctt' ? 2 : 0;
    const columns: LinearColumn[] = [{ w: [regressor, 1], c0: 0, t1: 0, t2: 0 }];
    if (powers >= 1) columns.push({ w: [], c0: 0, t1: 1, t2: 0 });
    if (powers >= 2) columns.push({ w: [], c0: 0, t1: 0, t2: 1 });
    columns.push({ w: [dependent, 1], c0: 0, t1: 0, t2: 0 });
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
    const kRegressor = win.anchor[regressor - 1] as number;
    const kDependent = win.anchor[dependent - 1] as number;
    return {
      beta,
      alpha: alphaAnchored + kDependent - beta * kRegressor,
      trendCoefficient: powers >= 1 ? d1 : null,
      trend2Coefficient: powers >= 2 ? d2 : null,
      rSquared,
      residual: {
        c: reverse ? [1, -beta] : [-beta, 1],
        d0: -alphaAnchored,
        d1: -d1,
        d2: -d2,
        shift: 0,
      },
    };
  }
}
