import { SchemaValidationError, type Validator } from '@tickstream/schema';
import type { LogRecord } from '../event-log/port';

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** Parses and validates one log record; never throws, so one bad record cannot stop a processor. */
export function decodeRecord<T>(record: LogRecord, validator: Validator<T>): Decoded<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      code: 'MALFORMED_JSON',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  try {
    return { ok: true, value: validator.assert(parsed) };
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      return { ok: false, code: error.code, reason: error.message };
    }
    throw error;
  }
}
