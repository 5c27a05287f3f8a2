import { INTERVAL_MS, PAIR_DEFAULTS, type Interval, type PairAnalytics } from '@tickstream/schema';
import type { AlignedBar } from '../pairs/leg-aligner';
import { PairEngine } from '../pairs/pair-engine';
import { checkBars, deadline, type BacktestLimits } from './limits';
import { computeMetrics, type BacktestMetrics } from './metrics';
import { resolveParams, type BacktestParams } from './params';
import {
  finishStrategy,
  initialStrategyState,
  stepStrategy,
  type EquityPoint,
  type Fill,
  type StrategyBar,
  type Trade,
} from './strategy';

/** Per-bar figures for both hedges, as `pair_analytics` stores them. */
export interface BacktestFigure {
  readonly time: number;
  readonly priceX: number;
  readonly priceY: number;
  readonly beta: number | null;
  readonly z: number | null;
  readonly kalmanBeta: number | null;
  readonly kalmanZ: number | null;
}

/** Aligned closes of both legs (the PairEngine computes the figures), or stored figures. */
export type BacktestInput =
  | { readonly interval: Interval; readonly bars: readonly AlignedBar[] }
  | { readonly interval: Interval; readonly figures: readonly BacktestFigure[] };

export interface BacktestResult {
  readonly params: BacktestParams;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly Trade[];
  readonly fills: readonly Fill[];
  /** One point per bar; the last includes the end-of-range close. */
  readonly equity: readonly EquityPoint[];
}

// The tests (ADF, Engle–Granger, …) play no part in a backtest: one block per run keeps the
// engine from running them more than once.
const NEVER = Number.MAX_SAFE_INTEGER;

/** Stored `pair_analytics` rows as backtest figures. */
export function figureFromAnalytics(a: PairAnalytics): BacktestFigure {
  return {
    time: a.time,
    priceX: a.priceX,
    priceY: a.priceY,
    beta: a.hedgeRatio,
    z: a.zScore,
    kalmanBeta: a.kalmanHedgeRatio,
    kalmanZ: a.kalmanZScore,
  };
}

/**
 * The PairEngine's figures for each aligned bar, with the run's windows: the same numbers the
 * live pair stage writes to `pair_analytics` for a pair with these windows.
 */
export function computeFigures(
  interval: Interval,
  bars: readonly AlignedBar[],
  window: number,
  zWindow: number = window,
  onBar?: () => void,
): BacktestFigure[] {
  const engine = new PairEngine({
    ...PAIR_DEFAULTS,
    symbolX: 'X',
    symbolY: 'Y',
    interval,
    olsWindow: window,
    zScoreWindow: zWindow,
    corrWindow: window,
    testEvery: NEVER,
  });
  const out: BacktestFigure[] = [];
  for (const bar of bars) {
    engine.addLegClose('x', bar.time, bar.x);
    for (const { analytics } of engine.addLegClose('y', bar.time, bar.y))
      out.push(figureFromAnalytics(analytics));
    onBar?.();
  }
  return out;
}

/** One figure as the strategy sees it, with the β and z of the run's hedge. */
export function strategyBar(f: BacktestFigure, hedge: BacktestParams['hedge']): StrategyBar {
  return hedge === 'ols'
    ? { time: f.time, priceX: f.priceX, priceY: f.priceY, beta: f.beta, z: f.z }
    : { time: f.time, priceX: f.priceX, priceY: f.priceY, beta: f.kalmanBeta, z: f.kalmanZ };
}

const strategyBars = (figures: readonly BacktestFigure[], hedge: BacktestParams['hedge']) =>
  figures.map((f) => strategyBar(f, hedge));

/** The strategy over figures already computed (a sweep reuses one window's figures). */
export function runOnFigures(
  figures: readonly BacktestFigure[],
  interval: Interval,
  params: BacktestParams,
): BacktestResult {
  let state = initialStrategyState();
  const trades: Trade[] = [];
  const fills: Fill[] = [];
  const equity: EquityPoint[] = [];
  for (const bar of strategyBars(figures, params.hedge)) {
    const step = stepStrategy(state, bar, params);
    state = step.state;
    trades.push(...step.trades);
    fills.push(...step.fills);
    equity.push(step.point);
  }
  const end = finishStrategy(state, params);
  trades.push(...end.trades);
  fills.push(...end.fills);
  if (end.point !== undefined) equity[equity.length - 1] = end.point;
  const metrics = computeMetrics(
    equity,
    trades,
    params.capital,
    INTERVAL_MS[interval],
    end.state.tradedNotional,
    end.state.feesPaid,
  );
  return { params, metrics, trades, fills, equity };
}

/**
 * The pair strategy of issue 16 over one range of bars: figures per bar (PairEngine, or the
 * caller's stored ones), the strategy state stepped bar by bar, the end-of-range close, the
 * metrics. Pure apart from the optional time budget.
 */
export function runBacktest(
  input: BacktestInput,
  params: Partial<BacktestParams> = {},
  limits?: BacktestLimits,
): BacktestResult {
  const p = resolveParams(params);
  const n = 'bars' in input ? input.bars.length : input.figures.length;
  checkBars(limits, n, 1);
  const check = deadline(limits);
  let seen = 0;
  // Checking the clock every bar would cost more than the bar; every 4096 is still well
  // under a millisecond apart.
  const onBar = () => {
    if (++seen % 4096 === 0) check();
  };
  const figures =
    'bars' in input
      ? computeFigures(input.interval, input.bars, p.window, p.zWindow, onBar)
      : input.figures;
  check();
  return runOnFigures(figures, input.interval, p);
}
