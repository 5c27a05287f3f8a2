import {
  INTERVAL_MS,
  pairName,
  type Alert,
  type AlertKind,
  type Candle,
  type PairAnalytics,
  type PairSpec,
} from '@tickstream/schema';
import {
  createRollingPairState,
  RollingPairTests,
  type AdfResult,
  type CointResult,
  type NullReason,
  type PairBarFigures,
  type RollingPairState,
} from '../numerics';
import { LegAligner, type AlignedBar } from './leg-aligner';

export interface PairEngineOptions {
  /**
   * 'rolling' (default): ADF, Engle–Granger and half-life from per-bar cross-products;
   * 'refit': each test refitted over the whole window (the engine before issue 15, kept for
   * the benchmark's before/after and as a cross-check).
   */
  readonly tests?: 'rolling' | 'refit';
}

export interface PairEngineOutput {
  readonly analytics: PairAnalytics;
  readonly alerts: readonly Alert[];
}

const REASON_TEXT: Record<NullReason, string> = {
  'window-not-full': 'window not full yet',
  'zero-variance': 'zero variance in the window',
  'too-few-observations': 'too few observations for the test',
  'lag-too-large': 'lag too large for the number of observations',
  'non-finite-input': 'non-finite input',
  'non-positive-price': 'non-positive price',
  'no-mean-reversion': 'no mean reversion (the spread does not pull back)',
  'perfect-fit': 'perfect fit: the legs are exactly collinear',
  'singular-design': 'singular regression design',
  'not-tabulated': 'no critical values tabulated for this case',
  disabled: 'disabled',
};

const FIGURE_FIELDS: ReadonlyArray<
  readonly [keyof PairBarFigures['reasons'], keyof PairAnalytics]
> = [
  ['beta', 'hedgeRatio'],
  ['alpha', 'intercept'],
  ['rSquared', 'rSquared'],
  ['residStd', 'stdError'],
  ['betaNoIntercept', 'hedgeRatioThroughOrigin'],
  ['spread', 'spread'],
  ['spreadMean', 'spreadMean'],
  ['spreadStd', 'spreadStd'],
  ['zScore', 'zScore'],
  ['corrPrices', 'correlation'],
  ['corrLogReturns', 'returnCorrelation'],
  ['kalmanBeta', 'kalmanHedgeRatio'],
  ['kalmanAlpha', 'kalmanIntercept'],
  ['kalmanZScore', 'kalmanZScore'],
];

interface Tests {
  adf: PairAnalytics['adf'];
  coint: PairAnalytics['coint'];
  halfLife: number | null;
  hurst: number | null;
  reasons: Record<string, string>;
}

const CORRELATION_REARM_BAND = 0.1;

function round(value: number): string {
  return Number(value.toFixed(4)).toString();
}

/**
 * One pair on one interval: aligns the legs' final bars, updates every rolling figure per
 * aligned bar, runs the statistical tests every `testEvery` bars, and raises alerts with
 * hysteresis (one alert per crossing, none while the condition holds). Pure: the same leg
 * bars in the same per-leg order give the same outputs.
 */
export class PairEngine {
  private readonly aligner = new LegAligner();
  private readonly rolling: RollingPairState;
  /** ADF, Engle–Granger and half-life updated per bar (O(maxLag²)), not refitted per test. */
  private readonly rollingTests: RollingPairTests;
  private readonly name: string;
  private tests: Tests = { adf: null, coint: null, halfLife: null, hurst: null, reasons: {} };
  private testBlock: number | undefined;
  private zState: 'inside' | 'above' | 'below' = 'inside';
  private correlationBroken = false;
  private adfStationary: boolean | undefined;

  private readonly refitTests: boolean;

  constructor(
    readonly spec: PairSpec,
    options: PairEngineOptions = {},
  ) {
    this.refitTests = options.tests === 'refit';
    this.name = pairName(spec);
    this.rolling = createRollingPairState({
      olsWindow: spec.olsWindow,
      zScoreWindow: spec.zScoreWindow,
      corrWindow: spec.corrWindow,
      testWindow: spec.olsWindow,
    });
    this.rollingTests = new RollingPairTests({ window: spec.olsWindow });
  }

  /** Adds a final bar of one leg; returns analytics for every bar that became aligned. */
  addLegBar(leg: 'x' | 'y', candle: Candle): PairEngineOutput[] {
    return this.addLegClose(leg, candle.start, candle.close);
  }

  /** The same from a bar's start and close alone (history read back from ClickHouse). */
  addLegClose(leg: 'x' | 'y', start: number, close: number): PairEngineOutput[] {
    return this.aligner.add(leg, start, close).map((bar) => this.compute(bar));
  }

  private compute(bar: AlignedBar): PairEngineOutput {
    const figures = this.rolling.update(bar.x, bar.y);
    // rejects the same non-finite bars as the rolling state
    if (!this.refitTests) this.rollingTests.update(bar.x, bar.y);
    // Blocks of `testEvery` bars on the UTC grid, not a count of bars seen: the tests then run
    // at the same bars whichever bar an engine started from (a restart, a run-time pair).
    const block = Math.floor(bar.time / (INTERVAL_MS[this.spec.interval] * this.spec.testEvery));
    if (block !== this.testBlock) {
      this.testBlock = block;
      this.tests = this.runTests();
    }
    const analytics = this.toAnalytics(bar, figures);
    return { analytics, alerts: this.alertsFor(analytics) };
  }

  private runTests(): Tests {
    const reasons: Record<string, string> = {};
    const source = this.refitTests ? this.rolling : this.rollingTests;
    const adf = this.refitTests
      ? this.rolling.adf({ regression: 'c', autoLag: 'AIC' })
      : this.rollingTests.spreadAdf({ regression: 'c', autoLag: 'AIC' });
    const coint = source.coint();
    const halfLife = source.halfLife();
    const hurst = this.refitTests ? this.rolling.hurst() : this.rollingTests.hurst();
    if (adf.value === null) reasons['adf'] = REASON_TEXT[adf.reason];
    if (coint.value === null) reasons['coint'] = REASON_TEXT[coint.reason];
    let halfLifeValue: number | null = null;
    if (halfLife.value === null) reasons['halfLife'] = REASON_TEXT[halfLife.reason];
    else if (halfLife.value.halfLife === null)
      reasons['halfLife'] = REASON_TEXT['no-mean-reversion'];
    else halfLifeValue = halfLife.value.halfLife;
    if (hurst.value === null) reasons['hurst'] = REASON_TEXT[hurst.reason];
    return {
      adf: adf.value === null ? null : adfOut(adf.value),
      coint: coint.value === null ? null : cointOut(coint.value, reasons),
      halfLife: halfLifeValue,
      hurst: hurst.value === null ? null : hurst.value.hurst,
      reasons,
    };
  }

  private toAnalytics(bar: AlignedBar, f: PairBarFigures): PairAnalytics {
    const nullReasons: Record<string, string> = { ...this.tests.reasons };
    for (const [figure, field] of FIGURE_FIELDS) {
      const reason = f.reasons[figure];
      if (reason !== undefined) nullReasons[field] = REASON_TEXT[reason];
    }
    return {
      type: 'pair-analytics',
      pair: this.name,
      symbolX: this.spec.symbolX,
      symbolY: this.spec.symbolY,
      interval: this.spec.interval,
      time: bar.time,
      priceX: bar.x,
      priceY: bar.y,
      olsWindow: this.spec.olsWindow,
      zScoreWindow: this.spec.zScoreWindow,
      corrWindow: this.spec.corrWindow,
      hedgeRatio: f.beta,
      intercept: f.alpha,
      rSquared: f.rSquared,
      stdError: f.residStd,
      hedgeRatioThroughOrigin: f.betaNoIntercept,
      spread: f.spread,
      spreadMean: f.spreadMean,
      spreadStd: f.spreadStd,
      zScore: f.zScore,
      correlation: f.corrPrices,
      returnCorrelation: f.corrLogReturns,
      kalmanHedgeRatio: f.kalmanBeta,
      kalmanIntercept: f.kalmanAlpha,
      kalmanZScore: f.kalmanZScore,
      halfLife: this.tests.halfLife,
      hurst: this.tests.hurst,
      adf: this.tests.adf,
      coint: this.tests.coint,
      nullReasons,
      version: 1,
    };
  }

  private alertsFor(a: PairAnalytics): Alert[] {
    const alerts: Alert[] = [];
    const raise = (kind: AlertKind, value: number, threshold: number, message: string) =>
      alerts.push({
        type: 'alert',
        id: `${kind}:${a.pair}:${a.interval}:${a.time}`,
        kind,
        pair: a.pair,
        interval: a.interval,
        time: a.time,
        value,
        threshold,
        message,
      });
    const { zScoreEntry: entry, zScoreExit: exit } = this.spec;
    if (a.zScore !== null) {
      if (this.zState === 'inside' && Math.abs(a.zScore) > entry) {
        this.zState = a.zScore > 0 ? 'above' : 'below';
        raise(
          'zscore-entry',
          a.zScore,
          a.zScore > 0 ? entry : -entry,
          a.zScore > 0 ? `Z: ${round(a.zScore)} > ${entry}` : `Z: ${round(a.zScore)} < ${-entry}`,
        );
      } else if (this.zState !== 'inside' && Math.abs(a.zScore) < exit) {
        this.zState = 'inside';
        raise('zscore-exit', a.zScore, exit, `Z: |${round(a.zScore)}| < ${exit}`);
      }
    }
    if (a.correlation !== null) {
      const level = this.spec.correlationBreak;
      if (!this.correlationBroken && a.correlation < level) {
        this.correlationBroken = true;
        raise(
          'correlation-break',
          a.correlation,
          level,
          `correlation ${round(a.correlation)} < ${level}`,
        );
      } else if (this.correlationBroken && a.correlation >= level + CORRELATION_REARM_BAND) {
        this.correlationBroken = false;
      }
    }
    if (a.adf !== null) {
      const level = this.spec.adfPValueLevel;
      const stationary = a.adf.pValue < level;
      if (this.adfStationary !== undefined && stationary !== this.adfStationary) {
        raise(
          stationary ? 'adf-stationary' : 'adf-non-stationary',
          a.adf.pValue,
          level,
          stationary
            ? `ADF p-value ${round(a.adf.pValue)} < ${level}: spread stationary`
            : `ADF p-value ${round(a.adf.pValue)} >= ${level}: spread not stationary`,
        );
      }
      this.adfStationary = stationary;
    }
    return alerts;
  }
}

function adfOut(r: AdfResult): NonNullable<PairAnalytics['adf']> {
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    usedLag: r.usedLag,
    nobs: r.nobs,
    criticalValues: {
      '1%': r.criticalValues['1%'],
      '5%': r.criticalValues['5%'],
      '10%': r.criticalValues['10%'],
    },
    isStationary: r.pValue < 0.05,
  };
}

function cointOut(r: CointResult, reasons: Record<string, string>): PairAnalytics['coint'] {
  if (r.criticalValues === null) {
    reasons['coint'] = REASON_TEXT['not-tabulated'];
    return null;
  }
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    criticalValues: {
      '1%': r.criticalValues['1%'],
      '5%': r.criticalValues['5%'],
      '10%': r.criticalValues['10%'],
    },
    isCointegrated: r.pValue < 0.05,
  };
}
