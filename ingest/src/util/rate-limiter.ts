import { sleep } from './sleep';

/**
 * At most `limit` acquisitions in any window of `windowMs` (a sliding log), served in
 * order. Binance counts client messages per connection per second; a sliding window never
 * lets a burst straddle two fixed seconds and exceed the limit.
 */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long a caller would wait now (0 when a slot is free). */
  waitTime(): number {
    const now = this.now();
    while (this.stamps.length > 0 && (this.stamps[0] ?? 0) <= now - this.windowMs)
      this.stamps.shift();
    if (this.stamps.length < this.limit) return 0;
    return (this.stamps[0] ?? now) + this.windowMs - now;
  }

  /** Takes a slot if one is free now; for callers that must not wait. */
  tryAcquire(): boolean {
    if (this.waitTime() > 0) return false;
    this.stamps.push(this.now());
    return true;
  }

  /** Resolves when a slot is taken; callers are served first come, first served. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        if (signal?.aborted) return;
        const wait = this.waitTime();
        if (wait <= 0) break;
        await sleep(wait + 1, signal);
      }
      this.stamps.push(this.now());
    });
    this.tail = turn;
    return turn;
  }
}

/**
 * A token bucket of request weight per minute (Binance's REST limits are weights per IP per
 * minute). `pauseUntil` lets the exchange's own answer (429 + Retry-After) stop everyone.
 */
export class WeightBudget {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perMinute;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.perMinute,
      this.tokens + ((now - this.last) * this.perMinute) / 60_000,
    );
    this.last = now;
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  take(weight: number, signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        if (signal?.aborted) return;
        const paused = this.pausedUntil - this.now();
        if (paused > 0) {
          await sleep(paused, signal);
          continue;
        }
        this.refill();
        const need = Math.min(weight, this.perMinute);
        if (this.tokens >= need) {
          this.tokens -= need;
          return;
        }
        await sleep(((need - this.tokens) * 60_000) / this.perMinute + 1, signal);
      }
    });
    this.tail = turn;
    return turn;
  }
}
