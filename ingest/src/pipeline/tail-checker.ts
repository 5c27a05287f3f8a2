import type { Logger } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import type { MessageOrigin } from '../types';
import { RateLimitedLog } from '../util/rate-limited-log';
import type { Sequencer } from './sequencer';

// A gap shows when a later trade arrives. At the end of a connection there may be no later
// trade for a long time (a quiet market, an illiquid symbol, the end of a tape), so the ids
// between the last trade seen and the reconnect would be lost without anyone knowing. The
// tail checker asks the exchange for each symbol's newest id after every (re)connect and
// subscription, and again whenever a symbol stays quiet; the sequencer turns ids beyond the
// last one seen into a gap, backfilled like any other.

export interface TailCheckerOptions {
  readonly sequencer: Pick<Sequencer, 'expectUpTo'>;
  readonly logger: Logger;
  /** A symbol without a trade this long is asked about again, at most once per period. */
  readonly intervalMs: number;
  /** Probes in flight at once, so gap backfills are not queued behind a burst of them (default 4). */
  readonly maxConcurrent?: number;
}

interface Watched {
  readonly key: string;
  readonly symbol: string;
  /** The session carrying the symbol now: where its gaps are fetched and what caused them. */
  origin: MessageOrigin;
  /** A (re)connect or subscription not yet checked. */
  connectCheckDue: boolean;
  lastTradeAt: number;
  lastTradeSession: number | undefined;
  lastProbeAt: number;
  queued: boolean;
  probing: boolean;
}

function connectReason(origin: MessageOrigin): string {
  const after = origin.cause === 'initial' ? 'new connection' : origin.cause;
  return `trailing gap after ${after}${origin.cause === 'initial' ? '' : ' of'} ${origin.connection}`;
}

export class TailChecker {
  private readonly watched = new Map<string, Watched>();
  private readonly queue: Watched[] = [];
  private readonly abort = new AbortController();
  private readonly failures: RateLimitedLog;
  private readonly maxConcurrent: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TailCheckerOptions) {
    this.failures = new RateLimitedLog(options.logger, 3, 60_000);
    this.maxConcurrent = options.maxConcurrent ?? 4;
  }

  start(): void {
    if (this.timer !== undefined || this.abort.signal.aborted) return;
    const every = Math.max(20, Math.min(1_000, this.options.intervalMs / 4));
    this.timer = setInterval(() => this.tick(Date.now()), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.abort.abort();
    this.queue.length = 0;
  }

  /** Every trade received (the hot path: one map look-up). */
  observe(trade: Trade, origin: MessageOrigin, receivedAt: number): void {
    const w = this.watched.get(`${trade.exchange}:${trade.symbol}`);
    if (w === undefined) return;
    w.lastTradeAt = receivedAt;
    w.lastTradeSession = origin.session;
  }

  /** A socket now carries these symbols: check each one's tail now. */
  subscribed(symbols: readonly string[], origin: MessageOrigin): void {
    const now = Date.now();
    for (const symbol of symbols) {
      const key = `${origin.exchange}:${symbol}`;
      let w = this.watched.get(key);
      if (w === undefined) {
        w = {
          key,
          symbol,
          origin,
          connectCheckDue: true,
          lastTradeAt: now,
          lastTradeSession: undefined,
          lastProbeAt: 0,
          queued: false,
          probing: false,
        };
        this.watched.set(key, w);
      }
      w.origin = origin;
      w.connectCheckDue = true;
      this.enqueue(w);
    }
  }

  /** Unsubscribed symbols are not checked any more. */
  forget(symbols: readonly string[]): void {
    const gone = new Set(symbols.map((s) => s.toUpperCase()));
    for (const [key, w] of this.watched) if (gone.has(w.symbol)) this.watched.delete(key);
  }

  private quiet(w: Watched, now: number): boolean {
    return now - w.lastTradeAt >= this.options.intervalMs;
  }

  private tick(now: number): void {
    // A failed connect-time check is tried again sooner than the quiet period.
    const retryMs = Math.min(this.options.intervalMs, 5_000);
    for (const w of this.watched.values()) {
      if (w.queued || w.probing) continue;
      const since = now - w.lastProbeAt;
      if (
        w.connectCheckDue
          ? since >= retryMs
          : this.quiet(w, now) && since >= this.options.intervalMs
      )
        this.enqueue(w);
    }
  }

  private enqueue(w: Watched): void {
    if (w.queued || this.abort.signal.aborted) return;
    w.queued = true;
    this.queue.push(w);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxConcurrent && this.queue.length > 0) {
      const w = this.queue.shift();
      if (w === undefined) break;
      w.queued = false;
      if (w.probing || this.watched.get(w.key) !== w) continue;
      // A trade from the new session shows any hole before it by itself.
      if (w.connectCheckDue && w.lastTradeSession === w.origin.session) w.connectCheckDue = false;
      if (!w.connectCheckDue && !this.quiet(w, Date.now())) continue;
      this.inFlight++;
      void this.probe(w).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async probe(w: Watched): Promise<void> {
    const origin = w.origin;
    const latestTradeId = origin.backfiller?.latestTradeId?.bind(origin.backfiller);
    if (latestTradeId === undefined) {
      w.connectCheckDue = false;
      return;
    }
    const reason = w.connectCheckDue
      ? connectReason(origin)
      : `trailing gap on a quiet symbol (no trade for ${Math.round((Date.now() - w.lastTradeAt) / 1000)} s)`;
    w.probing = true;
    w.lastProbeAt = Date.now();
    try {
      const latest = await latestTradeId(w.symbol, this.abort.signal);
      if (this.abort.signal.aborted) return;
      if (latest !== undefined) this.options.sequencer.expectUpTo(w.symbol, latest, origin, reason);
      if (w.origin === origin) w.connectCheckDue = false;
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.failures.warn(
        'tail-check',
        { symbol: w.symbol, err: error instanceof Error ? error.message : String(error) },
        'could not ask the exchange for the newest trade id; trying again later',
      );
    } finally {
      w.probing = false;
    }
  }
}
