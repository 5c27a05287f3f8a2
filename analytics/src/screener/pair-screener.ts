import {
  INTERVAL_MS,
  pairName,
  type Interval,
  type PairScreen,
  type PairScreenFigure,
  type ScreenerSpec,
} from '@tickstream/schema';
import { createRollingPairState, type RollingPairState } from '../numerics/rolling-pair-state';
import { RollingPairTests } from '../numerics/rolling-coint';
import { isAbsent, type Maybe } from '../numerics/result';
import { UniverseAligner, type UniverseBar } from './universe-aligner';

/** One pair of the universe: its per-bar figures and its rolling tests over the window. */
interface ScreenedPairState {
  /** Symbol indexes in the aligner: x the alphabetically first. */
  readonly ix: number;
  readonly iy: number;
  readonly pair: string;
  readonly symbolX: string;
  readonly symbolY: string;
  /** Tested on bar times t with (t / interval + phase) % testEvery = 0: spread over the pairs. */
  readonly phase: number;
  readonly figures: RollingPairState;
  readonly tests: RollingPairTests;
}

export interface PairScreenerOptions {
  readonly spec: ScreenerSpec;
  /**
   * With `symbols: '*'`: the symbols known at start (those with stored bars), so none of them
   * misses a bar time by joining after another symbol closed it.
   */
  readonly knownSymbols?: readonly string[];
}

/** What one aligned bar did. */
export interface ScreenerStep {
  readonly time: number;
  readonly live: boolean;
  /** Pairs whose state took the bar. */
  readonly pairsUpdated: number;
  /** Rows of the pairs tested at this bar (none for a bar from history). */
  readonly rows: readonly PairScreen[];
}

/** FNV-1a of the pair name: a test phase that does not depend on the order pairs appeared in. */
function phaseOf(pair: string, testEvery: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pair.length; i++) h = Math.imul(h ^ pair.charCodeAt(i), 0x01000193) >>> 0;
  return h % testEvery;
}

/** A field of a test's result, or null with the test's reason recorded for the figure. */
function valueOf<T, K extends keyof T>(
  m: Maybe<T>,
  key: K,
  figure: PairScreenFigure,
  reasons: Partial<Record<PairScreenFigure, string>>,
): T[K] | null {
  if (isAbsent(m)) {
    reasons[figure] = m.reason;
    return null;
  }
  return m.value[key];
}

/**
 * Every pair of a universe of symbols, maintained live (issue 15). Each aligned bar of the
 * universe updates every pair whose legs both have a close: the per-bar figures (rolling OLS
 * β and α, correlations of prices and log returns, Kalman β, spread and z-score: the pair
 * view's own state) and the rolling cross-products of the tests, in O(lags²) per pair. Every
 * `testEvery` bars a pair runs its tests (Engle–Granger both ways, ADF of the spread,
 * half-life, Hurst) on the window, which also cost O(lags³), not O(window), and gives a row.
 * Pure: bars in, rows out; the stage does the I/O.
 */
export class PairScreener {
  readonly spec: ScreenerSpec;
  private readonly aligner: UniverseAligner;
  private readonly intervalMs: number;
  /** Pairs by the index of their second-joined symbol: pairs[j] holds (i, j) for every i < j. */
  private readonly pairs: ScreenedPairState[][] = [];
  private pairCount = 0;

  constructor(options: PairScreenerOptions) {
    this.spec = options.spec;
    this.intervalMs = INTERVAL_MS[options.spec.interval];
    this.aligner = new UniverseAligner({
      maxWaitMs: options.spec.maxWaitMs,
      ...(options.spec.symbols === '*'
        ? { symbols: [...(options.knownSymbols ?? [])].sort(), closed: false }
        : { symbols: options.spec.symbols, closed: true }),
    });
  }

  get interval(): Interval {
    return this.spec.interval;
  }

  /** Symbols of the universe so far. */
  get symbols(): readonly string[] {
    return this.aligner.symbols;
  }

  /** Pairs maintained. */
  get pairsMaintained(): number {
    return this.pairCount;
  }

  /** The newest aligned bar time (−∞ before the first). */
  get closedThrough(): number {
    return this.aligner.closedThrough;
  }

  /**
   * Adds one symbol's final bar of the screener interval, received at wall-clock time `now`.
   * `onStep` gets every universe bar that became aligned, with its rows (only live bars run
   * tests: history warms the state).
   */
  add(
    symbol: string,
    start: number,
    close: number,
    live: boolean,
    now: number,
    onStep: (step: ScreenerStep) => void,
  ): void {
    this.aligner.add(symbol, start, close, live, now, (bar) => onStep(this.step(bar)));
  }

  /** Closes the bars quiet symbols held back longer than `maxWaitMs` (call it periodically). */
  tick(now: number, onStep: (step: ScreenerStep) => void): void {
    this.aligner.tick(now, (bar) => onStep(this.step(bar)));
  }

  private ensurePairs(): void {
    const symbols = this.aligner.symbols;
    const spec = this.spec;
    for (let j = this.pairs.length; j < symbols.length; j++) {
      const row: ScreenedPairState[] = [];
      for (let i = 0; i < j; i++) {
        const a = symbols[i] as string;
        const b = symbols[j] as string;
        const [ix, iy] = a < b ? [i, j] : [j, i];
        const symbolX = symbols[ix] as string;
        const symbolY = symbols[iy] as string;
        const pair = pairName({ symbolX, symbolY });
        row.push({
          ix,
          iy,
          pair,
          symbolX,
          symbolY,
          phase: phaseOf(pair, spec.testEvery),
          figures: createRollingPairState({
            olsWindow: spec.window,
            zScoreWindow: spec.zScoreWindow,
            corrWindow: spec.window,
            // the tests keep their own window (RollingPairTests): keep this one minimal
            testWindow: 3,
          }),
          tests: new RollingPairTests({ window: spec.window }),
        });
      }
      this.pairs.push(row);
      this.pairCount += row.length;
    }
  }

  private step(bar: UniverseBar): ScreenerStep {
    this.ensurePairs();
    const { closes, time, live } = bar;
    const testEvery = this.spec.testEvery;
    const slot = Math.floor(time / this.intervalMs) % testEvery;
    const rows: PairScreen[] = [];
    let updated = 0;
    for (const row of this.pairs) {
      for (const p of row) {
        const x = closes[p.ix] as number;
        const y = closes[p.iy] as number;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        const figures = p.figures.update(x, y);
        p.tests.update(x, y);
        updated += 1;
        if (!live || (slot + p.phase) % testEvery !== 0) continue;
        rows.push(this.rowOf(p, time, figures));
      }
    }
    return { time, live, pairsUpdated: updated, rows };
  }

  private rowOf(
    p: ScreenedPairState,
    time: number,
    f: ReturnType<RollingPairState['update']>,
  ): PairScreen {
    const reasons: Partial<Record<PairScreenFigure, string>> = {};
    const perBar = (
      figure: PairScreenFigure,
      value: number | null,
      key: keyof typeof f.reasons,
    ) => {
      if (value === null) reasons[figure] = f.reasons[key] ?? 'window-not-full';
      return value;
    };
    const coint = p.tests.coint();
    const reverse = p.tests.coint({}, true);
    const adf = p.tests.spreadAdf();
    const hl = p.tests.halfLife();
    const hurst = p.tests.hurst();
    const cointPValue = valueOf(coint, 'pValue', 'cointPValue', reasons);
    const cointPValueReverse = valueOf(reverse, 'pValue', 'cointPValueReverse', reasons);
    let pValue: number | null = null;
    if (cointPValue !== null && cointPValueReverse !== null)
      pValue = Math.max(cointPValue, cointPValueReverse);
    else reasons.pValue = reasons.cointPValue ?? reasons.cointPValueReverse ?? 'window-not-full';
    let halfLife: number | null = null;
    if (hl.value === null) reasons.halfLife = hl.reason;
    else if (hl.value.halfLife === null)
      reasons.halfLife = hl.value.reasons.halfLife ?? 'no-mean-reversion';
    else halfLife = hl.value.halfLife;
    return {
      type: 'pair-screen',
      pair: p.pair,
      symbolX: p.symbolX,
      symbolY: p.symbolY,
      interval: this.spec.interval,
      window: this.spec.window,
      zScoreWindow: this.spec.zScoreWindow,
      time,
      priceX: f.x,
      priceY: f.y,
      hedgeRatio: perBar('hedgeRatio', f.beta, 'beta'),
      intercept: perBar('intercept', f.alpha, 'alpha'),
      kalmanHedgeRatio: perBar('kalmanHedgeRatio', f.kalmanBeta, 'kalmanBeta'),
      correlation: perBar('correlation', f.corrPrices, 'corrPrices'),
      returnCorrelation: perBar('returnCorrelation', f.corrLogReturns, 'corrLogReturns'),
      cointStatistic: valueOf(coint, 'statistic', 'cointStatistic', reasons),
      cointPValue,
      cointStatisticReverse: valueOf(reverse, 'statistic', 'cointStatisticReverse', reasons),
      cointPValueReverse,
      pValue,
      adfStatistic: valueOf(adf, 'statistic', 'adfStatistic', reasons),
      adfPValue: valueOf(adf, 'pValue', 'adfPValue', reasons),
      halfLife,
      hurst: valueOf(hurst, 'hurst', 'hurst', reasons),
      spread: perBar('spread', f.spread, 'spread'),
      zScore: perBar('zScore', f.zScore, 'zScore'),
      nullReasons: reasons as Record<string, string>,
    };
  }
}
