/** One bar time of the whole universe: every known symbol's close as of that time. */
export interface UniverseBar {
  readonly time: number;
  /**
   * Close per symbol index (`UniverseAligner.symbols`), as of `time`: the symbol's bar at
   * `time`, else its last close (carried); NaN for a symbol without a close yet.
   * The array is reused by the next bar: copy what must outlive the call.
   */
  readonly closes: Float64Array;
  /** At least one symbol's bar at `time` is live (not from history). */
  readonly live: boolean;
}

interface SymbolQueue {
  readonly starts: number[];
  readonly closes: number[];
  readonly live: boolean[];
  head: number;
  /** Start of the newest bar received; bars come in start order per symbol. */
  progress: number;
  /** Wall-clock time its newest bar arrived. */
  arrived: number;
}

export interface UniverseAlignerOptions {
  /**
   * Wall-clock milliseconds a symbol may go without a new bar while others have newer ones
   * before the universe goes on without it (it carries its close).
   */
  readonly maxWaitMs: number;
  /**
   * The symbols known from the start. A symbol that joins later (`closed` false) misses the
   * bar times already closed, so a stage seeds the universe it already knows (stored bars).
   */
  readonly symbols?: readonly string[];
  /** Only `symbols`, nothing else joins (a fixed universe); default false. */
  readonly closed?: boolean;
}

/**
 * As-of join of many symbols' final bars on bar time: the pair stage's `LegAligner` for a
 * whole universe. Aligned times are the union of the symbols' bar times; a symbol without a
 * bar at a time carries its last close. A time closes once every symbol has reached it, so a
 * symbol that is behind (another partition, a backlog, a replay) never makes the result
 * depend on arrival order.
 *
 * Except a quiet one: a symbol with no trade makes no bar, and its next bar, which would
 * tell that it had none at the times before, comes only with its next trade. Waiting for it
 * would stall every pair, so a symbol that has sent nothing for `maxWaitMs` of wall-clock
 * time while others went on is passed over (the idleness of Flink's watermarks): the
 * universe closes the times the others reached, and the quiet symbol carries its close.
 * Processing a backlog is fast, so it waits there; live, a quiet symbol costs at most
 * `maxWaitMs` of lag. A bar older than the closed time only updates the close it carries.
 * An open universe (every symbol that comes) also closes nothing for its first `maxWaitMs`,
 * so the symbols present from the start all join before the first bar closes.
 */
export class UniverseAligner {
  private readonly index = new Map<string, number>();
  private readonly queues: SymbolQueue[] = [];
  private readonly fixed: boolean;
  private readonly maxWaitMs: number;
  private closes = new Float64Array(0);
  /** The newest bar start received. */
  private newest = Number.NEGATIVE_INFINITY;
  /** The last time emitted. */
  private closed = Number.NEGATIVE_INFINITY;
  /** Wall-clock time of the first bar: a known symbol not seen yet is quiet from then on. */
  private startedAt: number | undefined;
  /** The symbols by index, in the order they joined. */
  readonly symbols: string[] = [];

  constructor(options: UniverseAlignerOptions) {
    this.maxWaitMs = options.maxWaitMs;
    this.fixed = options.closed ?? false;
    for (const symbol of options.symbols ?? []) this.join(symbol);
  }

  /** The newest time emitted (−∞ before the first). */
  get closedThrough(): number {
    return this.closed;
  }

  /**
   * Adds one symbol's final bar, received at wall-clock time `now`; calls `emit` for every
   * bar time that became aligned, in time order. A symbol outside a fixed universe, and a
   * repeated or older bar, are ignored.
   */
  add(
    symbol: string,
    start: number,
    close: number,
    live: boolean,
    now: number,
    emit: (bar: UniverseBar) => void,
  ): void {
    let i = this.index.get(symbol);
    if (i === undefined) {
      if (this.fixed) return;
      i = this.join(symbol);
    }
    this.startedAt ??= now;
    const q = this.queues[i] as SymbolQueue;
    if (start <= q.progress) return;
    q.progress = start;
    q.arrived = now;
    if (start > this.newest) this.newest = start;
    if (start <= this.closed) {
      // Late: the universe went on without it. Its close is the newest it has.
      this.closes[i] = close;
      return;
    }
    q.starts.push(start);
    q.closes.push(close);
    q.live.push(live);
    this.drain(now, emit);
  }

  /** Closes what quiet symbols held back, as of wall-clock time `now` (call it periodically). */
  tick(now: number, emit: (bar: UniverseBar) => void): void {
    this.drain(now, emit);
  }

  private join(symbol: string): number {
    const i = this.symbols.length;
    this.symbols.push(symbol);
    this.index.set(symbol, i);
    this.queues.push({
      starts: [],
      closes: [],
      live: [],
      head: 0,
      progress: Number.NEGATIVE_INFINITY,
      arrived: Number.NEGATIVE_INFINITY,
    });
    const grown = new Float64Array(this.symbols.length).fill(Number.NaN);
    grown.set(this.closes);
    this.closes = grown;
    return i;
  }

  /** The newest time every symbol that is not quiet has reached. */
  private readyThrough(now: number): number {
    // An open universe closes nothing for its first maxWaitMs: the symbols that are there
    // from the start (a backlog, the exchange's history of each) join before a bar closes
    // without them, instead of joining late and missing those bars.
    if (!this.fixed && this.startedAt !== undefined && now - this.startedAt < this.maxWaitMs)
      return Number.NEGATIVE_INFINITY;
    let ready = this.newest;
    const quietSince = now - this.maxWaitMs;
    for (const q of this.queues) {
      if (q.progress >= ready) continue;
      const arrived = q.progress === Number.NEGATIVE_INFINITY ? this.startedAt : q.arrived;
      if (arrived !== undefined && arrived <= quietSince) continue; // quiet
      ready = q.progress;
    }
    return ready;
  }

  private drain(now: number, emit: (bar: UniverseBar) => void): void {
    const ready = this.readyThrough(now);
    for (;;) {
      let time = Number.POSITIVE_INFINITY;
      for (const q of this.queues) {
        const s = q.starts[q.head];
        if (s !== undefined && s < time) time = s;
      }
      if (time === Number.POSITIVE_INFINITY || time > ready) break;
      let live = false;
      for (let i = 0; i < this.queues.length; i++) {
        const q = this.queues[i] as SymbolQueue;
        if (q.starts[q.head] === time) {
          this.closes[i] = q.closes[q.head] as number;
          live ||= q.live[q.head] as boolean;
          q.head += 1;
        }
      }
      this.closed = time;
      emit({ time, closes: this.closes, live });
    }
    for (const q of this.queues) {
      if (q.head > 1024) {
        q.starts.splice(0, q.head);
        q.closes.splice(0, q.head);
        q.live.splice(0, q.head);
        q.head = 0;
      }
    }
  }
}
