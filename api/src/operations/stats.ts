import { computeSymbolStats, priceStats } from '@tickstream/analytics';
import type { Candle as CandleEvent, Interval } from '@tickstream/schema';
import type { Candle, SymbolStats } from '../generated/graphql';
import { reasonsList } from '../storage/analytics-store';
import { parseCount, parseInterval } from './args';
import type { CandlesOperations } from './candles';

export interface StatsArgs {
  readonly symbol: unknown;
  readonly interval: unknown;
  readonly window: unknown;
  readonly exchange?: unknown;
}

export const MAX_STATS_WINDOW = 100_000;

/** A stored bar as the processors' event type; imported bars carry no quote volume, so close × volume stands in. */
export function toCandleEvent(c: Candle): CandleEvent {
  const quoteVolume = c.quoteVolume ?? c.close * c.volume;
  return {
    type: 'candle',
    exchange: /^[a-z0-9-]{2,40}$/.test(c.exchange) ? c.exchange : 'imported',
    symbol: c.symbol,
    interval: c.interval as Interval,
    start: c.start,
    end: c.end,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    quoteVolume,
    buyVolume: c.buyVolume ?? 0,
    sellVolume: c.sellVolume ?? 0,
    tradeCount: Math.max(1, c.tradeCount),
    vwap: c.vwap ?? (c.volume > 0 ? quoteVolume / c.volume : c.close),
    firstTradeId: 0,
    lastTradeId: 0,
    version: c.version,
    final: c.final,
  };
}

/**
 * Statistics over the latest `window` final bars: the stats processor's own function for the
 * SymbolStats figures, and the numerics module's price statistics of closes and volumes for
 * the older platform's price_stats/volume_stats.
 */
export async function windowStats(
  candles: CandlesOperations,
  args: StatsArgs,
  bypassCache = false,
): Promise<SymbolStats | null> {
  const interval = parseInterval(args.interval);
  const window = parseCount(args.window, 'window', { min: 2, max: MAX_STATS_WINDOW });
  const bars = await candles.candles(
    { symbol: args.symbol, interval, exchange: args.exchange, last: window },
    { finalOnly: true, bypassCache },
  );
  if (bars.length === 0) return null;
  const stats = computeSymbolStats(bars.map(toCandleEvent), { interval, bars: window });
  const closes = priceStats(bars.map((b) => b.close));
  const volumes = priceStats(bars.map((b) => b.volume));
  const last = bars[bars.length - 1] as Candle;
  return {
    exchange: last.exchange,
    symbol: stats.symbol,
    window: stats.window,
    interval: stats.interval,
    bars: stats.bars,
    time: stats.time,
    lastPrice: stats.lastPrice,
    openPrice: stats.openPrice,
    change: stats.change,
    changePct: stats.changePct,
    high: stats.high,
    low: stats.low,
    volume: stats.volume,
    quoteVolume: stats.quoteVolume,
    vwap: stats.vwap,
    tradeCount: stats.tradeCount,
    meanClose: stats.meanClose,
    stdClose: stats.stdClose,
    realizedVolatility: stats.realizedVolatility,
    final: stats.final,
    nullReasons: reasonsList(stats.nullReasons),
    closeStats:
      closes.value === null
        ? null
        : {
            bars: closes.value.n,
            mean: closes.value.mean,
            std: closes.value.stdDdof1,
            min: closes.value.min,
            max: closes.value.max,
            first: closes.value.first,
            current: closes.value.current,
            changePct: closes.value.changePct,
          },
    volumeStats:
      volumes.value === null
        ? null
        : {
            mean: volumes.value.mean,
            std: volumes.value.stdDdof1,
            total: stats.volume,
          },
  };
}
