// A small typed hierarchy: callers branch on `code` and `retriable`, never on message text.

export interface TickstreamErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

export class TickstreamError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: string,
    message: string,
    options: TickstreamErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TickstreamError';
    this.retriable = options.retriable ?? false;
  }
}

/** Invalid configuration: the message names the setting, the bad value and what is allowed. */
export class ConfigError extends TickstreamError {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super('CONFIG_INVALID', message);
    this.name = 'ConfigError';
  }
}

/** The event log (Kafka or embedded) failed; `retriable` says whether trying again may help. */
export class EventLogError extends TickstreamError {
  constructor(code: string, message: string, options: TickstreamErrorOptions = {}) {
    super(code, message, options);
    this.name = 'EventLogError';
  }
}

/** ClickHouse answered with an error, or could not be reached. */
export class StorageError extends TickstreamError {
  constructor(
    code: string,
    message: string,
    readonly clickhouseCode: string | undefined,
    options: TickstreamErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'StorageError';
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof TickstreamError && error.retriable;
}
