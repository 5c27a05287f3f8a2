export interface BackoffOptions {
  /** First delay (default 1 s); doubles on each consecutive failure. */
  readonly initialMs?: number;
  /** Largest delay, jitter included (default 8 s, the older platform's cap). */
  readonly maxMs?: number;
  /** Each delay is spread by ± this share of itself (default 0.2), so clients do not reconnect in lockstep. */
  readonly jitter?: number;
  /** A connection that stayed up this long resets the sequence to `initialMs` (default 60 s). */
  readonly resetAfterMs?: number;
  /** Injected for tests; defaults to Math.random. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, 8 s … Reset by `reset()` (the
 * connection delivered data: the peer works, so the next drop is a fresh incident) or after a
 * stable period. The cap is hard: jitter never pushes a delay above `maxMs`.
 */
export class Backoff {
  private attempt = 0;
  private upSince: number | undefined;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = Math.max(this.initialMs, options.maxMs ?? 8_000);
    this.jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
    this.resetAfterMs = options.resetAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The connection is up: if it stays up for `resetAfterMs`, the next failure starts over. */
  succeeded(now: number): void {
    this.upSince = now;
  }

  /** Starts the sequence over at once (the connection delivered data). */
  reset(): void {
    this.attempt = 0;
  }

  /** The connection failed or dropped: how long to wait before the next attempt. */
  nextDelay(now: number): number {
    if (this.upSince !== undefined && now - this.upSince >= this.resetAfterMs) this.attempt = 0;
    this.upSince = undefined;
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const spread = base * this.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(Math.min(this.maxMs, base + spread)));
  }

  /** Consecutive failures since the last reset. */
  get failures(): number {
    return this.attempt;
  }
}
