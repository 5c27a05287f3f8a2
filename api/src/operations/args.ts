import { INTERVAL_MS, INTERVALS, type Interval } from '@tickstream/schema';
import { ApiError } from '../errors';

// Argument checks shared by GraphQL resolvers, /api/v1 and the legacy routes, so every
// entry point refuses the same input with the same code.

const SYMBOL = /^[A-Z0-9]{2,30}$/;
const EXCHANGE = /^[a-z0-9-]{2,40}$/;
const ISO_UTC =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseSymbol(raw: unknown, name = 'symbol'): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ApiError('BAD_USER_INPUT', `${name} is required`, { argument: name });
  }
  const symbol = raw.trim().toUpperCase();
  if (!SYMBOL.test(symbol)) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `${name} must be 2 to 30 letters and digits, e.g. BTCUSDT`,
      { argument: name },
    );
  }
  return symbol;
}

export function parseExchange(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !EXCHANGE.test(raw)) {
    throw new ApiError(
      'BAD_USER_INPUT',
      'exchange must be lower-case letters, digits and -, e.g. binance-futures',
      { argument: 'exchange' },
    );
  }
  return raw;
}

export function parseInterval(raw: unknown, name = 'interval'): Interval {
  const interval = INTERVALS.find((i) => i === raw);
  if (interval === undefined) {
    throw new ApiError('UNKNOWN_INTERVAL', `${name} must be one of ${INTERVALS.join(', ')}`, {
      argument: name,
    });
  }
  return interval;
}

/** A pair as `SYMBOLY/SYMBOLX`. */
export function parsePair(raw: unknown): { symbolX: string; symbolY: string; pair: string } {
  if (typeof raw !== 'string' || !raw.includes('/')) {
    throw new ApiError('BAD_USER_INPUT', 'pair must be SYMBOLY/SYMBOLX, e.g. ETHUSDT/BTCUSDT', {
      argument: 'pair',
    });
  }
  const [y, x, ...rest] = raw.split('/');
  if (rest.length > 0) {
    throw new ApiError('BAD_USER_INPUT', 'pair must be SYMBOLY/SYMBOLX', { argument: 'pair' });
  }
  const symbolY = parseSymbol(y, 'pair');
  const symbolX = parseSymbol(x, 'pair');
  return { symbolX, symbolY, pair: `${symbolY}/${symbolX}` };
}

export function parseCount(
  raw: unknown,
  name: string,
  { min = 1, max }: { min?: number; max: number },
): number {
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApiError('BAD_USER_INPUT', `${name} must be an integer`, { argument: name });
  }
  if (value < min || value > max) {
    throw new ApiError('LIMIT_OUT_OF_RANGE', `${name} must be between ${min} and ${max}`, {
      argument: name,
      min,
      max,
    });
  }
  return value;
}

/** Epoch ms from a number or an ISO-8601 string (a string without a zone is UTC). */
export function parseTimestamp(raw: unknown, name: string): number {
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 0 && raw <= 253_402_300_799_999) return raw;
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^\d{1,15}$/.test(text)) return parseTimestamp(Number(text), name);
    const match = ISO_UTC.exec(text);
    if (match) {
      const zone = match[8] ?? 'Z';
      const iso = `${match[1]}-${match[2]}-${match[3]}T${match[4] ?? '00'}:${match[5] ?? '00'}:${
        match[6] ?? '00'
      }.${(match[7] ?? '0').padEnd(3, '0').slice(0, 3)}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
      const ms = Date.parse(iso);
      const [, y, mo, d] = match;
      // Date.parse rolls 2024-02-31 over to March; a round trip catches impossible dates.
      const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
      if (
        Number.isFinite(ms) &&
        date.getUTCFullYear() === Number(y) &&
        date.getUTCMonth() + 1 === Number(mo) &&
        date.getUTCDate() === Number(d) &&
        ms >= 0
      ) {
        return ms;
      }
    }
  }
  throw new ApiError(
    'INVALID_TIMESTAMP',
    `${name} must be epoch milliseconds or an ISO-8601 time such as 2024-07-19T00:00:00Z`,
    { argument: name },
  );
}

export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

export function parseRange(from: unknown, to: unknown): TimeRange {
  const range: { from?: number; to?: number } = {};
  if (from !== undefined && from !== null && from !== '') range.from = parseTimestamp(from, 'from');
  if (to !== undefined && to !== null && to !== '') range.to = parseTimestamp(to, 'to');
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw new ApiError('INVALID_RANGE', 'from must be before to', { argument: 'from' });
  }
  return range;
}

export const intervalMs = (interval: Interval): number => INTERVAL_MS[interval];

export function parseBoolean(raw: unknown, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const lower = raw.toLowerCase();
    if (['true', '1', 'yes'].includes(lower)) return true;
    if (['false', '0', 'no'].includes(lower)) return false;
  }
  throw new ApiError('BAD_USER_INPUT', `${name} must be true or false`, { argument: name });
}

/** Opaque Relay cursors: base64url of the position, checked on the way back in. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(
  raw: unknown,
  name: string,
  shape: readonly ('n' | 's')[],
): (string | number)[] {
  if (typeof raw !== 'string' || raw.length > 512) {
    throw new ApiError('INVALID_CURSOR', `${name} is not a cursor this API issued`, {
      argument: name,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every((p: unknown, i) =>
      shape[i] === 'n' ? typeof p === 'number' && Number.isSafeInteger(p) : typeof p === 'string',
    )
  ) {
    throw new ApiError('INVALID_CURSOR', `${name} is not a cursor this API issued`, {
      argument: name,
    });
  }
  return parsed as (string | number)[];
}
