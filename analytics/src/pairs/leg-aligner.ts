export interface AlignedBar {
  readonly time: number;
  readonly x: number;
  readonly y: number;
}

interface LegState {
  readonly queue: Array<{ start: number; close: number }>;
  head: number;
  /** Start of the newest bar received; bars arrive in start order per leg. */
  progress: number;
  lastClose: number | undefined;
}

const newLeg = (): LegState => ({
  queue: [],
  head: 0,
  progress: Number.NEGATIVE_INFINITY,
  lastClose: undefined,
});

/**
 * As-of join of two legs' final bars on bar time. Aligned bars are the union of both legs'
 * bar times; a leg without a bar at a time carries its last close. A time is emitted only
 * once both legs have reached it, so a leg that is behind (another partition, a replay)
 * never makes the result depend on arrival order. Pure and deterministic.
 */
export class LegAligner {
  private readonly legs = { x: newLeg(), y: newLeg() };

  /** Adds one leg's bar; returns the bars that became aligned. Repeated or older bars are ignored. */
  add(leg: 'x' | 'y', start: number, close: number): AlignedBar[] {
    const state = this.legs[leg];
    if (start <= state.progress) return [];
    state.progress = start;
    state.queue.push({ start, close });
    return this.drain();
  }

  private drain(): AlignedBar[] {
    const out: AlignedBar[] = [];
    const { x, y } = this.legs;
    const ready = Math.min(x.progress, y.progress);
    for (;;) {
      const hx = x.queue[x.head];
      const hy = y.queue[y.head];
      const time = Math.min(hx?.start ?? Infinity, hy?.start ?? Infinity);
      if (time === Infinity || time > ready) break;
      if (hx && hx.start === time) {
        x.lastClose = hx.close;
        x.head += 1;
      }
      if (hy && hy.start === time) {
        y.lastClose = hy.close;
        y.head += 1;
      }
      if (x.lastClose !== undefined && y.lastClose !== undefined)
        out.push({ time, x: x.lastClose, y: y.lastClose });
    }
    for (const leg of [x, y]) {
      if (leg.head > 1024) {
        leg.queue.splice(0, leg.head);
        leg.head = 0;
      }
    }
    return out;
  }
}
