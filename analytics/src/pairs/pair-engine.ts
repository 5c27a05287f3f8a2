import {
  INTERVAL_MS,
  pairName,
  type Alert,
  type AlertKind,
  type AlertState,
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
import {
  adfRule,
  correlationRule,
  DwellHysteresis,
  zScoreRule,
  type AdfState,
  type CorrelationState,
  type StateChange,
  type ZScoreState,
} from './alert-states';
import { LegAligner, type AlignedBar } from './leg-aligner';

export interface PairEngineOptions {
  /**
   * 'rolling' (default): ADF, Engle–Granger and half-life from per-bar cross-products;
   * 'refit': each test refitted over the whole window (the engine before issue 15, kept for
   * the benchmark's before/after and as a cross-check).
   */
  readonly tests?: 'rolling' | 'refit';
}

/** An alert as the engine raises it: always with the state it leaves and the one it enters. */
export type StatefulAlert = Alert & Required<Pick<Alert, 'fromState' | 'toState'>>;

export interface PairEngineOutput {
  readonly analytics: PairAnalytics;
  readonly alerts: readonly StatefulAlert[];
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

function round(value: number): string {
  return Number(value.toFixed(4)).toString();
}

/**
 * One pair on one interval: aligns the legs' final bars, updates every rolling figure per
 * aligned bar, runs the statistical tests every `testEvery` bars, and raises alerts with
 * hysteresis (one alert per change of state, none while a state holds; ADF and correlation
 * changes only after a dwell, see alert-states.ts). Pure: the same leg
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
  private readonly zState: DwellHysteresis<ZScoreState>;
  private readonly correlationState: DwellHysteresis<CorrelationState>;
  private readonly adfState: DwellHysteresis<AdfState>;

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
    this.zState = new DwellHysteresis(zScoreRule(spec));
    this.correlationState = new DwellHysteresis(correlationRule(spec));
    this.adfState = new DwellHysteresis(adfRule(spec));
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

  private alertsFor(a: PairAnalytics): StatefulAlert[] {
    const alerts: StatefulAlert[] = [];
    const raise = <S extends AlertState>(
      kind: AlertKind,
      change: StateChange<S>,
      value: number,
      threshold: number,
      message: string,
    ) =>
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
        fromState: change.from,
        toState: change.to,
      });
    const spec = this.spec;
    const zChange = a.zScore === null ? undefined : this.zState.update(a.zScore);
    if (a.zScore !== null && zChange) {
      const { zScoreEntry: entry, zScoreExit: exit } = spec;
      // The older platform's wording (`Z: 2.31 > 2`), which its alert log showed.
      if (zChange.to === 'above') {
        raise('zscore-entry', zChange, a.zScore, entry, `Z: ${round(a.zScore)} > ${entry}`);
      } else if (zChange.to === 'below') {
        raise('zscore-entry', zChange, a.zScore, -entry, `Z: ${round(a.zScore)} < ${-entry}`);
      } else {
        raise('zscore-exit', zChange, a.zScore, exit, `Z: |${round(a.zScore)}| < ${exit}`);
      }
    }
    const rChange =
      a.correlation === null ? undefined : this.correlationState.update(a.correlation);
    if (a.correlation !== null && rChange) {
      const held = dwellText(spec.correlationDwellBars);
      if (rChange.to === 'broken') {
        const level = spec.correlationBreak;
        raise(
          'correlation-break',
          rChange,
          a.correlation,
          level,
          `correlation ${round(a.correlation)} < ${level}${held}: correlated → broken`,
        );
      } else {
        const level = spec.correlationRestore;
        raise(
          'correlation-restored',
          rChange,
          a.correlation,
          level,
          `correlation ${round(a.correlation)} >= ${level}${held}: broken → correlated`,
        );
      }
    }
    const adfChange = a.adf === null ? undefined : this.adfState.update(a.adf.pValue);
    if (a.adf !== null && adfChange) {
      const p = round(a.adf.pValue);
      const held = dwellText(spec.adfDwellBars);
      if (adfChange.to === 'stationary') {
        const level = spec.adfPValueLevel;
        raise(
          'adf-stationary',
          adfChange,
          a.adf.pValue,
          level,
          `ADF p-value ${p} < ${level}${held}: spread non-stationary → stationary`,
        );
      } else {
        const level = spec.adfPValueExit;
        raise(
          'adf-non-stationary',
          adfChange,
          a.adf.pValue,
          level,
          `ADF p-value ${p} >= ${level}${held}: spread stationary → non-stationary`,
        );
      }
    }
    return alerts;
  }
}

/** " for 20 bars" when a change needed a run of figures, nothing when it is at once. */
function dwellText(bars: number): string {
  return bars > 1 ? ` for ${bars} bars` : '';
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
