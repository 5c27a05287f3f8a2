import type { PairAnalytics } from '@tickstream/schema';

/** A valid PairAnalytics event at `time`; `padding` makes its null reason that many characters. */
export function pairAnalyticsEvent(
  time: number,
  padding = 0,
  pair = { x: 'BTCUSDT', y: 'ETHUSDT' },
): PairAnalytics {
  return {
    type: 'pair-analytics',
    pair: `${pair.y}/${pair.x}`,
    symbolX: pair.x,
    symbolY: pair.y,
    interval: '1m',
    time,
    priceX: 64_250.1,
    priceY: 3_405,
    olsWindow: 60,
    zScoreWindow: 20,
    corrWindow: 60,
    hedgeRatio: 0.0512,
    intercept: 115.2,
    rSquared: 0.93,
    stdError: 1.8,
    hedgeRatioThroughOrigin: 0.053,
    spread: -0.42,
    spreadMean: 0.1,
    spreadStd: 0.74,
    zScore: -0.7,
    correlation: 0.96,
    returnCorrelation: 0.81,
    kalmanHedgeRatio: 0.0509,
    kalmanIntercept: 117.9,
    kalmanZScore: -0.5,
    halfLife: 12.4,
    hurst: 0.38,
    adf: {
      statistic: -3.9,
      pValue: 0.002,
      usedLag: 1,
      nobs: 58,
      criticalValues: { '1%': -3.55, '5%': -2.91, '10%': -2.59 },
      isStationary: true,
    },
    coint: null,
    nullReasons: padding > 0 ? { coint: 'x'.repeat(padding) } : { coint: 'window not full' },
    version: 1,
  };
}
