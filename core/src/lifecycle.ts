import { CORE_SETTINGS } from './settings';
import type { Logger } from './logger';

export interface Stoppable {
  stop(): Promise<void>;
}

/** A part of a role, named for the log when its stop does not finish. */
export interface Component extends Stoppable {
  readonly name: string;
}

/** A role's shutdown that can say which parts have not finished stopping. */
export interface Shutdown extends Stoppable {
  /** Components whose stop has not finished: the first is in progress, the rest not reached. */
  unfinished(): readonly string[];
}

export interface ShutdownOptions {
  /** Longest a graceful stop may take; past it the process exits with 1 (default 8 s). */
  readonly timeoutMs?: number;
  /** How to end the process (tests replace it). */
  readonly exit?: (code: number) => void;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = CORE_SETTINGS.shutdownTimeoutMs.default;

/**
 * Stops components one after the other, in the order given (stop reading before flushing,
 * flush before closing connections). A failing stop does not keep the next from running;
 * the first failure is thrown at the end.
 */
export function stopInOrder(components: readonly Component[]): Shutdown {
  const pending = components.map((c) => c.name);
  let stopping: Promise<void> | undefined;
  const run = async () => {
    let failure: { error: unknown } | undefined;
    for (const component of components) {
      try {
        await component.stop();
      } catch (error) {
        failure ??= { error };
      }
      pending.splice(pending.indexOf(component.name), 1);
    }
    if (failure) throw failure.error;
  };
  return {
    stop: () => (stopping ??= run()),
    unfinished: () => [...pending],
  };
}

function isShutdown(role: Stoppable): role is Shutdown {
  return typeof (role as Partial<Shutdown>).unfinished === 'function';
}

/**
 * Stops a role within a deadline. A stop that does not finish in time (a connection that
 * never closes, a flush that hangs) is abandoned: the log says which components did not
 * finish, and the process exits with 1 rather than lingering.
 */
export async function stopWithin(
  role: Stoppable,
  logger: Logger,
  options: ShutdownOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timer = setTimeout(() => {
    const abandoned = isShutdown(role) ? role.unfinished() : ['(unnamed)'];
    logger.error(
      { timeoutMs, abandoned },
      `shutdown did not finish within ${timeoutMs} ms; abandoning ${abandoned.join(', ')} and exiting`,
    );
    exit(1);
  }, timeoutMs);
  // The deadline alone must not keep a process alive that has nothing else to do.
  timer.unref();
  try {
    await role.stop();
    logger.info({}, 'shutdown complete');
  } catch (error) {
    logger.error({ err: error }, 'error during shutdown');
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Keeps a long-running role alive until SIGINT or SIGTERM, then stops it gracefully (stop
 * reading, flush, close) within the deadline. A second signal during shutdown exits at once
 * with 130.
 */
export function stopOnSignals(
  role: Stoppable,
  logger: Logger,
  options: ShutdownOptions = {},
): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        (options.exit ?? ((code: number) => process.exit(code)))(130);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutdown signal received, stopping gracefully');
      void stopWithin(role, logger, options).then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
