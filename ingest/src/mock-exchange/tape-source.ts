import { TickstreamError } from '@tickstream/core';
import { SyntheticTrades, type SyntheticOptions } from '../synthetic/generator';
import { DEFAULT_TAPE, loadCapture, loopTape, tapePeriod } from '../tape/load-capture';
import type { TapeTrade } from '../tape/tape-trade';

export type MockTape =
  /** A JSONL capture of @trade frames (plain or gzip), default the USD-M capture in ingest/tapes. */
  | { readonly kind: 'file'; readonly path: string; readonly loop?: boolean }
  | ({ readonly kind: 'synthetic'; readonly maxTrades?: number } & SyntheticOptions)
  | { readonly kind: 'trades'; readonly trades: readonly TapeTrade[]; readonly loop?: boolean };

/** A tape as the mock exchange plays it: what it did before it started, and what comes next. */
export interface LaidOutTape {
  /** Trades before the start, in tape order, their times ending at the start; never sent. */
  readonly past: readonly TapeTrade[];
  /** What the player sends from the start; ids continue the past's. */
  readonly stream: Iterator<TapeTrade>;
}

const NOTHING: readonly TapeTrade[] = [];

// A new object without the captured frame: its text carries the tape's own ids and times.
function shifted(t: TapeTrade, offset: number): TapeTrade {
  return {
    symbol: t.symbol,
    id: t.id,
    price: t.price,
    qty: t.qty,
    time: t.time + offset,
    eventTime: t.eventTime + offset,
    isBuyerMaker: t.isBuyerMaker,
  };
}

/**
 * A finite tape with a past: the passes of the looped tape that fill `prehistoryMs`, moved
 * so the last of them ends at `now`, then the next pass (and on, when looped) as the stream.
 * Whole passes keep a non-looped tape's stream the full tape, and ids only ever grow.
 */
function finiteWithPast(
  trades: readonly TapeTrade[],
  loop: boolean,
  prehistoryMs: number,
  now: number,
): LaidOutTape {
  if (trades.length === 0) return { past: NOTHING, stream: NOTHING[Symbol.iterator]() };
  const period = tapePeriod(trades);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trades) {
    first = Math.min(first, t.time);
    last = Math.max(last, t.time);
  }
  const passes = Math.max(1, 1 + Math.ceil((prehistoryMs - (last - first)) / period));
  const end = last + (passes - 1) * period;
  const timeOffset = now - end;
  const past: TapeTrade[] = [];
  for (const t of loopTape(trades, { passes, timeOffset })) {
    if (t.time >= now - prehistoryMs) past.push(t);
  }
  const stream = loopTape(trades, {
    firstPass: passes,
    passes: loop ? Number.POSITIVE_INFINITY : 1,
    timeOffset,
  });
  return { past, stream };
}

function* synthetic(
  first: TapeTrade | undefined,
  generator: SyntheticTrades,
  max: number,
  offset: number,
): Generator<TapeTrade> {
  let count = 0;
  if (first !== undefined && count++ < max) yield shifted(first, offset);
  while (count++ < max) {
    const result = generator.next();
    if (result.done === true) return;
    yield offset === 0 ? result.value : shifted(result.value, offset);
  }
}

/** The generator's first `prehistoryMs` as the past; the stream continues the same process. */
function syntheticWithPast(
  spec: SyntheticOptions & { readonly maxTrades?: number },
  prehistoryMs: number,
  now: number,
): LaidOutTape {
  const generator = new SyntheticTrades(spec);
  const max = spec.maxTrades ?? Number.POSITIVE_INFINITY;
  if (prehistoryMs <= 0) return { past: NOTHING, stream: synthetic(undefined, generator, max, 0) };
  const raw: TapeTrade[] = [];
  let next = generator.next();
  const start = next.done === true ? 0 : next.value.time;
  while (next.done !== true && next.value.time - start <= prehistoryMs) {
    raw.push(next.value);
    next = generator.next();
  }
  const offset = now - (raw.at(-1)?.time ?? now);
  const lookahead = next.done === true ? undefined : next.value;
  return {
    past: raw.map((t) => shifted(t, offset)),
    stream: synthetic(lookahead, generator, max, offset),
  };
}

/**
 * The tape the mock exchange plays. With `prehistoryMs`, the exchange has been trading that
 * long before it starts: the tape (looped to fill the time) is laid out at its own pace to
 * end now, and what is streamed continues its ids (and its times, 'recorded').
 */
export async function layOutTape(
  tape: MockTape | undefined,
  prehistoryMs: number,
): Promise<LaidOutTape> {
  if (!(prehistoryMs >= 0 && Number.isFinite(prehistoryMs)))
    throw new RangeError(`prehistoryMs must be a finite duration ≥ 0, not ${prehistoryMs}`);
  const spec = tape ?? { kind: 'file', path: DEFAULT_TAPE };
  if (spec.kind === 'synthetic') return syntheticWithPast(spec, prehistoryMs, Date.now());
  const trades = spec.kind === 'file' ? await loadCapture(spec.path) : spec.trades;
  if (spec.kind === 'file' && trades.length === 0)
    throw new TickstreamError('EMPTY_TAPE', `${spec.path} holds no @trade messages`);
  const loop = spec.loop ?? false;
  // The start is when the tape is ready, not when loading it began.
  if (prehistoryMs > 0) return finiteWithPast(trades, loop, prehistoryMs, Date.now());
  return { past: NOTHING, stream: loop ? loopTape(trades) : trades[Symbol.iterator]() };
}
