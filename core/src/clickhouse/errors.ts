import { StorageError } from '../errors';

// ClickHouse error codes after which the same statement may succeed later.
const RETRIABLE_CLICKHOUSE_CODES = new Set([
  '159', // TIMEOUT_EXCEEDED
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY
  '252', // TOO_MANY_PARTS
  '319', // UNKNOWN_STATUS_OF_INSERT
  '425', // SYSTEM_ERROR
]);
const RETRIABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

interface ClickHouseErrorShape extends Error {
  readonly code: string;
  readonly type?: string;
}

// Checked by shape, not `instanceof`: chDB's connection throws the ClickHouseError class of
// its own copy of @clickhouse/client-common, which is a different class object.
function isClickHouseError(error: unknown): error is ClickHouseErrorShape {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^\d+$/.test(error.code) &&
    (!('type' in error) || typeof error.type === 'string' || error.type === undefined)
  );
}

/** Parses what @clickhouse/client threw into a StorageError, at the boundary. */
export function toStorageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  if (isClickHouseError(error)) {
    return new StorageError(
      error.type ?? 'CLICKHOUSE_ERROR',
      `${what}: ${error.message}`,
      error.code,
      {
        retriable: RETRIABLE_CLICKHOUSE_CODES.has(error.code),
        cause: error,
      },
    );
  }
  const nodeCode =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (nodeCode !== undefined && RETRIABLE_NODE_CODES.has(nodeCode)) {
    return new StorageError('CLICKHOUSE_UNREACHABLE', `${what}: ${message}`, undefined, {
      retriable: true,
      cause: error,
    });
  }
  // Timeouts and aborted sockets from the HTTP client carry no code; retrying is safe for
  // our idempotent writes.
  return new StorageError('CLICKHOUSE_FAILED', `${what}: ${message}`, undefined, {
    retriable: true,
    cause: error,
  });
}
