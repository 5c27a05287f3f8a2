import type { RegressionKind } from './url-state';

/** A point of the on-demand OLS analysis (PairAnalysisPoint). */
export interface OlsPointInput {
  readonly time: number;
  readonly priceX: number;
  readonly priceY: number;
  readonly hedgeRatio: number | null;
  readonly intercept: number | null;
  readonly spread: number | null;
  readonly zScore: number | null;
  readonly correlation: number | null;
}

/** A stored pair analytics row (PairAnalytics), which also carries the Kalman filter's figures. */
export interface StoredPointInput extends OlsPointInput {
  readonly kalmanHedgeRatio: number | null;
  readonly kalmanIntercept: number | null;
  readonly kalmanZScore: number | null;
}

/** Gaps are null so Chart.js breaks the line there instead of inventing values. */
export interface LinePoint {
  x: number;
  y: number | null;
}

/** Every line of the pair charts, each an array a Chart.js dataset takes as is. */
export interface PairSeries {
  /** Both legs rebased to 100 at the first bar, so they share an axis. */
  readonly legX: LinePoint[];
  readonly legY: LinePoint[];
  readonly spread: LinePoint[];
  /** The spread's rolling mean over the z-score window. */
  readonly spreadMean: LinePoint[];
  readonly zScore: LinePoint[];
  readonly hedgeRatio: LinePoint[];
  readonly correlation: LinePoint[];
  /** Prices the legs are rebased to (the first bar loaded). */
  baseX: number | null;
  baseY: number | null;
}

const LINES = [
  'legX',
  'legY',
  'spread',
  'spreadMean',
  'zScore',
  'hedgeRatio',
  'correlation',
] as const;

export function emptyPairSeries(): PairSeries {
  return {
    legX: [],
    legY: [],
    spread: [],
    spreadMean: [],
    zScore: [],
    hedgeRatio: [],
    correlation: [],
    baseX: null,
    baseY: null,
  };
}

const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/** Mean of the last `window` values at each point; null until `window` defined values in a row. */
export function rollingMean(values: readonly (number | null)[], window: number): (number | null)[] {
  const out: (number | null)[] = [];
  let sum = 0;
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      sum = 0;
      run = 0;
      out.push(null);
      continue;
    }
    sum += v;
    run++;
    if (run > window) {
      sum -= values[i - window] as number;
      run = window;
    }
    out.push(run === window ? sum / window : null);
  }
  return out;
}

/**
 * The pair charts' lines. OLS points come from `pairAnalysis` (the chosen windows); Kalman
 * points from stored analytics, whose spread is rebuilt from the filter's intercept and slope
 * (the API stores the Kalman z-score but not its spread).
 */
export function toPairSeries(
  points: readonly (OlsPointInput | StoredPointInput)[],
  regression: RegressionKind,
  zWindow: number,
): PairSeries {
  const series = emptyPairSeries();
  const baseX = points.find((p) => p.priceX > 0)?.priceX ?? null;
  const baseY = points.find((p) => p.priceY > 0)?.priceY ?? null;
  series.baseX = baseX;
  series.baseY = baseY;
  const spreads: (number | null)[] = [];
  for (const p of points) {
    const x = p.time;
    series.legX.push({ x, y: baseX === null ? null : (p.priceX / baseX) * 100 });
    series.legY.push({ x, y: baseY === null ? null : (p.priceY / baseY) * 100 });
    let spread: number | null;
    let z: number | null;
    let beta: number | null;
    if (regression === 'kalman' && 'kalmanHedgeRatio' in p) {
      beta = finite(p.kalmanHedgeRatio);
      const alpha = finite(p.kalmanIntercept);
      spread = beta === null || alpha === null ? null : p.priceY - (alpha + beta * p.priceX);
      z = finite(p.kalmanZScore);
    } else {
      beta = finite(p.hedgeRatio);
      spread = finite(p.spread);
      z = finite(p.zScore);
    }
    spreads.push(spread);
    series.spread.push({ x, y: spread });
    series.zScore.push({ x, y: z });
    series.hedgeRatio.push({ x, y: beta });
    series.correlation.push({ x, y: finite(p.correlation) });
  }
  rollingMean(spreads, zWindow).forEach((y, i) => {
    series.spreadMean.push({ x: (points[i] as OlsPointInput).time, y });
  });
  return series;
}

/**
 * Appends or replaces one stored row (a live Kalman update) in place, keeping at most
 * `maxPoints`; the spread mean is recomputed over the tail only.
 */
export function patchPairSeries(
  series: PairSeries,
  point: StoredPointInput,
  regression: RegressionKind,
  zWindow: number,
  maxPoints: number,
): 'appended' | 'replaced' | 'stale' {
  const n = series.zScore.length;
  const last = series.zScore[n - 1];
  if (last && point.time < last.x) return 'stale';
  const replace = last !== undefined && point.time === last.x;
  if (series.baseX === null && point.priceX > 0) series.baseX = point.priceX;
  if (series.baseY === null && point.priceY > 0) series.baseY = point.priceY;
  const one = toPairSeries([point], regression, zWindow);
  const at = (line: (typeof LINES)[number], p: LinePoint) => {
    if (replace) series[line][n - 1] = p;
    else series[line].push(p);
  };
  at('legX', {
    x: point.time,
    y: series.baseX === null ? null : (point.priceX / series.baseX) * 100,
  });
  at('legY', {
    x: point.time,
    y: series.baseY === null ? null : (point.priceY / series.baseY) * 100,
  });
  at('spread', one.spread[0] as LinePoint);
  at('zScore', one.zScore[0] as LinePoint);
  at('hedgeRatio', one.hedgeRatio[0] as LinePoint);
  at('correlation', one.correlation[0] as LinePoint);
  const tail = series.spread.slice(-zWindow).map((p) => p.y);
  at('spreadMean', { x: point.time, y: rollingMean(tail, zWindow).at(-1) ?? null });
  const excess = series.zScore.length - maxPoints;
  if (excess > 0) for (const line of LINES) series[line].splice(0, excess);
  return replace ? 'replaced' : 'appended';
}

/** A compact fingerprint of a line, so a page (and a test) can tell that it changed. */
export function lineChecksum(points: readonly LinePoint[]): string {
  let sum = 0;
  let weighted = 0;
  let defined = 0;
  points.forEach((p, i) => {
    if (p.y === null) return;
    sum += p.y;
    weighted += p.y * (i + 1);
    defined++;
  });
  return `${points.length}:${defined}:${sum.toFixed(6)}:${weighted.toFixed(6)}`;
}
