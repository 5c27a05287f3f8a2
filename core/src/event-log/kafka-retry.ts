// Kafka errors as EventLogErrors, and retrying the ones that pass: a broker that just started
// (or restarted) is still electing partition leaders and loading group coordinators for a few
// seconds, and answers with errors that mean "ask again shortly".

import {
  KafkaJSError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { EventLogError } from '../errors';
import type { Logger } from '../logger';

/**
 * Protocol errors of a broker that is (re)starting or moving leadership. kafkajs marks most
 * of them retriable itself but gives up after its own retries; these are always worth
 * another round while a start-up deadline lasts.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_LEADER_FOR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_CONTROLLER',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

/** kafkajs errors carry a protocol `type` and `retriable`; keep both, never parse messages. */
export function toEventLogError(error: unknown, what: string): EventLogError {
  if (error instanceof EventLogError) return error;
  // kafkajs wraps the last error of its own retries, and some retriable errors (a refused
  // connection while the broker restarts) in a non-retriable one; what matters is the cause.
  if (
    (error instanceof KafkaJSNumberOfRetriesExceeded ||
      error instanceof KafkaJSNonRetriableError) &&
    error.cause instanceof KafkaJSError
  ) {
    const inner = toEventLogError(error.cause, what);
    return new EventLogError(inner.code, inner.message, {
      retriable: inner.retriable,
      cause: error,
    });
  }
  // No coordinator yet is what a restarting broker answers; kafkajs calls it non-retriable.
  if (error instanceof KafkaJSGroupCoordinatorNotFound) {
    return new EventLogError(
      'COORDINATOR_NOT_AVAILABLE',
      `Kafka ${what} failed: ${error.message}`,
      {
        retriable: true,
        cause: error,
      },
    );
  }
  if (error instanceof KafkaJSError) {
    const code = error instanceof KafkaJSProtocolError ? error.type : error.name;
    return new EventLogError(code, `Kafka ${what} failed: ${error.message}`, {
      retriable: error.retriable || TRANSIENT_CODES.has(code),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EventLogError('KAFKA_ERROR', `Kafka ${what} failed: ${message}`, { cause: error });
}

export interface RetryPolicy {
  /** Longest an operation keeps retrying before its last error is thrown. */
  readonly deadlineMs: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly logger?: Logger;
  /** Maps a client's error to an EventLogError (default: kafkajs's errors). */
  readonly classify?: (error: unknown, what: string) => EventLogError;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying retriable errors with exponential backoff until `deadlineMs` has passed;
 * throws an EventLogError (the last one). `stopped` ends the retries early (log closed).
 */
export async function withRetry<R>(
  what: string,
  fn: () => Promise<R>,
  policy: RetryPolicy,
  stopped: () => boolean = () => false,
): Promise<R> {
  const deadline = Date.now() + policy.deadlineMs;
  let delay = policy.initialDelayMs ?? 250;
  const maxDelay = policy.maxDelayMs ?? 5_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const mapped = (policy.classify ?? toEventLogError)(error, what);
      if (!mapped.retriable || stopped() || Date.now() + delay > deadline) throw mapped;
      policy.logger?.warn(
        { code: mapped.code, attempt, delayMs: delay },
        `Kafka ${what}: retrying after a transient error`,
      );
      await sleep(delay);
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}
