import { InvalidArgumentError } from 'commander';
import { duration } from '@tickstream/schema';
import type { ReplaySpeed } from '@tickstream/ingest';
import type { TailStart } from './print/tail-reader';

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
const ANY_DURATION = duration(0, Number.MAX_SAFE_INTEGER);

/** A duration such as 90s, 90m, 3h or 2d (0 alone is allowed), as milliseconds; 30 days at most. */
export function parseDuration(value: string): number {
  const parsed = DURATION.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError('expected a duration such as 90m, 3h or 2d (at most 30d)');
  return parsed.data;
}

// A date and time without an offset, as tail prints them (2024-12-16 10:30:16.234).
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * `tail --from`: `beginning` (or `earliest`, as replay says), `now`, a duration back from
 * `now` (`90s`, `10m`, `2h`, `1d`), epoch milliseconds, or an ISO-8601 time. A time without
 * an offset is UTC, like every time tickstream prints, not the machine's zone.
 */
export function parseTailFrom(value: string, now: number = Date.now()): TailStart {
  const text = value.trim();
  if (text === 'beginning' || text === 'earliest') return 'beginning';
  if (text === 'now') return 'now';
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text)) {
    const back = ANY_DURATION.safeParse(text);
    if (back.success) return { since: now - back.data };
  }
  const ms = /^\d+$/.test(text)
    ? Number(text)
    : Date.parse(ZONELESS.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new InvalidArgumentError(
      'expected beginning, now, a duration back from now such as 10m, 2h or 1d, an ISO-8601 ' +
        'time such as 2024-12-16T10:30:00Z (UTC without an offset), or epoch ms',
    );
  }
  return { since: ms };
}
