/** Intervals the API knows (its SDL lists them), finest first. */
export const INTERVALS = ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

export const INTERVAL_MS: Readonly<Record<Interval, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && (INTERVALS as readonly string[]).includes(value);
}

/**
 * The interval to ask the API for so that `spanMs` fits in at most `maxBars` bars: the chosen
 * one when it fits, else the first coarser one that does. Candlesticks cannot be decimated by
 * Chart.js, so long ranges are asked coarser instead of drawn at full resolution.
 */
export function intervalForSpan(chosen: Interval, spanMs: number, maxBars: number): Interval {
  const start = INTERVALS.indexOf(chosen);
  for (const interval of INTERVALS.slice(start)) {
    if (spanMs / INTERVAL_MS[interval] <= maxBars) return interval;
  }
  return '1d';
}

/** The finest of the given intervals (e.g. a symbol's stored ones), or undefined. */
export function finestOf(intervals: readonly string[]): Interval | undefined {
  return INTERVALS.find((i) => intervals.includes(i));
}
