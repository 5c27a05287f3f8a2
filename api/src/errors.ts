import { TickstreamError } from '@tickstream/core';

/**
 * Every error the API reports on purpose. The code travels as `extensions.code` in GraphQL
 * and as `code` beside `error` in REST bodies; the HTTP status is the code's, never guessed
 * from a message.
 */
export const API_ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  UNKNOWN_SYMBOL: 400,
  UNKNOWN_INTERVAL: 400,
  INTERVAL_NOT_LIVE: 400,
  INVALID_RANGE: 400,
  INVALID_TIMESTAMP: 400,
  INVALID_CURSOR: 400,
  LIMIT_OUT_OF_RANGE: 400,
  ROW_LIMIT_EXCEEDED: 400,
  INVALID_UPLOAD: 400,
  // The backtester's own codes (analytics' BacktestParamError and BacktestLimitError), kept
  // as they are so a client sees the same code from the API, the CLI and the library.
  'invalid-backtest-params': 400,
  'bars-limit-exceeded': 422,
  'time-budget-exceeded': 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COSTLY: 400,
  TOO_MANY_ALIASES: 400,
  TOO_MANY_TOKENS: 400,
  TOO_MANY_DIRECTIVES: 400,
  SLOW_CONSUMER: 503,
  STORAGE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends TickstreamError {
  declare readonly code: ApiErrorCode;
  readonly status: number;
  constructor(
    code: ApiErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(code, message, { retriable: code === 'STORAGE_UNAVAILABLE' || code === 'RATE_LIMITED' });
    this.name = 'ApiError';
    this.status = API_ERROR_STATUS[code];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
