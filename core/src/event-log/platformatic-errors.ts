// @platformatic/kafka's errors as EventLogErrors. Its errors form a tree (a MultipleErrors per
// request, one per broker or partition, causes below): the protocol error's `apiId` is Kafka's
// own error name, the same codes the kafkajs adapter reports, and `canRetry` is the client's
// own verdict. Nothing here reads a message string.

import { findErrorBy, GenericError } from '@platformatic/kafka';
import { EventLogError } from '../errors';
import { TRANSIENT_CODES } from './kafka-retry';

const NETWORK = 'PLT_KFK_NETWORK';
const TIMEOUT = 'PLT_KFK_TIMEOUT';
const PROTOCOL = 'PLT_KFK_PROTOCOL';

/** The first Kafka protocol error name (`apiId`) anywhere in the error's tree. */
export function protocolErrorId(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const found = findErrorBy(error, 'code', PROTOCOL);
  const id: unknown = found?.['apiId'];
  return typeof id === 'string' ? id : undefined;
}

/** Whether the tree holds the Kafka protocol error named `id`. */
export function hasProtocolError(error: unknown, id: string): boolean {
  return error instanceof Error && findErrorBy(error, 'apiId', id) !== null;
}

export function toPlatformaticError(error: unknown, what: string): EventLogError {
  if (error instanceof EventLogError) return error;
  if (error instanceof Error && GenericError.isGenericError(error)) {
    const network = findErrorBy(error, 'code', NETWORK) !== null;
    const timeout = findErrorBy(error, 'code', TIMEOUT) !== null;
    const code =
      protocolErrorId(error) ??
      (network ? 'NETWORK_EXCEPTION' : timeout ? 'REQUEST_TIMED_OUT' : error.code);
    const retriable =
      network ||
      timeout ||
      TRANSIENT_CODES.has(code) ||
      findErrorBy(error, 'canRetry', true) !== null;
    return new EventLogError(code, `Kafka ${what} failed: ${error.message}`, {
      retriable,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EventLogError('KAFKA_ERROR', `Kafka ${what} failed: ${message}`, { cause: error });
}
