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

/** The lane of bars read back from storage, in time order (not from a log partition). */
export const HISTORY_LANE = -1;

interface SymbolQueue {
  /** The lane (log partition) its newest bar came from. */
  lane: number;
  readonly starts: number[];
  readonly closes: number[];
  readonly live: boolean[];
  head: number;
  /** Start of the newest bar received; bars come in start order per symbol. */
  progress: number;
}

export interface UniverseAlignerOptions {
  /** The interval's length in ms. */
  readonly intervalMs: number;
  /** A bar time closes without the symbols this many bars behind the newest bar of their lane. */
  readonly maxWaitBars: number;
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
 * symbol that is behind (another partition, a replay) never makes the result depend on
 * arrival order — except a quiet one: a symbol more than `maxWaitBars` behind the newest bar
 * of its own lane (the log partition its bars come in, in which bars arrive in order) has not
 * traded, and waiting for it would stall every pair, so the universe goes on and it carries
 * its close. Lanes are compared only with themselves: a partition that is behind another
 * (a backlog being read) holds the universe back instead of making its symbols quiet. A bar
 * older than the closed time only updates the close its symbol carries.
 */
export class UniverseAligner {
  private readonly index = new Map<string, number>();
  private readonly queues: SymbolQueue[] = [];
  /** The newest bar start per lane. */
  private readonly laneNewest = new Map<number, number>();
  private readonly fixed: boolean;
  private closes = new Float64Array(0);
  /** The last time emitted. */
  private closed = Number.NEGATIVE_INFINITY;
  private readonly waitMs: number;
  private readonly intervalMs: number;
  /** The first bar start received. */
  private first = Number.POSITIVE_INFINITY;
  /** The symbols by index, in the order they joined. */
  readonly symbols: string[] = [];

  constructor(options: UniverseAlignerOptions) {
    this.intervalMs = options.intervalMs;
    this.waitMs = options.maxWaitBars * options.intervalMs;
    this.fixed = options.closed ?? false;
    for (const symbol of options.symbols ?? []) this.join(symbol);
  }

  /** The newest time emitted (−∞ before the first). */
  get closedThrough(): number {
    return this.closed;
  }

  /**
   * Adds one symbol's final bar from a lane (a log partition, or `HISTORY_LANE`); calls
   * `emit` for every bar time that became aligned, in time order. A symbol outside a fixed
   * universe, and a repeated or older bar, are ignored.
   */
  add(
    symbol: string,
    start: number,
    close: number,
    live: boolean,
    emit: (bar: UniverseBar) => void,
    lane = HISTORY_LANE,
  ): void {
    let i = this.index.get(symbol);
    if (i === undefined) {
      if (this.fixed) return;
      i = this.join(symbol);
    }
    const q = this.queues[i] as SymbolQueue;
    if (start <= q.progress) return;
    q.progress = start;
    q.lane = lane;
    if (start < this.first) this.first = start;
    if (start > (this.laneNewest.get(lane) ?? Number.NEGATIVE_INFINITY))
      this.laneNewest.set(lane, start);
    if (start <= this.closed) {
      // Late: the universe went on without it. Its close is the newest it has.
      this.closes[i] = close;
      return;
    }
    q.starts.push(start);
    q.closes.push(close);
    q.live.push(live);
    this.drain(emit);
  }

  private join(symbol: string): number {
    const i = this.symbols.length;
    this.symbols.push(symbol);
    this.index.set(symbol, i);
    this.queues.push({
      lane: HISTORY_LANE,
      starts: [],
      closes: [],
      live: [],
      head: 0,
      progress: Number.NEGATIVE_INFINITY,
    });
    const grown = new Float64Array(this.symbols.length).fill(Number.NaN);
    grown.set(this.closes);
    this.closes = grown;
    return i;
  }

  /** The newest time every symbol that is not quiet in its lane has reached. */
  private readyThrough(): number {
    let ready = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    for (const lane of this.laneNewest.values()) if (lane > newest) newest = lane;
    for (const q of this.queues) {
      // A symbol of the universe not seen yet counts as quiet since just before the first bar
      // of all: it holds the start back by maxWaitBars at most (a listed symbol that never
      // trades must not stall the universe).
      const seen = q.progress !== Number.NEGATIVE_INFINITY;
      const progress = seen ? q.progress : this.first - this.intervalMs;
      const laneNewest = seen ? (this.laneNewest.get(q.lane) ?? progress) : newest;
      if (progress <= laneNewest - this.waitMs) continue; // quiet
      if (progress < ready) ready = progress;
    }
    return ready === Number.POSITIVE_INFINITY ? newest : ready;
  }

  private drain(emit: (bar: UniverseBar) => void): void {
    const ready = this.readyThrough();
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
