import type { Logger } from './logger';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Keeps a long-running role alive until SIGINT or SIGTERM, then stops it gracefully (stop
 * reading, flush, close) and exits 0. A second signal during shutdown exits at once with 130.
 */
export function stopOnSignals(role: Stoppable, logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'shutdown signal received, stopping gracefully');
      role.stop().then(
        () => {
          logger.info({}, 'shutdown complete');
          resolve();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
