import type { TtlCache } from './ttl-cache';
import type { FeedListener } from '../live/live-feed';
import { tags, type LiveState } from '../operations/context';

const MAX_RECENT_GAPS = 50;

export interface CachePolicyOptions {
  readonly cache: TtlCache;
  readonly catalogCache: TtlCache;
  readonly live: LiveState;
  /** The finest materialized interval: its closes are the newest prices. */
  readonly finest: string;
}

/**
 * The API's cache policy, as the live feed's listener: new data for a symbol drops what was
 * computed from that symbol's data; a symbol or pair seen for the first time drops the catalog.
 * It also keeps the newest prices and the recent gaps the status queries show.
 */
export function cachePolicy(options: CachePolicyOptions): FeedListener {
  const { cache, catalogCache, live, finest } = options;
  const known = new Set<string>();
  return {
    onCandle(c) {
      cache.invalidate(tags.candles(c.symbol));
      if (c.final) cache.invalidate(tags.finalCandles(c.symbol));
      if (!known.has(c.symbol)) {
        known.add(c.symbol);
        cache.invalidate(tags.catalog);
        catalogCache.invalidate(tags.catalog);
      }
      if (c.interval === finest) {
        const seen = live.lastPrices.get(c.symbol);
        if (!seen || seen.barStart <= c.start)
          live.lastPrices.set(c.symbol, { price: c.close, barStart: c.start });
      }
    },
    onTrade: (t) => cache.invalidate(tags.trades(t.symbol)),
    onPairAnalytics(p) {
      cache.invalidate(tags.pair(p.pair));
      if (!known.has(p.pair)) {
        known.add(p.pair);
        cache.invalidate(tags.catalog);
      }
    },
    onAlert: () => cache.invalidate(tags.alerts),
    onTradeGap(g) {
      live.recentGaps.unshift(g);
      live.recentGaps.length = Math.min(live.recentGaps.length, MAX_RECENT_GAPS);
    },
  };
}
