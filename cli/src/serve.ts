import {
  stopOnSignals,
  stopWithin,
  type CoreSettings,
  type Logger,
  type Shutdown,
} from '@tickstream/core';

export interface ServeOptions {
  /** A started node: stopped at shutdown, its unfinished components named past the deadline. */
  readonly node: Shutdown;
  readonly logger: Logger;
  readonly config: Pick<CoreSettings, 'shutdownTimeoutMs'>;
  /** Settles when the role ends by itself (a replay ran out, a fatal failure). */
  readonly ended?: Promise<unknown>;
  /** How to end the process (tests replace it). */
  readonly exit?: (code?: number) => void;
}

/**
 * Runs a long-running role until SIGINT or SIGTERM (or until it ends by itself), stops its
 * components within SHUTDOWN_TIMEOUT_MS, and then ends the process. Ending it explicitly is
 * deliberate: once every component has stopped, a timer or socket left behind by a client
 * library (kafkajs reconnecting a consumer that crashed) must not keep the process alive.
 */
export async function serveUntilStopped(options: ServeOptions): Promise<void> {
  const { logger } = options;
  const shutdown = options.node;
  const timing = { timeoutMs: options.config.shutdownTimeoutMs };
  await Promise.race([
    stopOnSignals(shutdown, logger, timing),
    ...(options.ended ? [options.ended.then(() => stopWithin(shutdown, logger, timing))] : []),
  ]);
  const exit = options.exit ?? ((code?: number) => process.exit(code));
  exit();
}
