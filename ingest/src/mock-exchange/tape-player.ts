import { AggTradeBuilder } from '../tape/aggregate';
import { aggTradeFrame, tradeFrame } from '../tape/binance-frames';
import type { TapeAggTrade, TapeTrade } from '../tape/tape-trade';
import type { ReplaySpeed } from '../sources/pacer';
import { MinuteBars, type KlineItem, type KlineQuery } from './klines';

export interface PlayerOptions {
  /** 1 = recorded pace, N = N×, 'max' = as fast as the slowest client reads. */
  readonly speed: ReplaySpeed;
  /** A fixed rate instead of the tape's own pace. */
  readonly ratePerSecond?: number;
  /** 'live' stamps each trade with the time it is sent. */
  readonly timestamps: 'recorded' | 'live';
  /** Add the keys 2026 frames carry (`st`, `nq`) to rendered frames. */
  readonly extraFields: boolean;
  readonly historyLimit: number;
}

export interface PlayerOutput {
  /** Sends a frame to the clients subscribed to `stream`; true when none is behind. */
  send(stream: string, frame: string): void;
  /** Bytes still queued for the slowest client (for 'max' pacing). */
  backlog(): number;
}

interface Skip {
  remaining: number;
  readonly symbol: string | undefined;
  readonly history: boolean;
}

const MAX_BURST = 2_000;
const MAX_BACKLOG = 4 * 1024 * 1024;

/**
 * Plays a tape like an exchange's matching engine: trades happen at their pace whether or
 * not anyone listens, every subscriber of a stream gets them as they happen, and the REST
 * history holds everything that happened (also what a switch kept off the sockets).
 */
export class TapePlayer {
  private playing = false;
  private finishedFlag = false;
  private timer: NodeJS.Timeout | undefined;
  private lookahead: TapeTrade | undefined;
  private origin: { time: number; wall: number; index: number } | undefined;
  private index = 0;
  private readonly trades = new Map<string, TapeTrade[]>();
  private readonly aggs = new Map<string, TapeAggTrade[]>();
  private readonly bars = new Map<string, MinuteBars>();
  private readonly builders = new Map<
    string,
    { builder: AggTradeBuilder; skipped: boolean; hidden: boolean }
  >();
  private readonly skips: Skip[] = [];
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });
  emittedCount = 0;
  skippedCount = 0;
  pastCount = 0;

  constructor(
    private readonly tape: Iterator<TapeTrade>,
    private readonly output: PlayerOutput,
    private readonly options: PlayerOptions,
  ) {}

  get isPlaying(): boolean {
    return this.playing;
  }

  get isFinished(): boolean {
    return this.finishedFlag;
  }

  play(): void {
    if (this.playing || this.finishedFlag) return;
    this.playing = true;
    this.origin = undefined;
    this.pump();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.timer);
  }

  skip(count: number, symbol: string | undefined, history: boolean): void {
    this.skips.push({ remaining: count, symbol: symbol?.toUpperCase(), history });
  }

  history(symbol: string): readonly TapeTrade[] {
    return this.trades.get(symbol.toUpperCase()) ?? [];
  }

  aggHistory(symbol: string): readonly TapeAggTrade[] {
    return this.aggs.get(symbol.toUpperCase()) ?? [];
  }

  klines(symbol: string, intervalMs: number, query: KlineQuery): KlineItem[] {
    return this.bars.get(symbol.toUpperCase())?.klines(intervalMs, query) ?? [];
  }

  /**
   * What the exchange did before it started: into the REST history (trades, aggregates,
   * klines) and never onto a socket. The aggregate open at the end is closed there: merged
   * with the first streamed trades it could not be sent without the prehistory's.
   */
  preload(trades: readonly TapeTrade[]): void {
    for (const trade of trades) {
      this.rememberTrade(trade);
      this.aggregate(trade, true, false);
      this.pastCount++;
    }
    for (const [, agg] of this.builders) {
      const closed = agg.builder.close();
      if (closed !== undefined) this.emitAgg(closed, true, false);
      agg.skipped = false;
      agg.hidden = false;
    }
  }

  symbols(): string[] {
    return [...this.trades.keys()];
  }

  private next(): TapeTrade | undefined {
    if (this.lookahead !== undefined) return this.lookahead;
    const result = this.tape.next();
    this.lookahead = result.done ? undefined : result.value;
    return this.lookahead;
  }

  private dueTime(trade: TapeTrade, now: number): number {
    if (this.options.speed === 'max' && this.options.ratePerSecond === undefined) return now;
    this.origin ??= { time: trade.time, wall: now, index: this.index };
    if (this.options.ratePerSecond !== undefined) {
      return (
        this.origin.wall + ((this.index - this.origin.index) * 1000) / this.options.ratePerSecond
      );
    }
    const speed = this.options.speed === 'max' ? 1 : this.options.speed;
    return this.origin.wall + (trade.time - this.origin.time) / speed;
  }

  private pump = (): void => {
    this.timer = undefined;
    let burst = 0;
    while (this.playing) {
      const trade = this.next();
      if (trade === undefined) return this.finish();
      const now = Date.now();
      const due = this.dueTime(trade, now);
      if (due > now + 1) {
        this.timer = setTimeout(this.pump, Math.min(due - now, 1_000));
        return;
      }
      if (this.output.backlog() > MAX_BACKLOG || burst >= MAX_BURST) {
        // Let sockets drain and timers run; a real exchange would drop a slow client instead.
        this.timer = setTimeout(this.pump, burst >= MAX_BURST ? 0 : 5);
        return;
      }
      this.lookahead = undefined;
      this.index++;
      burst++;
      this.emit(trade, now);
    }
  };

  private takeSkip(symbol: string): Skip | undefined {
    const skip = this.skips.find(
      (s) => s.remaining > 0 && (s.symbol === undefined || s.symbol === symbol),
    );
    if (skip === undefined) return undefined;
    skip.remaining--;
    if (skip.remaining === 0) this.skips.splice(this.skips.indexOf(skip), 1);
    return skip;
  }

  private emit(original: TapeTrade, now: number): void {
    const live = this.options.timestamps === 'live';
    const trade: TapeTrade = live
      ? {
          symbol: original.symbol,
          id: original.id,
          price: original.price,
          qty: original.qty,
          time: now,
          eventTime: now,
          isBuyerMaker: original.isBuyerMaker,
        }
      : original;
    const skip = this.takeSkip(trade.symbol);
    const hidden = skip !== undefined && !skip.history;
    if (skip !== undefined) this.skippedCount++;
    this.emittedCount++;
    if (!hidden) this.rememberTrade(trade);
    this.aggregate(trade, skip !== undefined, hidden);
    if (skip !== undefined) return;
    const frame =
      trade.raw !== undefined && !this.options.extraFields ? trade.raw : this.renderTrade(trade);
    this.output.send(`${trade.symbol.toLowerCase()}@trade`, frame);
  }

  /**
   * Adds a trade to its symbol's aggregate. A trade kept off the sockets (or out of REST)
   * keeps its whole aggregate off them too: an aggregate cannot be sent in part.
   */
  private aggregate(trade: TapeTrade, skipped: boolean, hidden: boolean): void {
    let agg = this.builders.get(trade.symbol);
    if (agg === undefined) {
      agg = {
        builder: new AggTradeBuilder(Math.max(1, Math.floor(trade.id / 3))),
        skipped: false,
        hidden: false,
      };
      this.builders.set(trade.symbol, agg);
    }
    const closed = agg.builder.add(trade);
    if (closed !== undefined) {
      this.emitAgg(closed, agg.skipped, agg.hidden);
      agg.skipped = skipped;
      agg.hidden = hidden;
    } else {
      agg.skipped ||= skipped;
      agg.hidden ||= hidden;
    }
  }

  private emitAgg(agg: TapeAggTrade, skipped: boolean, hidden: boolean): void {
    if (!hidden) this.remember(this.aggs, agg.symbol, agg);
    if (skipped) return;
    const frame = this.options.extraFields
      ? aggTradeFrame(agg).replace(/,"T":/, `,"nq":"${agg.qty}","T":`).replace(/}}$/, ',"st":1}}')
      : aggTradeFrame(agg);
    this.output.send(`${agg.symbol.toLowerCase()}@aggTrade`, frame);
  }

  private renderTrade(trade: TapeTrade): string {
    const frame = tradeFrame(trade);
    return this.options.extraFields ? frame.replace(/}}$/, ',"st":1}}') : frame;
  }

  private rememberTrade(trade: TapeTrade): void {
    let bars = this.bars.get(trade.symbol);
    if (bars === undefined) {
      bars = new MinuteBars();
      this.bars.set(trade.symbol, bars);
    }
    bars.add(trade);
    if (this.remember(this.trades, trade.symbol, trade)) bars.trimTo(this.history(trade.symbol));
  }

  /** Appends to a symbol's history; past twice the limit the oldest go (then true). */
  private remember<T>(store: Map<string, T[]>, symbol: string, item: T): boolean {
    let list = store.get(symbol);
    if (list === undefined) {
      list = [];
      store.set(symbol, list);
    }
    list.push(item);
    if (list.length <= this.options.historyLimit * 2) return false;
    list.splice(0, list.length - this.options.historyLimit);
    return true;
  }

  private finish(): void {
    if (this.finishedFlag) return;
    this.playing = false;
    for (const [, agg] of this.builders) {
      const closed = agg.builder.close();
      if (closed !== undefined) this.emitAgg(closed, agg.skipped, agg.hidden);
    }
    this.finishedFlag = true;
    this.resolveFinished();
  }

  stop(): void {
    this.pause();
  }
}
