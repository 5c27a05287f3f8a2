export {
  computeFigures,
  figureFromAnalytics,
  runBacktest,
  runOnFigures,
  strategyBar,
} from './backtest';
export { PaperTrader, paperParams, paperRunName } from './paper';
export type { BacktestFigure, BacktestInput, BacktestResult } from './backtest';
export { legFill, openQuantities, slippedPrice } from './fills';
export type { LegFill } from './fills';
export { BacktestLimitError } from './limits';
export type { BacktestLimitCode, BacktestLimits } from './limits';
export { barsPerYear, computeMetrics } from './metrics';
export type { BacktestMetrics } from './metrics';
export { BACKTEST_DEFAULTS, BacktestParamError, resolveParams } from './params';
export type { BacktestParams } from './params';
export { finishStrategy, initialStrategyState, stepStrategy } from './strategy';
export type {
  EquityPoint,
  ExitReason,
  Fill,
  OpenPosition,
  Side,
  StepResult,
  StrategyBar,
  StrategyState,
  Trade,
} from './strategy';
export { runSweep } from './sweep';
export type { SweepCell, SweepGrid, SweepMetric, SweepResult } from './sweep';
