import type { Logger } from '@tickstream/core';
import { TickstreamError } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import { mapBinanceRestTrade } from '../mappers/binance-rest';
import type { BackfillPage, Backfiller, MessageOrigin } from '../types';
import { Backoff } from '../util/backoff';
import { BinanceHttp, type BinanceHttpOptions } from './binance-http';
import { sleep } from '../util/sleep';

// Backfill by id through Binance's REST history. Only two USD-M endpoints take a starting
// id (`fromId`): /fapi/v1/historicalTrades for @trade ids (≤ 500 per call) and
// /fapi/v1/aggTrades for @aggTrade ids (≤ 1000 per call); /fapi/v1/trades only returns the
// latest trades and cannot reach back to a gap. Both cost 20 of the 2,400 weight per minute
// an IP may spend, so a backfill spends at most its own budget and obeys 429/418 Retry-After.

export interface BinanceBackfillOptions extends Omit<BinanceHttpOptions, 'logger'> {
  /** The process's REST client, whose weight budget the history shares (else one of its own). */
  readonly http?: BinanceHttp;
  readonly stream?: 'trade' | 'aggTrade';
  readonly exchange?: string;
  /** Consecutive failures of one page before the rest of the gap is given up (default 5). */
  readonly maxAttempts?: number;
  readonly logger: Logger;
  /** First retry delay after a failed page (default 1 s, doubling). */
  readonly retryInitialMs?: number;
}

const ENDPOINTS = {
  trade: { path: '/fapi/v1/historicalTrades', limit: 500, weight: 20, idField: 'id' },
  aggTrade: { path: '/fapi/v1/aggTrades', limit: 1000, weight: 20, idField: 'a' },
} as const;

// The newest id: /fapi/v1/trades (weight 5) answers the latest trades; /fapi/v1/aggTrades
// without fromId or times answers the latest aggregates.
const LATEST = {
  trade: { path: '/fapi/v1/trades', weight: 5 },
  aggTrade: { path: '/fapi/v1/aggTrades', weight: 20 },
} as const;

export class BinanceBackfiller implements Backfiller {
  private readonly endpoint: (typeof ENDPOINTS)[keyof typeof ENDPOINTS];
  private readonly kind: 'trade' | 'aggTrade';
  private readonly origin: MessageOrigin;
  private readonly http: BinanceHttp;

  constructor(private readonly options: BinanceBackfillOptions) {
    this.http = options.http ?? new BinanceHttp({ ...options, logger: options.logger });
    this.kind = options.stream ?? 'trade';
    this.endpoint = ENDPOINTS[this.kind];
    this.origin = {
      session: 0,
      cause: 'reconnect',
      connection: `${options.exchange ?? 'binance-futures'}-rest`,
      exchange: options.exchange ?? 'binance-futures',
      deadLetterSource: 'ingest/binance-rest',
      isKnownSymbol: () => true,
    };
  }

  async *fetch(
    symbol: string,
    fromId: number,
    toId: number,
    signal: AbortSignal,
  ): AsyncGenerator<BackfillPage> {
    let from = fromId;
    const backoff = new Backoff({ initialMs: this.options.retryInitialMs ?? 1_000, maxMs: 30_000 });
    const maxAttempts = this.options.maxAttempts ?? 5;
    let failures = 0;
    while (from <= toId && !signal.aborted) {
      const limit = Math.min(this.endpoint.limit, toId - from + 1);
      let body: unknown;
      try {
        body = await this.http.get(
          this.endpoint.path,
          { symbol, fromId: from, limit },
          this.endpoint.weight,
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        const retriable = error instanceof TickstreamError ? error.retriable : true;
        failures++;
        if (!retriable || failures >= maxAttempts) {
          const why = error instanceof Error ? error.message : String(error);
          throw new TickstreamError(
            'BACKFILL_FAILED',
            `backfill of ${symbol} from id ${from} gave up after ${failures} attempt(s): ${why}`,
            { cause: error },
          );
        }
        const delay = backoff.nextDelay(Date.now());
        this.options.logger.warn(
          { symbol, fromId: from, delayMs: delay, err: String(error) },
          'backfill page failed, retrying',
        );
        await sleep(delay, signal);
        continue;
      }
      failures = 0;
      if (!Array.isArray(body)) {
        throw new TickstreamError(
          'BACKFILL_FAILED',
          `${this.endpoint.path} did not answer with a list`,
        );
      }
      const receivedAt = Date.now();
      const trades: Trade[] = [];
      const rejected: {
        code: BackfillPage['rejected'][number]['code'];
        reason: string;
        raw: string;
      }[] = [];
      let lastId = from - 1;
      for (const item of body as unknown[]) {
        const result = mapBinanceRestTrade(item, this.kind, symbol, receivedAt, this.origin);
        if (result.kind === 'trade') {
          lastId = Math.max(lastId, result.trade.tradeId);
          if (result.trade.tradeId >= from && result.trade.tradeId <= toId)
            trades.push(result.trade);
        } else if (result.kind === 'reject') {
          rejected.push({
            code: result.code,
            reason: result.reason,
            raw: JSON.stringify(item) ?? String(item),
          });
        }
      }
      yield { trades, rejected };
      // Nothing at or after `from`: the exchange no longer (or not yet) has these ids.
      if (body.length === 0 || lastId < from) return;
      from = lastId + 1;
    }
  }

  async latestTradeId(symbol: string, signal: AbortSignal): Promise<number | undefined> {
    const latest = LATEST[this.kind];
    const body = await this.http.get(latest.path, { symbol, limit: 1 }, latest.weight, signal);
    if (!Array.isArray(body)) {
      throw new TickstreamError(
        'BACKFILL_BAD_RESPONSE',
        `${latest.path} did not answer with a list`,
        {
          retriable: true,
        },
      );
    }
    let newest: number | undefined;
    for (const item of body as unknown[]) {
      const result = mapBinanceRestTrade(item, this.kind, symbol, Date.now(), this.origin);
      if (result.kind === 'trade') newest = Math.max(newest ?? -1, result.trade.tradeId);
    }
    return newest;
  }
}
