export { buildApi, GRAPHQL_PATH } from './build-api';
export type { Api } from './build-api';
export { ApiError, API_ERROR_STATUS } from './errors';
export type { ApiErrorCode } from './errors';
export { ApiCloseCode } from './graphql/ws-server';
export { SWEEP_METRICS } from './operations/backtest';
export type {
  BacktestArgs,
  BacktestOperations,
  BacktestRun,
  BacktestSweepArgs,
  BacktestSweepOut,
  EquityPointOut,
} from './operations/backtest';
export { createStoredBacktests } from './stored-backtests';
export { apiSettingsFromConfig, DEFAULT_API_SETTINGS } from './options';
export type { ApiConfig } from './options';
export { API_SECTION, API_SETTINGS } from './settings';
export type { ApiSectionSettings } from './settings';
export type {
  ApiOptions,
  ApiSettings,
  HealthProvider,
  IngestStatusProvider,
  IngestStatusSnapshot,
  ProcessorGroup,
  RoleHealth,
} from './options';
