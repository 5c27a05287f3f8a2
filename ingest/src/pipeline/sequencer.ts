import type { Logger } from '@tickstream/core';
import type { Trade, TradeGap } from '@tickstream/schema';
import type { Backfiller, MessageOrigin, Rejection } from '../types';
import { IdRanges } from '../util/id-ranges';

// Per-symbol order and completeness by trade id (Binance ids are sequential per symbol):
// - an id already emitted is a duplicate (rotation overlap, backfill racing the live stream)
//   and is dropped;
// - an id above the next expected one is held for `gapGraceMs`: during a rotation both
//   sockets deliver, slightly out of step, and the hole usually fills by itself;
// - a hole still open after the grace is a gap: a TradeGap 'detected' event, then a backfill
//   by id over REST. Live trades stay held behind the gap, so the log keeps per-symbol id
//   order, unless the backfill takes longer than `maxHoldMs` or more than `maxHeld` trades
//   pile up: then they are released and late fills follow out of order (still never twice);
// - the gap settles as 'backfilled', or 'unrecoverable' for the ids the exchange no longer has;
// - after a restart, `resume` sets each symbol's next id from the last one already in the log,
//   so the trades missed while ingest was down are a gap like any other. A source whose first
//   id is not above the log's (a restarted mock exchange, another feed) starts afresh instead;
// - a hole at the end (no later trade has arrived to show it) is reported by `expectUpTo`
//   with the exchange's newest id: it gets the same grace, then is a gap like any other.

export interface SequencerOptions {
  readonly emitTrade: (trade: Trade) => void;
  readonly emitGap: (gap: TradeGap) => void;
  readonly emitRejected?: (raw: string, rejection: Rejection, source: string) => void;
  readonly onDuplicate?: (trade: Trade) => void;
  readonly onBackfilled?: (trade: Trade) => void;
  /** Awaited between backfill pages, so a large backfill cannot outrun the producer. */
  readonly waitForCapacity?: () => Promise<void> | undefined;
  readonly logger: Logger;
  /** How long a hole may stay open before it is a gap (default 1 s). */
  readonly gapGraceMs?: number;
  /** Live trades held behind one symbol's gap before they are released (default 50,000). */
  readonly maxHeld?: number;
  /** Longest time live trades are held behind a backfill (default 30 s). */
  readonly maxHoldMs?: number;
}

interface Gap {
  readonly symbol: string;
  readonly exchange: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  readonly backfiller: Backfiller | undefined;
  readonly missing: IdRanges;
  /** blocking: live trades wait behind it; detached: they went ahead, fills come late. */
  phase: 'blocking' | 'detached';
  readonly abort: AbortController;
  holdTimer: NodeJS.Timeout | undefined;
  settled: boolean;
  done: Promise<void>;
  fromRest: number;
}

interface SymbolState {
  readonly symbol: string;
  exchange: string;
  next: number;
  readonly pending: Map<number, Trade>;
  /** Origin of the last trade emitted in sequence, and of the first one held behind a hole. */
  lastOrigin: MessageOrigin | undefined;
  holeOrigin: MessageOrigin | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  blocking: Gap | undefined;
  readonly detached: Gap[];
  /** The exchange has ids up to `to` that have not arrived (found by asking, not by a later trade). */
  tail:
    { readonly to: number; readonly origin: MessageOrigin; readonly reason: string } | undefined;
  /** Set from the log by `resume`, and nothing received since. */
  resumed: boolean;
}

export interface SequencerStats {
  duplicates: number;
  outOfOrder: number;
  backfilled: number;
  gapsDetected: number;
  gapsBackfilled: number;
  gapsUnrecoverable: number;
  missingTrades: number;
  held: number;
}

export class Sequencer {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly gaps = new Set<Gap>();
  private readonly graceMs: number;
  private readonly maxHeld: number;
  private readonly maxHoldMs: number;
  private flushing = false;
  readonly stats: SequencerStats = {
    duplicates: 0,
    outOfOrder: 0,
    backfilled: 0,
    gapsDetected: 0,
    gapsBackfilled: 0,
    gapsUnrecoverable: 0,
    missingTrades: 0,
    held: 0,
  };

  constructor(private readonly options: SequencerOptions) {
    this.graceMs = options.gapGraceMs ?? 1_000;
    this.maxHeld = options.maxHeld ?? 50_000;
    this.maxHoldMs = options.maxHoldMs ?? 30_000;
  }

  /**
   * Continues after the last trade ids already in the log (a restart): a first live id above
   * one of them opens a gap from it, backfilled like any other.
   */
  resume(last: Iterable<{ exchange: string; symbol: string; lastId: number }>): void {
    for (const { exchange, symbol, lastId } of last) {
      const key = `${exchange}:${symbol}`;
      if (this.symbols.has(key)) continue;
      this.symbols.set(key, {
        symbol,
        exchange,
        next: lastId + 1,
        pending: new Map(),
        lastOrigin: undefined,
        holeOrigin: undefined,
        graceTimer: undefined,
        blocking: undefined,
        detached: [],
        tail: undefined,
        resumed: true,
      });
    }
  }

  /** Highest id emitted in sequence per `exchange:symbol` (for status). */
  lastIds(): ReadonlyMap<string, number> {
    return new Map([...this.symbols].map(([key, st]) => [key, st.next - 1]));
  }

  push(trade: Trade, origin: MessageOrigin): void {
    const id = trade.tradeId;
    const key = `${trade.exchange}:${trade.symbol}`;
    let st = this.symbols.get(key);
    if (st?.resumed === true) {
      if (id < st.next) {
        // Ids that do not continue the log's: another session of the source, not a restart.
        this.options.logger.info(
          { symbol: trade.symbol, lastInLog: st.next - 1, first: id },
          'trade ids start below the last one in the log: not resuming this symbol',
        );
        this.symbols.delete(key);
        st = undefined;
      } else {
        st.resumed = false;
      }
    }
    if (st === undefined) {
      st = {
        symbol: trade.symbol,
        exchange: trade.exchange,
        next: id + 1,
        pending: new Map(),
        lastOrigin: origin,
        holeOrigin: undefined,
        graceTimer: undefined,
        blocking: undefined,
        detached: [],
        tail: undefined,
        resumed: false,
      };
      this.symbols.set(key, st);
      this.options.emitTrade(trade);
      return;
    }
    if (id === st.next && st.pending.size === 0 && st.blocking === undefined) {
      // The hot path: the next trade in sequence with nothing held.
      st.next++;
      st.lastOrigin = origin;
      this.options.emitTrade(trade);
      return;
    }
    if (id < st.next) {
      const gap = st.detached.find((g) => g.missing.has(id));
      if (gap === undefined) return this.duplicate(trade);
      gap.missing.delete(id);
      this.stats.outOfOrder++;
      this.options.emitTrade(trade);
      if (gap.missing.isEmpty) gap.abort.abort();
      return;
    }
    if (st.pending.has(id)) return this.duplicate(trade);
    st.blocking?.missing.delete(id);
    if (id === st.next) {
      st.lastOrigin = origin;
      this.options.emitTrade(trade);
      st.next++;
      this.drain(st);
    } else {
      if (st.pending.size === 0) st.holeOrigin = origin;
      st.pending.set(id, trade);
      this.stats.held++;
    }
    this.afterChange(st);
  }

  private duplicate(trade: Trade): void {
    this.stats.duplicates++;
    this.options.onDuplicate?.(trade);
  }

  private drain(st: SymbolState): void {
    let trade = st.pending.get(st.next);
    while (trade !== undefined) {
      st.pending.delete(st.next);
      this.stats.held--;
      this.options.emitTrade(trade);
      st.next++;
      trade = st.pending.get(st.next);
    }
  }

  /**
   * The exchange's newest id for a symbol (asked over REST after a (re)connect, or when the
   * symbol was quiet): ids above the last one seen are a trailing hole. It gets the grace like
   * any hole, so trades that are merely in flight on the socket do not make a gap.
   */
  expectUpTo(symbol: string, latestId: number, origin: MessageOrigin, reason: string): void {
    const st = this.symbols.get(`${origin.exchange}:${symbol}`);
    if (st === undefined || latestId < st.next || latestId <= (st.tail?.to ?? -1)) return;
    if (st.pending.size > 0 && this.highestPending(st) >= latestId) return;
    st.tail = { to: latestId, origin, reason };
    // The exchange has ids after the log's last one: this is the same session, continued.
    st.resumed = false;
    this.afterChange(st);
  }

  private hasHole(st: SymbolState): boolean {
    return st.pending.size > 0 || (st.tail !== undefined && st.tail.to >= st.next);
  }

  private afterChange(st: SymbolState): void {
    const blocking = st.blocking;
    if (blocking !== undefined && st.next > blocking.to) {
      // The live stream filled the whole gap before the backfill did.
      blocking.abort.abort();
    }
    if (st.tail !== undefined && st.tail.to < st.next) st.tail = undefined;
    if (!this.hasHole(st)) {
      clearTimeout(st.graceTimer);
      st.graceTimer = undefined;
      return;
    }
    if (st.blocking !== undefined) {
      if (st.pending.size > this.maxHeld) this.detach(st.blocking, 'held trades over the limit');
      return;
    }
    if (this.flushing || st.pending.size > this.maxHeld) {
      // At shutdown a trailing hole is left to the next start, which resumes from the log.
      if (st.pending.size > 0) this.declareGap(st);
    } else if (st.graceTimer === undefined) {
      st.graceTimer = setTimeout(() => {
        st.graceTimer = undefined;
        if (st.blocking === undefined && this.hasHole(st)) this.declareGap(st);
      }, this.graceMs);
    }
  }

  private highestPending(st: SymbolState): number {
    let highest = Number.NEGATIVE_INFINITY;
    for (const id of st.pending.keys()) if (id > highest) highest = id;
    return highest;
  }

  private lowestPending(st: SymbolState): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const id of st.pending.keys()) if (id < lowest) lowest = id;
    return lowest;
  }

  private gapReason(st: SymbolState): string {
    const after = st.holeOrigin;
    if (st.lastOrigin === undefined) return 'ingest restart (ids after the last one in the log)';
    if (after === undefined || after === st.lastOrigin) return 'ids skipped within one connection';
    if (after.cause === 'initial') return `new connection ${after.connection}`;
    return `${after.cause} of ${after.connection}`;
  }

  /** The hole's end, why it is there and where to fetch it: a later trade's, else the tail's. */
  private holeOf(st: SymbolState): { to: number; reason: string; backfiller?: Backfiller } {
    if (st.pending.size > 0 || st.tail === undefined) {
      const backfiller = (st.holeOrigin ?? st.lastOrigin)?.backfiller;
      return {
        to: this.lowestPending(st) - 1,
        reason: this.gapReason(st),
        ...(backfiller !== undefined ? { backfiller } : {}),
      };
    }
    const backfiller = st.tail.origin.backfiller;
    return {
      to: st.tail.to,
      reason:
        st.lastOrigin === undefined
          ? 'ingest restart (ids after the last one in the log)'
          : st.tail.reason,
      ...(backfiller !== undefined ? { backfiller } : {}),
    };
  }

  private declareGap(st: SymbolState): void {
    clearTimeout(st.graceTimer);
    st.graceTimer = undefined;
    const hole = this.holeOf(st);
    const gap: Gap = {
      symbol: st.symbol,
      exchange: st.exchange,
      from: st.next,
      to: hole.to,
      reason: hole.reason,
      backfiller: hole.backfiller,
      missing: new IdRanges(st.next, hole.to),
      phase: 'blocking',
      abort: new AbortController(),
      holdTimer: undefined,
      settled: false,
      done: Promise.resolve(),
      fromRest: 0,
    };
    st.blocking = gap;
    this.gaps.add(gap);
    this.stats.gapsDetected++;
    this.options.emitGap(this.gapEvent(gap, gap.from, gap.to, 'detected', gap.reason));
    this.options.logger.warn(
      {
        symbol: gap.symbol,
        fromTradeId: gap.from,
        toTradeId: gap.to,
        missing: gap.to - gap.from + 1,
        reason: gap.reason,
      },
      'trade gap detected',
    );
    if (!this.flushing) {
      gap.holdTimer = setTimeout(
        () => this.detach(gap, `backfill still running after ${this.maxHoldMs} ms`),
        this.maxHoldMs,
      );
    }
    gap.done = this.backfill(st, gap);
  }

  private gapEvent(
    gap: Gap,
    from: number,
    to: number,
    status: TradeGap['status'],
    reason: string,
  ): TradeGap {
    return {
      type: 'trade-gap',
      exchange: gap.exchange,
      symbol: gap.symbol,
      fromTradeId: from,
      toTradeId: to,
      detectedAt: Date.now(),
      status,
      reason,
    };
  }

  private async backfill(st: SymbolState, gap: Gap): Promise<void> {
    const backfiller = gap.backfiller;
    let outcome = this.flushing
      ? 'shutdown before a backfill could run'
      : 'no backfill for this source';
    if (backfiller !== undefined && !this.flushing) {
      try {
        for await (const page of backfiller.fetch(gap.symbol, gap.from, gap.to, gap.abort.signal)) {
          for (const rejected of page.rejected) {
            this.options.emitRejected?.(rejected.raw, rejected, 'ingest/backfill');
          }
          for (const trade of page.trades) this.fill(st, gap, trade);
          if (gap.missing.isEmpty || gap.abort.signal.aborted) break;
          await this.options.waitForCapacity?.();
        }
        outcome = gap.missing.isEmpty
          ? gap.fromRest > 0
            ? 'backfilled via REST'
            : 'filled by the live stream'
          : 'not in the exchange history';
      } catch (error) {
        outcome = `backfill failed: ${error instanceof Error ? error.message : String(error)}`;
        this.options.logger.warn(
          { symbol: gap.symbol, fromTradeId: gap.from, toTradeId: gap.to, err: outcome },
          'backfill failed',
        );
      }
      if (this.flushing && !gap.missing.isEmpty) outcome = 'shutdown before the backfill finished';
    }
    this.settle(st, gap, outcome);
  }

  private fill(st: SymbolState, gap: Gap, trade: Trade): void {
    if (gap.settled || !gap.missing.delete(trade.tradeId)) return;
    gap.fromRest++;
    this.stats.backfilled++;
    this.options.onBackfilled?.(trade);
    if (gap.phase === 'detached') {
      this.stats.outOfOrder++;
      this.options.emitTrade(trade);
      return;
    }
    if (trade.tradeId === st.next) {
      this.options.emitTrade(trade);
      st.next++;
      this.drain(st);
    } else {
      st.pending.set(trade.tradeId, trade);
      this.stats.held++;
    }
  }

  /** Emits what is held up to the end of the gap in id order, skipping what is missing. */
  private passGap(st: SymbolState, gap: Gap): void {
    while (st.next <= gap.to) {
      const held = st.pending.get(st.next);
      if (held !== undefined) {
        st.pending.delete(st.next);
        this.stats.held--;
        this.options.emitTrade(held);
        st.next++;
        continue;
      }
      // Jump over a whole missing range at once.
      const range = gap.missing.list().find(([a, b]) => st.next >= a && st.next <= b);
      st.next = range !== undefined ? range[1] + 1 : st.next + 1;
    }
    this.drain(st);
  }

  private detach(gap: Gap, why: string): void {
    const st = this.symbols.get(`${gap.exchange}:${gap.symbol}`);
    if (st === undefined || gap.settled || gap.phase !== 'blocking') return;
    clearTimeout(gap.holdTimer);
    gap.phase = 'detached';
    st.blocking = undefined;
    st.detached.push(gap);
    this.options.logger.warn(
      { symbol: gap.symbol, why },
      'releasing trades held behind a gap; late fills will follow',
    );
    this.passGap(st, gap);
    this.afterChange(st);
  }

  private settle(st: SymbolState, gap: Gap, outcome: string): void {
    if (gap.settled) return;
    gap.settled = true;
    clearTimeout(gap.holdTimer);
    this.gaps.delete(gap);
    if (gap.phase === 'blocking') {
      st.blocking = undefined;
      this.passGap(st, gap);
    } else {
      st.detached.splice(st.detached.indexOf(gap), 1);
    }
    if (gap.missing.isEmpty) {
      this.stats.gapsBackfilled++;
      this.options.emitGap(
        this.gapEvent(gap, gap.from, gap.to, 'backfilled', `${gap.reason}; ${outcome}`),
      );
      this.options.logger.info(
        { symbol: gap.symbol, fromTradeId: gap.from, toTradeId: gap.to },
        'trade gap backfilled',
      );
    } else {
      for (const [from, to] of gap.missing.list()) {
        this.stats.gapsUnrecoverable++;
        this.stats.missingTrades += to - from + 1;
        this.options.emitGap(
          this.gapEvent(gap, from, to, 'unrecoverable', `${gap.reason}; ${outcome}`),
        );
      }
      this.options.logger.warn(
        {
          symbol: gap.symbol,
          fromTradeId: gap.from,
          toTradeId: gap.to,
          missing: gap.missing.count(),
          outcome,
        },
        'trade gap not fully recoverable',
      );
    }
    this.afterChange(st);
  }

  /** Gaps waiting for a backfill now. */
  activeGaps(): number {
    return this.gaps.size;
  }

  /** Trade ids known to be missing now: those of open gaps not yet filled, and those lost. */
  missingNow(): number {
    let open = 0;
    for (const gap of this.gaps) open += gap.missing.count();
    return this.stats.missingTrades + open;
  }

  /**
   * For shutdown: backfills in flight get until `deadline`; then every held trade is
   * emitted in id order and what is still missing is recorded as unrecoverable.
   */
  async flush(timeoutMs: number): Promise<void> {
    this.flushing = true;
    for (const st of this.symbols.values()) {
      clearTimeout(st.graceTimer);
      st.graceTimer = undefined;
      if (st.blocking === undefined && st.pending.size > 0) this.declareGap(st);
    }
    const deadline = Date.now() + timeoutMs;
    while (this.gaps.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        // Do not wait on a backfill that ignores its abort signal: settle without it.
        for (const gap of [...this.gaps]) {
          gap.abort.abort();
          const st = this.symbols.get(`${gap.exchange}:${gap.symbol}`);
          if (st !== undefined) this.settle(st, gap, 'shutdown before the backfill finished');
        }
        await Promise.resolve();
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.gaps].map((g) => g.done)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }
}
