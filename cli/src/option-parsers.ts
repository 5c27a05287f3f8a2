import { InvalidArgumentError } from 'commander';
import { duration } from '@tickstream/schema';
import type { ReplaySpeed } from '@tickstream/ingest';

/** `max`, or N× the recorded pace. */
export function parseSpeed(value: string): ReplaySpeed {
  if (value === 'max') return value;
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('expected max or a positive number');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return n;
}

const DURATION = duration(0, 30 * 86_400_000);

/** A duration such as 90s, 90m, 3h or 2d (0 alone is allowed), as milliseconds; 30 days at most. */
export function parseDuration(value: string): number {
  const parsed = DURATION.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError('expected a duration such as 90m, 3h or 2d (at most 30d)');
  return parsed.data;
}
