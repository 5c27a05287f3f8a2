import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The statsmodels/pandas reference set, kept with the analytics it checks (resolved through the
 * package, not a path into another workspace); TICKSTREAM_REFERENCE_DIR points at another one
 * with the same schema.
 */
export const REFERENCE_DIR =
  process.env['TICKSTREAM_REFERENCE_DIR'] ??
  join(dirname(require.resolve('@tickstream/analytics/package.json')), 'test', 'reference');

export function readReference<T>(file: string): T {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as T;
}

export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}
