import { InvalidArgumentError } from 'commander';
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
