import {
  createClickHouseFromConfig,
  createEventLog,
  isRetriable,
  prepareStorage,
  TickstreamError,
  type ClickHouseHandle,
  type CoreSettings,
  type EventLog,
  type Logger,
} from '@tickstream/core';

export interface Storage {
  readonly eventLog: EventLog;
  readonly clickhouse: ClickHouseHandle;
  close(): Promise<void>;
}

export interface RetryOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
}

function describe(error: unknown): string {
  if (error instanceof TickstreamError) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a start-up step until it succeeds, as long as it fails with a retriable error (a
 * broker still starting or electing leaders, ClickHouse not up yet): a role started before
 * its infrastructure waits for it, saying so, instead of exiting. Other errors are thrown.
 */
export async function retryWhileUnavailable<T>(
  what: string,
  step: () => Promise<T>,
  logger: Logger,
  options: RetryOptions = {},
): Promise<T> {
  const initialMs = options.initialMs ?? 1_000;
  const maxMs = options.maxMs ?? 15_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!isRetriable(error)) throw error;
      const delayMs = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 20));
      logger.warn(
        { err: error, attempt, delayMs },
        `${what} is not available yet: ${describe(error)}; retrying in ${Math.ceil(delayMs / 1000)} s (attempt ${attempt})`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The event log and ClickHouse of a role, with topics and tables prepared; waits for both. */
export async function openStorage(
  config: CoreSettings,
  logger: Logger,
  options: RetryOptions = {},
): Promise<Storage> {
  const eventLog = await retryWhileUnavailable(
    'the event log',
    () => createEventLog(config, logger),
    logger,
    options,
  );
  let clickhouse: ClickHouseHandle | undefined;
  try {
    clickhouse = await retryWhileUnavailable(
      'ClickHouse',
      () => createClickHouseFromConfig(config, logger),
      logger,
      options,
    );
    const handle = clickhouse;
    await retryWhileUnavailable(
      'preparing topics and tables',
      () => prepareStorage(eventLog, handle, logger),
      logger,
      options,
    );
  } catch (error) {
    await eventLog.close();
    await clickhouse?.close();
    throw error;
  }
  const handle = clickhouse;
  return {
    eventLog,
    clickhouse: handle,
    async close() {
      await eventLog.close();
      await handle.close();
    },
  };
}
