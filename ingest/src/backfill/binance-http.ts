import { TickstreamError, type Logger } from '@tickstream/core';
import { WeightBudget } from '../util/rate-limiter';

// One client per process for Binance's REST market data, so the gap backfill and the history
// share one request-weight budget: Binance counts weight per IP, not per caller. The budget
// follows the exchange's own count (X-MBX-USED-WEIGHT-1m) as well as its own, and a 429 stops
// every caller until its Retry-After has passed, so no request is ever sent into a ban (418).

export interface BinanceHttpOptions {
  /** Default https://fapi.binance.com. */
  readonly restUrl?: string;
  /** Sent as X-MBX-APIKEY when set (historicalTrades is a MARKET_DATA endpoint). */
  readonly apiKey?: string;
  /** REST weight this process may spend per minute (default 1200, half of Binance's IP limit). */
  readonly weightPerMinute?: number;
  readonly requestTimeoutMs?: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

export interface BinanceHttpStats {
  requests: number;
  weightSpent: number;
  rateLimited: number;
  /** The exchange's count of this IP's weight in the current minute, from its last answer. */
  usedWeight1m: number | undefined;
}

/** Binance's request weight limit per IP and minute (USD-M market data). */
const BINANCE_IP_WEIGHT_PER_MINUTE = 2_400;

function retryAfterMs(response: Response): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

export class BinanceHttp {
  readonly restUrl: string;
  readonly weightPerMinute: number;
  private readonly budget: WeightBudget;
  private readonly fetchFn: typeof fetch;
  readonly stats: BinanceHttpStats = {
    requests: 0,
    weightSpent: 0,
    rateLimited: 0,
    usedWeight1m: undefined,
  };

  constructor(private readonly options: BinanceHttpOptions) {
    this.restUrl = (options.restUrl ?? 'https://fapi.binance.com').replace(/\/+$/, '');
    this.weightPerMinute = options.weightPerMinute ?? 1200;
    this.budget = new WeightBudget(this.weightPerMinute);
    this.fetchFn = options.fetch ?? fetch;
  }

  /** GET `path` with `params`, after taking `weight` from the budget; the parsed JSON body. */
  async get(
    path: string,
    params: Readonly<Record<string, string | number>>,
    weight: number,
    signal: AbortSignal,
  ): Promise<unknown> {
    const query = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const url = `${this.restUrl}${path}?${query}`;
    await this.budget.take(weight, signal);
    signal.throwIfAborted();
    this.stats.requests++;
    this.stats.weightSpent += weight;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers['X-MBX-APIKEY'] = this.options.apiKey;
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    let response: Response;
    try {
      response = await this.fetchFn(url, { headers, signal: AbortSignal.any([signal, timeout]) });
    } catch (error) {
      signal.throwIfAborted();
      throw new TickstreamError('BACKFILL_UNREACHABLE', `cannot reach ${url}`, {
        cause: error,
        retriable: true,
      });
    }
    this.observeUsedWeight(response);
    if (response.status === 429 || response.status === 418) {
      // 429: over the limit; 418: banned for ignoring 429s. Both say how long to stay away.
      const wait = retryAfterMs(response);
      this.stats.rateLimited++;
      this.budget.pauseUntil(Date.now() + wait);
      await response.body?.cancel();
      this.options.logger.warn(
        { status: response.status, retryAfterMs: wait, path },
        'Binance asked to slow down; every REST caller waits',
      );
      throw new TickstreamError(
        'BACKFILL_RATE_LIMITED',
        `Binance asked to wait ${wait} ms (HTTP ${response.status})`,
        { retriable: true },
      );
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new TickstreamError(
        'BACKFILL_HTTP_ERROR',
        `${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`,
        { retriable: response.status >= 500 },
      );
    }
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      throw new TickstreamError('BACKFILL_BAD_RESPONSE', `${url} did not answer JSON`, {
        cause: error,
        retriable: true,
      });
    }
  }

  /**
   * Other clients on the same IP spend weight too: when the exchange counts this minute's
   * weight near the IP's limit (Binance: 2,400, or this process's budget when that is set
   * higher), wait for the next minute rather than draw a 429. Below that, this process's own
   * budget paces it; pausing on its own spending would halve its rate.
   */
  private observeUsedWeight(response: Response): void {
    const header = response.headers.get('x-mbx-used-weight-1m');
    const used = header === null ? Number.NaN : Number(header);
    if (!Number.isFinite(used)) return;
    this.stats.usedWeight1m = used;
    if (used >= Math.max(BINANCE_IP_WEIGHT_PER_MINUTE, this.weightPerMinute) * 0.95) {
      const now = Date.now();
      this.budget.pauseUntil(now + 60_000 - (now % 60_000) + 50);
    }
  }
}
