import { InvalidArgumentError } from 'commander';
import { TickstreamError } from '@tickstream/core';
import { INTERVAL_MS, INTERVALS, type Interval } from '@tickstream/schema';

// What `tickstream backfill` is asked to do, checked and made whole before anything is
// fetched: bars are only ever written complete, so the range is widened to whole bars of the
// coarsest interval and ends at the last one already closed.

export const BACKFILL_SOURCES = ['rest', 'files'] as const;
export type BackfillSource = (typeof BACKFILL_SOURCES)[number];
export const BACKFILL_KINDS = ['klines', 'aggTrades', 'trades'] as const;
export type BackfillKind = (typeof BACKFILL_KINDS)[number];

export interface BackfillRequest {
  readonly symbols: readonly string[];
  /** Whole bars of the coarsest interval: from inclusive, to exclusive (epoch ms, UTC). */
  readonly from: number;
  readonly to: number;
  readonly intervals: readonly Interval[];
  readonly source: BackfillSource;
  readonly kind: BackfillKind;
  /** `exchange` of the bars written. */
  readonly exchange: string;
}

export interface BackfillPlan {
  readonly request: BackfillRequest;
  /** What was changed from what was asked, and why, to tell the user. */
  readonly notes: readonly string[];
}

export interface BackfillInput {
  readonly symbols: readonly string[];
  readonly from: number;
  readonly to: number;
  /** Undefined: the materialized intervals (CANDLE_INTERVALS). */
  readonly intervals: readonly Interval[] | undefined;
  readonly source: BackfillSource;
  readonly kind: BackfillKind;
  readonly exchange: string;
  readonly materialized: readonly Interval[];
}

/**
 * An ISO-8601 date or time, read as UTC when it names no zone (`2024-12-16`,
 * `2024-12-16T10:30`), or epoch milliseconds.
 */
export function parseUtcTime(value: string): number {
  const text = value.trim();
  let ms = Number.NaN;
  if (/^\d{9,}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) ms = Date.parse(`${text}Z`);
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text)) ms = Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new InvalidArgumentError(
      'expected an ISO-8601 date or time (UTC unless it says otherwise), e.g. 2024-12-16 or 2024-12-16T10:30Z, or epoch ms',
    );
  }
  return ms;
}

export function parseIntervals(value: string): Interval[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const intervals: Interval[] = [];
  for (const part of parts) {
    const interval = INTERVALS.find((i) => i === part);
    if (interval === undefined) {
      throw new InvalidArgumentError(`${part} is not one of ${INTERVALS.join(', ')}`);
    }
    if (!intervals.includes(interval)) intervals.push(interval);
  }
  if (intervals.length === 0) throw new InvalidArgumentError('expected at least one interval');
  return intervals;
}

export function parseChoice<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = choices.find((c) => c === value);
    if (choice === undefined) throw new InvalidArgumentError(`expected ${choices.join(' or ')}`);
    return choice;
  };
}

const invalid = (message: string) => new TickstreamError('INVALID_OPTIONS', message);
const iso = (t: number) => new Date(t).toISOString();

/** The intervals to write, or an error saying why an asked one cannot be. */
function intervalsOf(input: BackfillInput, notes: string[]): Interval[] {
  const asked = input.intervals ?? input.materialized;
  const unmaterialized = asked.filter((i) => !input.materialized.includes(i));
  if (unmaterialized.length > 0) {
    throw invalid(
      `--intervals ${unmaterialized.join(',')}: not materialized (CANDLE_INTERVALS is ${input.materialized.join(',')}); ` +
        'the API, statistics and pairs read only materialized intervals and roll the rest up from them',
    );
  }
  if (input.kind !== 'klines' || !asked.includes('1s')) return [...asked];
  // Binance USD-M has no 1s klines: 1s bars come from trades.
  if (input.intervals !== undefined) {
    throw invalid(
      '--intervals 1s with --kind klines: Binance USD-M has no 1s klines; use --kind aggTrades or trades for 1s bars',
    );
  }
  notes.push('1s is left out: Binance USD-M has no 1s klines (use --kind aggTrades or trades)');
  const rest = asked.filter((i) => i !== '1s');
  if (rest.length === 0) throw invalid('no interval but 1s to backfill from klines');
  return rest;
}

/** Checks and completes what was asked; `now` ends the range at the last closed bar. */
export function planBackfill(input: BackfillInput, now: number): BackfillPlan {
  const notes: string[] = [];
  if (input.source === 'rest' && input.kind === 'trades') {
    throw invalid(
      "--source rest --kind trades: Binance's REST API has no trade history by time; use --kind aggTrades (bars with exact counts and volumes) or --source files",
    );
  }
  if (input.symbols.length === 0) throw invalid('--symbols: no symbol to backfill');
  const intervals = intervalsOf(input, notes);
  const size = Math.max(...intervals.map((i) => INTERVAL_MS[i]));
  const from = Math.floor(input.from / size) * size;
  let to = Math.ceil(input.to / size) * size;
  if (from !== input.from || to !== input.to) {
    notes.push(`the range is widened to whole bars: ${iso(from)} to ${iso(to)}`);
  }
  const lastClosed = Math.floor(now / size) * size;
  if (to > lastClosed) {
    to = lastClosed;
    notes.push(`the range ends at ${iso(to)}, the end of the last closed bar`);
  }
  if (to <= from) {
    throw invalid(
      `--from ${iso(input.from)} --to ${iso(input.to)}: no whole closed bar of ${intervals.join(',')} in this range`,
    );
  }
  return {
    request: {
      symbols: input.symbols,
      from,
      to,
      intervals,
      source: input.source,
      kind: input.kind,
      exchange: input.exchange,
    },
    notes,
  };
}
