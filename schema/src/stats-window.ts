import type { Interval } from './events';

/** A rolling statistics window: the last `bars` candles of one interval. */
export interface StatsWindow {
  readonly interval: Interval;
  readonly bars: number;
}

export const windowName = (w: StatsWindow) => `${w.bars}x${w.interval}`;

/** Parses `60x1m`, accepting only the given intervals; undefined when malformed. */
export function parseStatsWindow(
  text: string,
  intervals: readonly Interval[],
): StatsWindow | undefined {
  const match = /^(\d{1,5})x(\w+)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const interval = intervals.find((i) => i === match[2]);
  const bars = Number(match[1]);
  return interval && bars >= 2 ? { interval, bars } : undefined;
}
