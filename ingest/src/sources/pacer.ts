import { sleep } from '../util/sleep';

/** Recorded pace (1), N times faster, or as fast as possible ('max'). */
export type ReplaySpeed = number | 'max';

/**
 * Waits until an item stamped `time` is due, given the first item's time and the wall
 * clock at the start. Falling behind is never made up by waiting less than zero.
 */
export class Pacer {
  private origin: { time: number; wall: number } | undefined;

  /**
   * `origin`: the item time due at a wall-clock time, when the first item read is not the
   * one that sets the pace (a source that first catches up on its past).
   */
  constructor(
    private readonly speed: ReplaySpeed,
    origin?: { readonly time: number; readonly wall: number },
  ) {
    this.origin = origin;
  }

  wait(time: number | undefined, signal: AbortSignal): Promise<void> | undefined {
    if (this.speed === 'max' || time === undefined) return undefined;
    if (this.origin === undefined) {
      this.origin = { time, wall: Date.now() };
      return undefined;
    }
    const due = this.origin.wall + (time - this.origin.time) / this.speed;
    const ahead = due - Date.now();
    return ahead > 1 ? sleep(ahead, signal) : undefined;
  }
}

export function validSpeed(speed: ReplaySpeed): boolean {
  return speed === 'max' || (typeof speed === 'number' && Number.isFinite(speed) && speed > 0);
}
