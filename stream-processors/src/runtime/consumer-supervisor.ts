import type { Consumer, Logger } from '@tickstream/core';
import { TickstreamError } from '@tickstream/core';
import { backoffDelay } from './backoff';

export interface ConsumerSupervisorOptions {
  readonly name: string;
  readonly logger: Logger;
  /**
   * Starts a consumer. `generation` numbers the consumers of this supervisor, so a handler
   * can tell it belongs to one that was replaced; `events` go to the port's callbacks of the
   * same names.
   */
  readonly open: (generation: number, events: ConsumerEvents) => Promise<Consumer>;
  /** Drops what was built from uncommitted records, before a replacement starts. */
  readonly reset: () => Promise<void>;
  /** Told about each restart (metrics). */
  readonly onRestart?: () => void;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

/** What the supervisor wants to hear from its consumer (ConsumeOptions' callbacks). */
export interface ConsumerEvents {
  readonly onCrash: (error: Error) => void;
  readonly onInterrupted: (error: Error) => void;
  readonly onRecovered: () => void;
}

export interface Restarting {
  readonly reason: string;
  readonly since: number;
}

export interface ConsumerSupervisor {
  /** Opens the first consumer; when that fails it keeps retrying in the background. */
  start(): Promise<void>;
  consumer(): Consumer | undefined;
  /** The generation whose handler may touch state now. */
  generation(): number;
  /**
   * Set from a crash (or a failed start) until the replacement has joined its group, and
   * while the client itself is rejoining after a broker error (onInterrupted).
   */
  restarting(): Restarting | undefined;
  stop(): Promise<void>;
}

function describe(error: unknown): string {
  if (error instanceof TickstreamError) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

/** A sleep that stop() can cut short. */
function interruptibleSleep() {
  let wake: (() => void) | undefined;
  return {
    pause: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    wake: () => wake?.(),
  };
}

/** Why the consumer is being restarted, in words for health and logs. */
function restartReason(what: string, error: unknown, delayMs: number, attempt: number): string {
  return `${what}: ${describe(error)}; restarting in ${Math.ceil(delayMs / 1000)} s (attempt ${attempt})`;
}

/** A crash reported while a restart was under way: the loop (or its end) takes it up. */
function deferredCrash() {
  let crash: { readonly generation: number; readonly error: Error } | undefined;
  return {
    set: (generation: number, error: Error) => (crash = { generation, error }),
    /** The crash of this generation, if any; forgets any other. */
    take(generation: number): Error | undefined {
      const error = crash?.generation === generation ? crash.error : undefined;
      crash = undefined;
      return error;
    },
  };
}

async function stopQuietly(consumer: Consumer | undefined, logger: Logger, name: string) {
  await consumer
    ?.stop()
    .catch((error: unknown) =>
      logger.debug({ err: error }, `${name}: stopping the failed consumer`),
    );
}

/**
 * Keeps one consumer of a stage alive: when it crashes, or cannot be opened, the stage's
 * state is reset and a new consumer starts from the committed offsets after a capped,
 * jittered backoff. Nothing from the broker or the store ends a stage for good.
 */
export function createConsumerSupervisor(options: ConsumerSupervisorOptions): ConsumerSupervisor {
  const { logger, name } = options;
  const initialMs = options.initialDelayMs ?? 1_000;
  const maxMs = options.maxDelayMs ?? 15_000;
  let current: Consumer | undefined;
  let generation = 0;
  let attempts = 0;
  let status: Restarting | undefined;
  let loop: Promise<void> | undefined;
  const deferred = deferredCrash();
  let stopped = false;
  const sleep = interruptibleSleep();

  const setRestarting = (reason: string) => {
    status = { reason, since: status?.since ?? Date.now() };
  };

  const open = async (): Promise<void> => {
    generation += 1;
    const mine = generation;
    const consumer = await options.open(mine, {
      onCrash: (error) => crashed(mine, error),
      onInterrupted: (error) => interrupted(mine, error),
      onRecovered: () => recovered(mine),
    });
    current = consumer;
    const crash = deferred.take(mine);
    if (crash) throw crash;
    // A consumer stopped before it joined rejects: its replacement reports instead.
    consumer.ready().then(
      () => joined(mine),
      () => undefined,
    );
  };

  const joined = (mine: number) => {
    if (mine !== generation || stopped || !status) return;
    logger.info({ attempts }, `${name} restarted: consumer joined its group`);
    attempts = 0;
    status = undefined;
  };

  const retire = async (): Promise<void> => {
    const old = current;
    current = undefined;
    // The generation moves on first: a late batch of the old consumer must not touch state.
    generation += 1;
    await stopQuietly(old, logger, name);
    await options.reset();
  };

  const restartLoop = async (cause: string, first: unknown): Promise<void> => {
    let error = first;
    let what = cause;
    while (!stopped) {
      attempts += 1;
      const delay = backoffDelay(attempts - 1, initialMs, maxMs, options.random);
      const reason = restartReason(what, error, delay, attempts);
      setRestarting(reason);
      logger.warn({ err: error, attempt: attempts, delayMs: delay }, `${name} ${reason}`);
      await retire();
      await sleep.pause(delay);
      if (stopped) return;
      try {
        options.onRestart?.();
        // Before open(): its consumer may join (and clear this) before open() returns.
        setRestarting(
          `${what}: ${describe(error)}; restarted, joining the group (attempt ${attempts})`,
        );
        await open();
        return;
      } catch (failure) {
        error = failure;
        what = 'cannot start consumer';
      }
    }
  };

  function supervise(cause: string, error: unknown): void {
    if (stopped || loop) return;
    loop = restartLoop(cause, error).finally(() => {
      loop = undefined;
      const crash = deferred.take(generation);
      if (crash) supervise('consumer crashed', crash);
    });
  }

  /** The client retries by itself; the stage only says so, and does not restart it. */
  function interrupted(mine: number, error: Error): void {
    if (mine !== generation || stopped || loop) return;
    const reason = `consumer interrupted: ${describe(error)}; the client is rejoining its group`;
    if (status?.reason !== reason) logger.warn({ err: error }, `${name} ${reason}`);
    setRestarting(reason);
  }

  function recovered(mine: number): void {
    if (mine !== generation || stopped || loop || !status) return;
    logger.info({ groupId: current?.groupId }, `${name} recovered: consumer rejoined its group`);
    status = undefined;
  }

  function crashed(mine: number, error: Error): void {
    if (mine !== generation || stopped) return;
    if (loop) deferred.set(mine, error);
    else supervise('consumer crashed', error);
  }

  return {
    async start() {
      try {
        await open();
      } catch (error) {
        supervise('cannot start consumer', error);
      }
    },
    consumer: () => current,
    generation: () => generation,
    restarting: () => status,
    async stop() {
      stopped = true;
      sleep.wake();
      await loop;
      await current?.stop();
    },
  };
}
