import { LegAligner, PairEngine, priceStats } from '@tickstream/analytics';
import {
  PAIR_DEFAULTS,
  type Interval,
  type PairAnalytics as PairAnalyticsEvent,
} from '@tickstream/schema';
import { ApiError } from '../errors';
import type { Candle, PairAnalysis } from '../generated/graphql';
import { reasonsList } from '../storage/analytics-store';
import { parseCount, parseInterval, parseSymbol } from './args';
import type { CandlesOperations } from './candles';
import { toCandleEvent } from './stats';

export interface PairAnalysisArgs {
  readonly symbolX: unknown;
  readonly symbolY: unknown;
  readonly interval: unknown;
  readonly window: unknown;
  readonly zScoreWindow: unknown;
  readonly correlationWindow: unknown;
  readonly points: unknown;
}

/** The older platform's minimums: a regression needs 30 bars, the ADF test 50. */
export const MIN_REGRESSION_BARS = 30;
export const MIN_ADF_BARS = 50;
export const MAX_PAIR_WINDOW = 5_000;
export const CORRELATION_HISTORY = 50;

/**
 * Runs the pair processor's own engine over the two legs' final bars (as-of aligned), so the
 * numbers are the processor's for the same windows. The on-demand windows are capped at the
 * bars available: fewer than `window` bars give the fit over all of them.
 */
export function runPairEngine(
  symbolX: string,
  symbolY: string,
  interval: Interval,
  legX: readonly Candle[],
  legY: readonly Candle[],
  windows: { ols: number; zScore: number; corr: number; testEvery: number; corrOffset?: number },
): { aligned: number; rows: PairAnalyticsEvent[] } {
  const aligner = new LegAligner();
  let aligned = 0;
  for (const c of legX) aligned += aligner.add('x', c.start, c.close).length;
  for (const c of legY) aligned += aligner.add('y', c.start, c.close).length;
  if (aligned < 3) return { aligned, rows: [] };
  const engine = new PairEngine({
    ...PAIR_DEFAULTS,
    symbolX,
    symbolY,
    interval,
    olsWindow: Math.max(3, Math.min(windows.ols, aligned)),
    zScoreWindow: windows.zScore,
    // Log-return correlation over `corr` returns needs one price more than bars of returns.
    corrWindow: Math.max(2, Math.min(windows.corr, aligned - (windows.corrOffset ?? 0))),
    testEvery: windows.testEvery,
  });
  const rows: PairAnalyticsEvent[] = [];
  for (const c of legX)
    for (const out of engine.addLegBar('x', toCandleEvent(c))) rows.push(out.analytics);
  for (const c of legY)
    for (const out of engine.addLegBar('y', toCandleEvent(c))) rows.push(out.analytics);
  return { aligned, rows };
}

function interpretation(pValue: number, statistic: number): string {
  return pValue < 0.05
    ? `Spread is stationary (ADF ${statistic.toFixed(3)}, p = ${pValue.toFixed(4)} < 0.05): the pair mean-reverts`
    : `Spread is not stationary (ADF ${statistic.toFixed(3)}, p = ${pValue.toFixed(4)} >= 0.05): no evidence the pair mean-reverts`;
}

interface PairAnalysisRequest {
  readonly symbolX: string;
  readonly symbolY: string;
  readonly interval: Interval;
  readonly window: number;
  readonly zScoreWindow: number;
  readonly correlationWindow: number;
  readonly points: number;
}

/** The checked arguments; `maxRows` (API_MAX_ROWS) bounds the points returned. */
function parsePairAnalysisArgs(args: PairAnalysisArgs, maxRows: number): PairAnalysisRequest {
  const symbolX = parseSymbol(args.symbolX, 'symbolX');
  const symbolY = parseSymbol(args.symbolY, 'symbolY');
  if (symbolX === symbolY) {
    throw new ApiError('BAD_USER_INPUT', 'symbolX and symbolY must differ', {
      argument: 'symbolY',
    });
  }
  const interval = parseInterval(args.interval);
  const window = parseCount(args.window, 'window', { min: 3, max: MAX_PAIR_WINDOW });
  const zScoreWindow = parseCount(args.zScoreWindow, 'zScoreWindow', {
    min: 2,
    max: MAX_PAIR_WINDOW,
  });
  const correlationWindow = parseCount(args.correlationWindow, 'correlationWindow', {
    min: 2,
    max: MAX_PAIR_WINDOW,
  });
  const points = parseCount(args.points, 'points', { min: 1, max: maxRows });
  return { symbolX, symbolY, interval, window, zScoreWindow, correlationWindow, points };
}

/** The last bar's OLS fit with the hedge ratio's standard error and the older platform's flags. */
function regressionSummary(
  rows: readonly PairAnalyticsEvent[],
  last: PairAnalyticsEvent,
): PairAnalysis['regression'] {
  if (last.hedgeRatio === null || last.intercept === null || last.stdError === null) return null;
  const xs = rows.slice(-last.olsWindow).map((r) => r.priceX);
  const sx = priceStats(xs);
  const sdx = sx.value?.stdDdof1 ?? null;
  const hedgeRatioStdError =
    sdx !== null && sdx > 0 ? last.stdError / (sdx * Math.sqrt(xs.length - 1)) : 0;
  const qualityFlags: string[] = [];
  if (Math.abs(last.hedgeRatio) > 3) qualityFlags.push('HEDGE_RATIO_ABOVE_3');
  if (last.rSquared === null || last.rSquared < 0.3) qualityFlags.push('R_SQUARED_BELOW_0_3');
  if (hedgeRatioStdError > Math.abs(last.hedgeRatio))
    qualityFlags.push('STD_ERROR_ABOVE_HEDGE_RATIO');
  return {
    hedgeRatio: last.hedgeRatio,
    intercept: last.intercept,
    rSquared: last.rSquared,
    stdError: last.stdError,
    hedgeRatioStdError,
    nobs: last.olsWindow,
    qualityFlags,
  };
}

/** The last bar's ADF test, when its window holds enough bars for it. */
function stationaritySummary(last: PairAnalyticsEvent): PairAnalysis['stationarity'] {
  const adf = last.adf;
  if (adf === null || last.olsWindow < MIN_ADF_BARS) return null;
  return {
    adf: {
      statistic: adf.statistic,
      pValue: adf.pValue,
      usedLag: adf.usedLag,
      nobs: adf.nobs,
      criticalValues: {
        p1: adf.criticalValues['1%'],
        p5: adf.criticalValues['5%'],
        p10: adf.criticalValues['10%'],
      },
      isStationary: adf.isStationary,
    },
    interpretation: interpretation(adf.pValue, adf.statistic),
  };
}

function seriesPoint(r: PairAnalyticsEvent): PairAnalysis['series'][number] {
  return {
    time: r.time,
    priceX: r.priceX,
    priceY: r.priceY,
    hedgeRatio: r.hedgeRatio,
    intercept: r.intercept,
    rSquared: r.rSquared,
    spread: r.spread,
    zScore: r.zScore,
    correlation: r.correlation,
    isStationary: r.adf !== null && r.olsWindow >= MIN_ADF_BARS ? r.adf.isStationary : null,
  };
}

export async function analysePair(
  candles: CandlesOperations,
  args: PairAnalysisArgs,
  maxRows: number,
  bypassCache = false,
): Promise<PairAnalysis | null> {
  const request = parsePairAnalysisArgs(args, maxRows);
  const { symbolX, symbolY, interval, window, zScoreWindow, correlationWindow, points } = request;
  const fetch = Math.min(maxRows, window + zScoreWindow + correlationWindow + points);
  const [legX, legY] = await Promise.all(
    [symbolX, symbolY].map((symbol) =>
      candles.candles({ symbol, interval, last: fetch }, { finalOnly: true, bypassCache }),
    ),
  );
  if (!legX || !legY || legX.length === 0 || legY.length === 0) return null;
  const { aligned, rows } = runPairEngine(symbolX, symbolY, interval, legX, legY, {
    ols: window,
    zScore: zScoreWindow,
    corr: correlationWindow,
    testEvery: 1,
  });
  const last = rows[rows.length - 1];
  if (aligned < MIN_REGRESSION_BARS || !last) return null;

  const stationarity = stationaritySummary(last);
  const history = rows
    .filter((r) => r.correlation !== null)
    .slice(-CORRELATION_HISTORY)
    .map((r) => ({ time: r.time, value: r.correlation as number }));
  const nullReasons = { ...last.nullReasons };
  if (stationarity === null && last.adf !== null) {
    nullReasons['stationarity'] = `the ADF test needs at least ${MIN_ADF_BARS} bars in the window`;
  }
  return {
    pair: last.pair,
    symbolX,
    symbolY,
    interval,
    window: last.olsWindow,
    zScoreWindow,
    correlationWindow: last.corrWindow,
    bars: aligned,
    time: last.time,
    regression: regressionSummary(rows, last),
    stationarity,
    correlation:
      last.correlation === null
        ? null
        : { current: last.correlation, window: last.corrWindow, history },
    latestSpread: last.spread,
    latestZScore: last.zScore,
    series: rows.slice(-points).map(seriesPoint),
    nullReasons: reasonsList(nullReasons),
  };
}
