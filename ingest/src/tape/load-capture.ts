import { join } from 'node:path';
import { readLines } from '../util/lines';
import type { TapeTrade } from './tape-trade';

/** The real USD-M capture shipped in ingest/tapes/binance (see SOURCE.md there). */
export const DEFAULT_TAPE = join(
  __dirname,
  '..',
  '..',
  'tapes',
  'binance',
  'usdm_trade_btcusdt_ethusdt_20240718-19.jsonl.gz',
);
export const SPOT_TAPE = join(
  __dirname,
  '..',
  '..',
  'tapes',
  'binance',
  'spot_trade_btcusdt_ethusdt_20240808-09.jsonl.gz',
);

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A captured @trade frame (combined or raw, optionally after a `<local ns> ` prefix) as a TapeTrade. */
export function tapeTradeFromLine(line: string): TapeTrade | undefined {
  const brace = line.indexOf('{');
  if (brace < 0) return undefined;
  const json = brace === 0 ? line : line.slice(brace);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const outer = asRecord(parsed);
  const data = asRecord(outer?.['data']) ?? outer;
  if (data === undefined || data['e'] !== 'trade') return undefined;
  const { s, t, p, q, T, E, m } = data;
  if (
    typeof s !== 'string' ||
    typeof t !== 'number' ||
    typeof p !== 'string' ||
    typeof q !== 'string'
  )
    return undefined;
  if (typeof T !== 'number' || typeof E !== 'number' || typeof m !== 'boolean') return undefined;
  return {
    symbol: s.toUpperCase(),
    id: t,
    price: p,
    qty: q,
    time: T,
    eventTime: E,
    isBuyerMaker: m,
    raw: json,
  };
}

/** Reads every @trade of a JSONL capture (plain or gzip), in file order. */
export async function loadCapture(path: string): Promise<TapeTrade[]> {
  const trades: TapeTrade[] = [];
  for await (const line of readLines(path)) {
    const trade = tapeTradeFromLine(line);
    if (trade !== undefined) trades.push(trade);
  }
  return trades;
}

interface TapeLayout {
  /** Per symbol, the lowest and highest id: a pass shifts ids by their span. */
  readonly ids: ReadonlyMap<string, { readonly min: number; readonly max: number }>;
  /** How far each pass is moved in time: the tape's length plus a second. */
  readonly period: number;
}

function layoutOf(trades: readonly TapeTrade[]): TapeLayout {
  const ids = new Map<string, { min: number; max: number }>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trades) {
    const s = ids.get(t.symbol);
    if (s === undefined) ids.set(t.symbol, { min: t.id, max: t.id });
    else {
      s.min = Math.min(s.min, t.id);
      s.max = Math.max(s.max, t.id);
    }
    first = Math.min(first, t.time);
    last = Math.max(last, t.time, t.eventTime);
  }
  return { ids, period: last - first + 1_000 };
}

/** The time one pass of `loopTape` lasts (the tape's length plus a second), ms. */
export function tapePeriod(trades: readonly TapeTrade[]): number {
  return layoutOf(trades).period;
}

export interface LoopOptions {
  /** The first pass to yield (default 0, the tape as it is). */
  readonly firstPass?: number;
  /** How many passes (default: endless). */
  readonly passes?: number;
  /** Added to every time (default 0). */
  readonly timeOffset?: number;
}

/**
 * Endless repetition of a finite tape: each pass shifts ids past the previous pass (per
 * symbol) and times past its end, so ids stay sequential and times increasing. Frames of
 * later passes are rendered anew (their captured text would carry the old ids). The options
 * pick a stretch of the repetition and move it in time (a mock exchange's past and present).
 */
export function* loopTape(
  trades: readonly TapeTrade[],
  options: LoopOptions = {},
): Generator<TapeTrade> {
  if (trades.length === 0) return;
  const { ids, period } = layoutOf(trades);
  const firstPass = options.firstPass ?? 0;
  const end = firstPass + (options.passes ?? Number.POSITIVE_INFINITY);
  const offset = options.timeOffset ?? 0;
  for (let pass = firstPass; pass < end; pass++) {
    const timeShift = pass * period + offset;
    for (const t of trades) {
      if (pass === 0 && offset === 0) {
        yield t;
        continue;
      }
      const s = ids.get(t.symbol);
      const idShift = s === undefined ? 0 : pass * (s.max - s.min + 1);
      yield {
        symbol: t.symbol,
        id: t.id + idShift,
        price: t.price,
        qty: t.qty,
        time: t.time + timeShift,
        eventTime: t.eventTime + timeShift,
        isBuyerMaker: t.isBuyerMaker,
      };
    }
  }
}
