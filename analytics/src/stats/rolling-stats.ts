import { windowName, type Candle, type StatsWindow, type SymbolStats } from '@tickstream/schema';
import { priceStats } from '../numerics';

/**
 * Statistics of the bars of one window (oldest first, at most `window.bars` of them, the
 * newest being the row's time). Pure; figures that cannot be computed are null with a reason.
 */
export function computeSymbolStats(bars: readonly Candle[], window: StatsWindow): SymbolStats {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) throw new RangeError('computeSymbolStats needs at least one bar');
  let high = first.high;
  let low = first.low;
  let volume = 0;
  let quoteVolume = 0;
  let tradeCount = 0;
  const closes = new Float64Array(bars.length);
  bars.forEach((bar, i) => {
    if (bar.high > high) high = bar.high;
    if (bar.low < low) low = bar.low;
    volume += bar.volume;
    quoteVolume += bar.quoteVolume;
    tradeCount += bar.tradeCount;
    closes[i] = bar.close;
  });
  const stats = priceStats(closes);
  const nullReasons: Record<string, string> = {};
  let meanClose = last.close;
  let stdClose: number | null = null;
  let realizedVolatility: number | null = null;
  if (stats.value !== null) {
    meanClose = stats.value.mean;
    stdClose = stats.value.stdDdof1;
    realizedVolatility = stats.value.logReturnStdDdof1;
    if (stdClose === null)
      nullReasons['stdClose'] = `too few bars (${bars.length}) for a sample standard deviation`;
    if (realizedVolatility === null) {
      nullReasons['realizedVolatility'] =
        `too few bars (${bars.length}) for a standard deviation of log returns`;
    }
  } else {
    nullReasons['stdClose'] = stats.detail;
    nullReasons['realizedVolatility'] = stats.detail;
  }
  return {
    type: 'symbol-stats',
    exchange: last.exchange,
    symbol: last.symbol,
    window: windowName(window),
    interval: window.interval,
    bars: bars.length,
    time: last.start,
    lastPrice: last.close,
    openPrice: first.open,
    change: last.close - first.open,
    changePct: (last.close / first.open - 1) * 100,
    high,
    low,
    volume,
    quoteVolume,
    vwap: volume > 0 ? quoteVolume / volume : last.close,
    tradeCount,
    meanClose,
    stdClose,
    realizedVolatility,
    nullReasons,
    final: bars.every((b) => b.final),
  };
}
