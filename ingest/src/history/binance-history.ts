import { TickstreamError } from '@tickstream/core';
import {
  INTERVAL_MS,
  validateCandle,
  type Candle,
  type Interval,
  type Trade,
} from '@tickstream/schema';
import type { BinanceHttp } from '../backfill/binance-http';
import { mapBinanceRestTrade } from '../mappers/binance-rest';
import type { MessageOrigin } from '../types';

// Binance USD-M's history endpoints, as pages the history runner writes one at a time:
//   GET /fapi/v1/klines    ≤ 1,500 bars a call; weight 1/2/5/10 by limit (<100, <500, ≤1000, more)
//   GET /fapi/v1/aggTrades ≤ 1,000 aggregates a call; weight 20; times at most 1 h apart

export const KLINES_LIMIT = 1_500;
export const AGG_TRADES_LIMIT = 1_000;
const AGG_TRADES_WEIGHT = 20;
const HOUR_MS = 3_600_000;

export function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

/** One kline array as a final bar (or undefined for a bar without trades). */
export function klineToCandle(
  item: unknown,
  exchange: string,
  symbol: string,
  interval: Interval,
  now: number,
): Candle | undefined {
  if (!Array.isArray(item) || item.length < 11) {
    throw new TickstreamError(
      'HISTORY_BAD_RESPONSE',
      `a ${symbol} ${interval} kline is not an array of 11 or more fields`,
    );
  }
  const [openTime, open, high, low, close, volume, , quoteVolume, count, takerBuyBase] =
    item as unknown[];
  const start = Number(openTime);
  const end = start + INTERVAL_MS[interval];
  const tradeCount = Number(count);
  if (tradeCount === 0) return undefined;
  const vol = Number(volume);
  const quote = Number(quoteVolume);
  const buy = Number(takerBuyBase);
  const candle: Candle = {
    type: 'candle',
    exchange,
    symbol,
    interval,
    start,
    end,
    open: Number(open),
    high: Number(high),
    low: Number(low),
    close: Number(close),
    volume: vol,
    quoteVolume: quote,
    buyVolume: buy,
    sellVolume: Math.max(0, vol - buy),
    tradeCount,
    vwap: vol > 0 ? quote / vol : Number(close),
    // A kline does not say which trades it holds.
    firstTradeId: 0,
    lastTradeId: 0,
    version: 1,
    final: end <= now,
    source: 'klines',
  };
  if (!validateCandle.is(candle)) {
    throw new TickstreamError(
      'HISTORY_BAD_RESPONSE',
      `the ${symbol} ${interval} kline at ${new Date(start).toISOString()} is not a valid bar: ${JSON.stringify(item).slice(0, 200)}`,
    );
  }
  return candle;
}

export interface AggTradesPage {
  readonly trades: readonly Trade[];
  /** The last aggregate id and time in the page (undefined when empty). */
  readonly lastAggId: number | undefined;
  readonly lastTime: number | undefined;
  readonly full: boolean;
  readonly rejected: number;
}

export class BinanceHistory {
  constructor(
    private readonly http: BinanceHttp,
    private readonly origin: MessageOrigin,
    /** 'trade' ingest ids trades: an aggregate stands for its trades f..l; 'aggTrade' ids aggregates. */
    private readonly stream: 'trade' | 'aggTrade',
  ) {}

  /** Bars of [from, to), oldest first, page by page. */
  async *klines(
    symbol: string,
    interval: Interval,
    from: number,
    to: number,
    signal: AbortSignal,
  ): AsyncGenerator<Candle[]> {
    const size = INTERVAL_MS[interval];
    let start = from;
    while (start < to) {
      const limit = Math.min(KLINES_LIMIT, Math.ceil((to - start) / size));
      const body = await this.http.get(
        '/fapi/v1/klines',
        { symbol, interval, startTime: start, endTime: to - 1, limit },
        klinesWeight(limit),
        signal,
      );
      if (!Array.isArray(body)) {
        throw new TickstreamError(
          'HISTORY_BAD_RESPONSE',
          '/fapi/v1/klines did not answer with a list',
        );
      }
      const now = Date.now();
      const bars: Candle[] = [];
      for (const item of body as unknown[]) {
        const bar = klineToCandle(item, this.origin.exchange, symbol, interval, now);
        if (bar !== undefined && bar.start >= start && bar.start < to) bars.push(bar);
      }
      yield bars;
      // Fewer bars than asked: nothing traded in the rest of the range (or not yet).
      if (body.length < limit) return;
      start += limit * size;
    }
  }

  /**
   * One page of aggregate trades: after `afterAggId` when given, else from `fromTime` (a
   * window of at most an hour, moved on while it is empty, up to `until`).
   */
  async aggTrades(
    symbol: string,
    position: { readonly afterAggId: number | undefined; readonly fromTime: number },
    until: number,
    signal: AbortSignal,
  ): Promise<AggTradesPage> {
    let body: unknown;
    if (position.afterAggId !== undefined) {
      body = await this.http.get(
        '/fapi/v1/aggTrades',
        { symbol, fromId: position.afterAggId + 1, limit: AGG_TRADES_LIMIT },
        AGG_TRADES_WEIGHT,
        signal,
      );
    } else {
      let start = position.fromTime;
      for (;;) {
        const end = Math.min(start + HOUR_MS - 1, until);
        body = await this.http.get(
          '/fapi/v1/aggTrades',
          { symbol, startTime: start, endTime: end, limit: AGG_TRADES_LIMIT },
          AGG_TRADES_WEIGHT,
          signal,
        );
        if (!Array.isArray(body) || body.length > 0 || end >= until) break;
        start = end + 1;
      }
    }
    if (!Array.isArray(body)) {
      throw new TickstreamError(
        'HISTORY_BAD_RESPONSE',
        '/fapi/v1/aggTrades did not answer with a list',
      );
    }
    return this.toPage(body as unknown[], symbol);
  }

  private toPage(items: readonly unknown[], symbol: string): AggTradesPage {
    const receivedAt = Date.now();
    const trades: Trade[] = [];
    let lastAggId: number | undefined;
    let lastTime: number | undefined;
    let rejected = 0;
    for (const item of items) {
      const mapped = mapBinanceRestTrade(item, 'aggTrade', symbol, receivedAt, this.origin);
      if (mapped.kind !== 'trade') {
        rejected++;
        continue;
      }
      lastAggId = mapped.trade.tradeId;
      lastTime = mapped.trade.tradeTime;
      if (this.stream === 'aggTrade') {
        trades.push(mapped.trade);
        continue;
      }
      const { f, l } = item as { f?: unknown; l?: unknown };
      if (typeof f !== 'number' || typeof l !== 'number' || !(l >= f && f >= 0)) {
        rejected++;
        continue;
      }
      trades.push({ ...mapped.trade, tradeId: l, firstTradeId: f });
    }
    return { trades, lastAggId, lastTime, full: items.length >= AGG_TRADES_LIMIT, rejected };
  }
}
