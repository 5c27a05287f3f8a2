export { absent, isAbsent, present } from './result';
export type { Absent, Maybe, NullReason, Present, Reasons } from './result';

export { fitOls, fitOlsThroughOrigin, spreadSeries } from './ols';
export type { OlsFit, OlsThroughOriginFit } from './ols';
export { pearsonCorrelation, logReturnCorrelation } from './correlation';
export { rollingZScore, zScoreOfLast } from './zscore';
export type { RollingZScorePoint } from './zscore';
export { logReturns, isConstant } from './descriptive';
export { priceStats } from './price-stats';
export type { PriceStats } from './price-stats';

export { RollingMoments, RollingCoMoments } from './rolling-moments';
export { windowOls, windowCorrelation } from './window-figures';
export type { WindowOls } from './window-figures';
export { createRollingPairState, rollingPairSeries } from './rolling-pair-state';
export type {
  PairBarFigures,
  PairFigure,
  PairWindow,
  RollingPairOptions,
  RollingPairState,
} from './rolling-pair-state';

export { adfTest } from './adf';
export type { AdfOptions, AdfRegression, AdfResult, AdfSearch, AutoLag } from './adf';
export { cointTest } from './coint';
export type { CointOptions, CointResult } from './coint';
export { mackinnonCriticalValues, mackinnonPValue } from './mackinnon';
export type { CriticalValues } from './mackinnon';
export { erf, erfc, normalCdf } from './normal-cdf';
export { RollingAdf } from './rolling-adf';
export type { RollingAdfOptions } from './rolling-adf';
export { RollingPairTests } from './rolling-coint';
export type { RollingPairTestsOptions, PairWindowArrays } from './rolling-coint';
export { RollingGram, LaggedWindow } from './rolling-cross-products';
export { halfLife } from './half-life';
export type { HalfLifeResult } from './half-life';
export { hurstExponent } from './hurst';
export type { HurstOptions, HurstResult } from './hurst';
export { createKalmanHedge } from './kalman-hedge';
export type { KalmanHedge, KalmanHedgeEstimate, KalmanHedgeOptions } from './kalman-hedge';
