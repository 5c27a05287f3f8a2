import { adfTest, type AdfOptions, type AdfResult } from './adf';
import { cointTest, type CointOptions, type CointResult } from './coint';
import { halfLife, type HalfLifeResult } from './half-life';
import { hurstExponent, type HurstOptions, type HurstResult } from './hurst';
import { createKalmanHedge, type KalmanHedge, type KalmanHedgeOptions } from './kalman-hedge';
import { fitOls, spreadSeries } from './ols';
import { priceStats, type PriceStats } from './price-stats';
import { absent, present, type Maybe, type NullReason, type Reasons } from './result';
import { RollingCoMoments, RollingMoments } from './rolling-moments';
import { windowCorrelation, windowOls } from './window-figures';

// Bound once: global lookups cost ~250 ns each inside jest's vm sandbox (see README).
const { log, min, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

export interface RollingPairOptions {
  /** Bars in the rolling OLS (hedge ratio) window; ≥ 3. */
  readonly olsWindow: number;
  /** Bars of spread in the z-score window; ≥ 2. */
  readonly zScoreWindow: number;
  /** Bars in the price-correlation window; the log-return correlation uses as many returns. ≥ 2. */
  readonly corrWindow: number;
  /** Bars kept for the on-demand tests (ADF, Engle–Granger, half-life, Hurst); default olsWindow. */
  readonly testWindow?: number;
  /** Kalman hedge-ratio options, or null to leave the Kalman figures out (default: defaults). */
  readonly kalman?: KalmanHedgeOptions | null;
}

export type PairFigure =
  | 'beta'
  | 'alpha'
  | 'rSquared'
  | 'residStd'
  | 'betaNoIntercept'
  | 'rSquaredNoIntercept'
  | 'residStdNoIntercept'
  | 'spread'
  | 'spreadMean'
  | 'spreadStd'
  | 'zScore'
  | 'corrPrices'
  | 'corrLogReturns'
  | 'kalmanBeta'
  | 'kalmanAlpha'
  | 'kalmanZScore';

/**
 * Every per-bar figure of a pair (y regressed on x, price levels). A figure is a finite
 * number or null, and `reasons` holds the reason for each null one.
 */
export interface PairBarFigures {
  /** 0-based index of this bar among the accepted (finite) bars. */
  readonly bar: number;
  readonly x: number;
  readonly y: number;
  /** Rolling OLS over olsWindow bars: y = alpha + beta·x. */
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly rSquared: number | null;
  /** Residual standard error √(SSR/(n−2)). */
  readonly residStd: number | null;
  /** Rolling OLS through the origin: Σxy/Σx², its uncentred R² and √(SSR₀/(n−1)). */
  readonly betaNoIntercept: number | null;
  readonly rSquaredNoIntercept: number | null;
  readonly residStdNoIntercept: number | null;
  /** y − beta·x − alpha with this bar's rolling fit. */
  readonly spread: number | null;
  /** Mean and sample std (ddof 1) of the last zScoreWindow spreads. */
  readonly spreadMean: number | null;
  readonly spreadStd: number | null;
  /** (spread − spreadMean)/spreadStd. */
  readonly zScore: number | null;
  /** Pearson correlation of the prices over corrWindow bars. */
  readonly corrPrices: number | null;
  /** Pearson correlation of ln-returns over corrWindow returns (corrWindow + 1 prices). */
  readonly corrLogReturns: number | null;
  readonly kalmanBeta: number | null;
  readonly kalmanAlpha: number | null;
  readonly kalmanZScore: number | null;
  readonly reasons: Reasons<PairFigure>;
}

export interface PairWindow {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface RollingPairState {
  /** Feeds one aligned bar (x = regressor leg, y = dependent leg); O(1) amortised. */
  update(x: number, y: number): PairBarFigures;
  /** Accepted bars so far. */
  readonly bars: number;
  /** Copy of the last min(bars, testWindow) bars, oldest first. */
  window(): PairWindow;
  /** Spread of the test window against its own full-window OLS fit (Engle–Granger residual). */
  testSpread(): Maybe<Float64Array>;
  adf(options?: AdfOptions): Maybe<AdfResult>;
  coint(options?: CointOptions): Maybe<CointResult>;
  halfLife(): Maybe<HalfLifeResult>;
  hurst(options?: HurstOptions): Maybe<HurstResult>;
  priceStats(): { readonly x: Maybe<PriceStats>; readonly y: Maybe<PriceStats> };
}

const ALL_FIGURES: readonly PairFigure[] = [
  'beta',
  'alpha',
  'rSquared',
  'residStd',
  'betaNoIntercept',
  'rSquaredNoIntercept',
  'residStdNoIntercept',
  'spread',
  'spreadMean',
  'spreadStd',
  'zScore',
  'corrPrices',
  'corrLogReturns',
  'kalmanBeta',
  'kalmanAlpha',
  'kalmanZScore',
];

function checkWindow(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}`);
  }
}

type Figures<K extends PairFigure> = Record<K, number | null>;
type MutableReasons = Partial<Record<PairFigure, NullReason>>;

/** Every figure null with 'non-finite-input': a rejected bar leaves the state untouched. */
function rejectedBar(bar: number, x: number, y: number): PairBarFigures {
  const reasons: MutableReasons = {};
  for (const f of ALL_FIGURES) reasons[f] = 'non-finite-input';
  return {
    bar,
    x,
    y,
    beta: null,
    alpha: null,
    rSquared: null,
    residStd: null,
    betaNoIntercept: null,
    rSquaredNoIntercept: null,
    residStdNoIntercept: null,
    spread: null,
    spreadMean: null,
    spreadStd: null,
    zScore: null,
    corrPrices: null,
    corrLogReturns: null,
    kalmanBeta: null,
    kalmanAlpha: null,
    kalmanZScore: null,
    reasons,
  };
}

/** Pushes this bar's spread (a null one breaks the window) and reads the z-score window. */
function zScoreFigures(
  spreads: RollingMoments,
  spread: number | null,
  spreadReason: NullReason | undefined,
  reasons: MutableReasons,
): Figures<'spreadMean' | 'spreadStd' | 'zScore'> {
  if (spread === null) {
    spreads.clear();
    const r = spreadReason ?? 'window-not-full';
    Object.assign(reasons, { spreadMean: r, spreadStd: r, zScore: r });
    return { spreadMean: null, spreadStd: null, zScore: null };
  }
  spreads.push(spread);
  if (!spreads.full) {
    Object.assign(reasons, {
      spreadMean: 'window-not-full',
      spreadStd: 'window-not-full',
      zScore: 'window-not-full',
    });
    return { spreadMean: null, spreadStd: null, zScore: null };
  }
  if (spreads.constant) {
    reasons.zScore = 'zero-variance';
    return { spreadMean: spreads.newest, spreadStd: 0, zScore: null };
  }
  const spreadStd = sqrt(spreads.sumOfSquares / (spreads.count - 1));
  return { spreadMean: spreads.mean, spreadStd, zScore: spreads.lastDeviation / spreadStd };
}

/** The correlation of ln-returns; a non-positive price breaks the window. */
function createLogReturnCorrelation(corrWindow: number) {
  const corrLog = new RollingCoMoments(corrWindow);
  let prevLogX = NaN;
  let prevLogY = NaN;
  return (x: number, y: number, reasons: MutableReasons): number | null => {
    if (!(x > 0 && y > 0)) {
      corrLog.clear();
      prevLogX = NaN;
      prevLogY = NaN;
      reasons.corrLogReturns = 'non-positive-price';
      return null;
    }
    const lx = log(x);
    const ly = log(y);
    if (!Number.isNaN(prevLogX)) corrLog.push(lx - prevLogX, ly - prevLogY);
    prevLogX = lx;
    prevLogY = ly;
    const c = windowCorrelation(corrLog);
    if (c.value === null) {
      reasons.corrLogReturns = c.reason;
      return null;
    }
    return c.value;
  };
}

function kalmanFigures(
  kalman: KalmanHedge | null,
  x: number,
  y: number,
  reasons: MutableReasons,
): Figures<'kalmanBeta' | 'kalmanAlpha' | 'kalmanZScore'> {
  if (kalman === null) {
    Object.assign(reasons, {
      kalmanBeta: 'disabled',
      kalmanAlpha: 'disabled',
      kalmanZScore: 'disabled',
    });
    return { kalmanBeta: null, kalmanAlpha: null, kalmanZScore: null };
  }
  const k = kalman.update(x, y);
  if (k.value === null) {
    Object.assign(reasons, {
      kalmanBeta: k.reason,
      kalmanAlpha: k.reason,
      kalmanZScore: k.reason,
    });
    return { kalmanBeta: null, kalmanAlpha: null, kalmanZScore: null };
  }
  if (k.value.reasons.zScore !== undefined) reasons.kalmanZScore = k.value.reasons.zScore;
  return { kalmanBeta: k.value.beta, kalmanAlpha: k.value.alpha, kalmanZScore: k.value.zScore };
}

/** The last testWindow bars in a ring, for the on-demand tests. */
function createTestWindow(testWindow: number) {
  const bufX = new Float64Array(testWindow);
  const bufY = new Float64Array(testWindow);
  let bars = 0;
  function window(): PairWindow {
    const n = min(bars, testWindow);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const start = bars - n;
    for (let i = 0; i < n; i++) {
      x[i] = bufX[(start + i) % testWindow] as number;
      y[i] = bufY[(start + i) % testWindow] as number;
    }
    return { x, y };
  }
  return {
    push(x: number, y: number): void {
      bufX[bars % testWindow] = x;
      bufY[bars % testWindow] = y;
      bars += 1;
    },
    get bars() {
      return bars;
    },
    window,
    full(): Maybe<PairWindow> {
      if (bars < testWindow) return absent('window-not-full', `${bars} of ${testWindow} bars`);
      return present(window());
    },
  };
}

/** The on-demand tests, on the test window and the spread of its own full-window OLS fit. */
function windowTests(tests: ReturnType<typeof createTestWindow>) {
  function testSpread(): Maybe<Float64Array> {
    const w = tests.full();
    if (w.value === null) return w;
    const fit = fitOls(w.value.x, w.value.y);
    if (fit.value === null) return fit;
    return present(spreadSeries(w.value.x, w.value.y, fit.value.beta, fit.value.alpha));
  }
  return {
    testSpread,
    adf(adfOptions?: AdfOptions): Maybe<AdfResult> {
      const s = testSpread();
      return s.value === null ? s : adfTest(s.value, adfOptions);
    },
    coint(cointOptions?: CointOptions): Maybe<CointResult> {
      const w = tests.full();
      return w.value === null ? w : cointTest(w.value.y, w.value.x, cointOptions);
    },
    halfLife(): Maybe<HalfLifeResult> {
      const s = testSpread();
      return s.value === null ? s : halfLife(s.value);
    },
    hurst(hurstOptions?: HurstOptions): Maybe<HurstResult> {
      const s = testSpread();
      return s.value === null ? s : hurstExponent(s.value, hurstOptions);
    },
    priceStats() {
      const w = tests.full();
      if (w.value === null) return { x: w, y: w };
      return { x: priceStats(w.value.x), y: priceStats(w.value.y) };
    },
  };
}

/**
 * Per-bar pair analytics over sliding windows. Non-finite bars are rejected (every figure
 * null with 'non-finite-input') without touching the state. A bar whose rolling spread is
 * null breaks the z-score window, which then needs zScoreWindow fresh spreads (as pandas'
 * rolling window over NaN); a non-positive price does the same to the log-return window.
 */
export function createRollingPairState(options: RollingPairOptions): RollingPairState {
  checkWindow('olsWindow', options.olsWindow, 3);
  checkWindow('zScoreWindow', options.zScoreWindow, 2);
  checkWindow('corrWindow', options.corrWindow, 2);
  const testWindow = options.testWindow ?? options.olsWindow;
  checkWindow('testWindow', testWindow, 3);

  const ols = new RollingCoMoments(options.olsWindow);
  const corr = new RollingCoMoments(options.corrWindow);
  const corrLogReturns = createLogReturnCorrelation(options.corrWindow);
  const spreads = new RollingMoments(options.zScoreWindow);
  const kalman: KalmanHedge | null =
    options.kalman === null ? null : createKalmanHedge(options.kalman ?? {});
  const tests = createTestWindow(testWindow);

  function update(x: number, y: number): PairBarFigures {
    if (!isFiniteNumber(x) || !isFiniteNumber(y)) return rejectedBar(tests.bars - 1, x, y);
    tests.push(x, y);
    const reasons: MutableReasons = {};

    ols.push(x, y);
    const fit = windowOls(ols);
    Object.assign(reasons, fit.reasons);
    const z = zScoreFigures(spreads, fit.spread, fit.reasons.spread, reasons);

    corr.push(x, y);
    const corrPrices = windowCorrelation(corr);
    if (corrPrices.value === null) reasons.corrPrices = corrPrices.reason;
    const corrLog = corrLogReturns(x, y, reasons);
    const k = kalmanFigures(kalman, x, y, reasons);

    return {
      bar: tests.bars - 1,
      x,
      y,
      beta: fit.beta,
      alpha: fit.alpha,
      rSquared: fit.rSquared,
      residStd: fit.residStd,
      betaNoIntercept: fit.betaNoIntercept,
      rSquaredNoIntercept: fit.rSquaredNoIntercept,
      residStdNoIntercept: fit.residStdNoIntercept,
      spread: fit.spread,
      spreadMean: z.spreadMean,
      spreadStd: z.spreadStd,
      zScore: z.zScore,
      corrPrices: corrPrices.value,
      corrLogReturns: corrLog,
      kalmanBeta: k.kalmanBeta,
      kalmanAlpha: k.kalmanAlpha,
      kalmanZScore: k.kalmanZScore,
      reasons,
    };
  }

  return {
    update,
    get bars() {
      return tests.bars;
    },
    window: tests.window,
    ...windowTests(tests),
  };
}

/** Runs a fresh state over whole arrays: the per-bar figures as an array (tests, replays, the API). */
export function rollingPairSeries(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: RollingPairOptions,
): PairBarFigures[] {
  if (x.length !== y.length)
    throw new RangeError(`x and y differ in length: ${x.length} vs ${y.length}`);
  const state = createRollingPairState(options);
  const out: PairBarFigures[] = [];
  for (let i = 0; i < x.length; i++) out.push(state.update(x[i] as number, y[i] as number));
  return out;
}
