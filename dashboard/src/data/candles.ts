/** The fields of a candle the charts use (the CandleFields fragment satisfies it). */
export interface CandleInput {
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly tradeCount: number;
  readonly final: boolean;
  readonly version: number;
}

/** A chartjs-chart-financial data point. */
export interface OhlcPoint {
  x: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

export interface XyPoint {
  x: number;
  y: number;
}

/**
 * Candles as the price chart draws them. The arrays are the chart's own dataset arrays:
 * a live update mutates them in place and the chart redraws without being rebuilt.
 */
export interface PriceSeries {
  readonly ohlc: OhlcPoint[];
  readonly volume: XyPoint[];
  /** Revision and state of each bar, parallel to `ohlc`, to drop stale updates. */
  readonly versions: number[];
  readonly final: boolean[];
  readonly tradeCounts: number[];
  /** The interval's width in ms (from the first candle), or null while empty. */
  barMs: number | null;
}

export function emptyPriceSeries(): PriceSeries {
  return { ohlc: [], volume: [], versions: [], final: [], tradeCounts: [], barMs: null };
}

/** Candles in ascending time as chart datasets. */
export function toPriceSeries(candles: readonly CandleInput[]): PriceSeries {
  const series = emptyPriceSeries();
  for (const c of candles) patchCandle(series, c, Number.POSITIVE_INFINITY);
  return series;
}

export type PatchResult = 'appended' | 'replaced' | 'inserted' | 'stale' | 'too-old';

function setAt(series: PriceSeries, i: number, c: CandleInput): void {
  series.ohlc[i] = { x: c.start, o: c.open, h: c.high, l: c.low, c: c.close };
  series.volume[i] = { x: c.start, y: c.volume };
  series.versions[i] = c.version;
  series.final[i] = c.final;
  series.tradeCounts[i] = c.tradeCount;
}

function insertAt(series: PriceSeries, i: number, c: CandleInput): void {
  series.ohlc.splice(i, 0, { x: c.start, o: c.open, h: c.high, l: c.low, c: c.close });
  series.volume.splice(i, 0, { x: c.start, y: c.volume });
  series.versions.splice(i, 0, c.version);
  series.final.splice(i, 0, c.final);
  series.tradeCounts.splice(i, 0, c.tradeCount);
}

function dropFirst(series: PriceSeries, n: number): void {
  series.ohlc.splice(0, n);
  series.volume.splice(0, n);
  series.versions.splice(0, n);
  series.final.splice(0, n);
  series.tradeCounts.splice(0, n);
}

/**
 * Applies one candle update (partial, final or revision) in place: the open bar is replaced,
 * a new bar appended (dropping the oldest beyond `maxBars`), a revision of an older bar
 * replaces it. An update older than the bar already held (lower version, or partial after
 * final) changes nothing.
 */
export function patchCandle(series: PriceSeries, c: CandleInput, maxBars: number): PatchResult {
  series.barMs ??= c.end - c.start;
  const n = series.ohlc.length;
  // Live updates nearly always touch the newest bar: look from the end.
  let i = n - 1;
  while (i >= 0 && (series.ohlc[i] as OhlcPoint).x > c.start) i--;
  if (i >= 0 && (series.ohlc[i] as OhlcPoint).x === c.start) {
    const held = series.versions[i] as number;
    if (c.version < held || (series.final[i] === true && !c.final && c.version === held))
      return 'stale';
    setAt(series, i, c);
    return 'replaced';
  }
  if (i === n - 1) {
    insertAt(series, n, c);
    if (series.ohlc.length > maxBars) dropFirst(series, series.ohlc.length - maxBars);
    return 'appended';
  }
  if (i < 0 && n >= maxBars) return 'too-old';
  insertAt(series, i + 1, c);
  return 'inserted';
}

/** Drops bars that start before `from` (a rolling "last hour" moving on). */
export function trimBefore(series: PriceSeries, from: number): number {
  let n = 0;
  while (n < series.ohlc.length && (series.ohlc[n] as OhlcPoint).x < from) n++;
  if (n > 0) dropFirst(series, n);
  return n;
}

/** Figures the page shows about the candles on screen (and the end-to-end test reads). */
export interface PriceSummary {
  readonly bars: number;
  readonly firstStart: number | null;
  readonly lastStart: number | null;
  /** End of the newest bar: the exclusive end of what is shown. */
  readonly lastEnd: number | null;
  readonly lastClose: number | null;
  readonly lastFinal: boolean | null;
  readonly lastTradeCount: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export function summarizePrice(series: PriceSeries): PriceSummary {
  const n = series.ohlc.length;
  const first = series.ohlc[0];
  const last = series.ohlc[n - 1];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const p of series.ohlc) {
    if (p.l < low) low = p.l;
    if (p.h > high) high = p.h;
  }
  return {
    bars: n,
    firstStart: first?.x ?? null,
    lastStart: last?.x ?? null,
    lastEnd: last && series.barMs !== null ? last.x + series.barMs : null,
    lastClose: last?.c ?? null,
    lastFinal: n > 0 ? (series.final[n - 1] ?? null) : null,
    lastTradeCount: n > 0 ? (series.tradeCounts[n - 1] ?? null) : null,
    low: n > 0 ? low : null,
    high: n > 0 ? high : null,
  };
}
