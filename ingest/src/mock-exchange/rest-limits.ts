const WINDOW_MS = 60_000;

export interface RestLimitOptions {
  /** Request weight per minute per IP; 0 or Infinity: no limit (the weight is still counted). */
  readonly weightPerMinute: number;
  /** How long an IP that asks again before a 429's Retry-After has passed is banned. */
  readonly banMs: number;
}

export interface BinanceError {
  readonly code: number;
  readonly msg: string;
}

export type Admission =
  | { readonly admitted: true; readonly used: number }
  | {
      readonly admitted: false;
      readonly status: 429 | 418;
      readonly retryAfterSeconds: number;
      readonly body: BinanceError;
      readonly used: number;
    };

/**
 * Binance's REST limits for one IP (the mock has one client IP as far as limits go): request
 * weight over a sliding minute; over it, 429 with Retry-After; a request before that
 * Retry-After has passed earns an IP ban, 418 with its own Retry-After, and every request
 * during the ban is answered 418.
 */
export class RestLimits {
  requests = 0;
  rateLimited = 0;
  banned = 0;
  private readonly window: { readonly time: number; readonly weight: number }[] = [];
  private head = 0;
  private total = 0;
  private retryUntil = 0;
  private bannedUntil = 0;

  constructor(private readonly options: RestLimitOptions) {
    if (!(options.weightPerMinute >= 0))
      throw new RangeError(`restWeightPerMinute must be ≥ 0, not ${options.weightPerMinute}`);
    if (!(options.banMs >= 0)) throw new RangeError(`restBanMs must be ≥ 0, not ${options.banMs}`);
  }

  private get limited(): boolean {
    const limit = this.options.weightPerMinute;
    return limit > 0 && Number.isFinite(limit);
  }

  /** The weight spent in the last minute, as X-MBX-USED-WEIGHT-1m reports it. */
  used(now = Date.now()): number {
    while (this.head < this.window.length) {
      const entry = this.window[this.head];
      if (entry === undefined || entry.time > now - WINDOW_MS) break;
      this.total -= entry.weight;
      this.head++;
    }
    // Drop expired entries in bulk: a shift per request would cost the whole window each time.
    if (this.head > 1_024 && this.head * 2 > this.window.length) {
      this.window.splice(0, this.head);
      this.head = 0;
    }
    return this.total;
  }

  admit(weight: number, now = Date.now()): Admission {
    this.requests++;
    const used = this.used(now);
    if (now < this.bannedUntil) return this.refuseBanned(now, used);
    if (now < this.retryUntil) {
      this.bannedUntil = now + this.options.banMs;
      this.retryUntil = 0;
      return this.refuseBanned(now, used);
    }
    if (this.limited && used + weight > this.options.weightPerMinute) {
      this.rateLimited++;
      const retryAfterSeconds = Math.max(1, Math.ceil((this.freeAt(weight) - now) / 1000));
      this.retryUntil = now + retryAfterSeconds * 1000;
      return {
        admitted: false,
        status: 429,
        retryAfterSeconds,
        body: {
          code: -1003,
          msg: `Too much request weight used; current limit is ${this.options.weightPerMinute} request weight per 1 MINUTE. Please use the websocket for live updates to avoid polling the API.`,
        },
        used,
      };
    }
    this.window.push({ time: now, weight });
    this.total += weight;
    return { admitted: true, used: this.total };
  }

  /** When enough of the window has expired for `weight` to fit. */
  private freeAt(weight: number): number {
    let remaining = this.total;
    for (let i = this.head; i < this.window.length; i++) {
      const entry = this.window[i];
      if (entry === undefined) break;
      remaining -= entry.weight;
      if (remaining + weight <= this.options.weightPerMinute) return entry.time + WINDOW_MS;
    }
    return (this.window.at(-1)?.time ?? 0) + WINDOW_MS;
  }

  private refuseBanned(now: number, used: number): Admission {
    this.banned++;
    return {
      admitted: false,
      status: 418,
      retryAfterSeconds: Math.max(1, Math.ceil((this.bannedUntil - now) / 1000)),
      body: {
        code: -1003,
        msg: `Way too many requests; IP banned until ${this.bannedUntil}. Please use the websocket for live updates to avoid bans.`,
      },
      used,
    };
  }
}
