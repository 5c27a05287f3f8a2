import type { PriceSummary } from './candles';
import type { ViewState } from './url-state';

export interface ExportLink {
  readonly label: string;
  readonly href: string;
  /** What the file holds, for the link's title. */
  readonly description: string;
}

const query = (params: Record<string, string | number | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined) q.set(k, String(v));
  return q.toString();
};

/**
 * The API's CSV export routes for what is on screen: the candles of the price chart over the
 * bars shown ([first bar start, last bar end)), the trades behind them, and the stored pair
 * analytics over the pair chart's span.
 */
export function exportLinks(
  state: Pick<ViewState, 'symbol' | 'x' | 'y'>,
  price: { readonly interval: string; readonly summary: PriceSummary },
  pair: { readonly interval: string; readonly from: number | null; readonly to: number | null },
  base = '',
): ExportLink[] {
  const links: ExportLink[] = [];
  const { firstStart, lastEnd } = price.summary;
  if (firstStart !== null && lastEnd !== null) {
    links.push({
      label: `Candles ${state.symbol} ${price.interval}`,
      href: `${base}/api/v1/candles.csv?${query({ symbol: state.symbol, interval: price.interval, from: firstStart, to: lastEnd })}`,
      description: 'the bars of the price chart',
    });
    links.push({
      label: `Trades ${state.symbol}`,
      href: `${base}/api/v1/trades.csv?${query({ symbol: state.symbol, from: firstStart, to: lastEnd })}`,
      description: 'the trades behind the bars of the price chart',
    });
  }
  if (pair.from !== null) {
    links.push({
      label: `Pair analytics ${state.y}/${state.x} ${pair.interval}`,
      href: `${base}/api/v1/pair-analytics.csv?${query({ symbolX: state.x, symbolY: state.y, interval: pair.interval, from: pair.from, to: pair.to })}`,
      description: "the pair processor's stored rows over the pair chart's span",
    });
  }
  return links;
}
