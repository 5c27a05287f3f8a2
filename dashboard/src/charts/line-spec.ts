import type { LinePoint } from '../data/pair-series';

/** One line of a LineChart: the points array is the dataset's own (patched in place). */
export interface LineSpec {
  readonly label: string;
  readonly points: LinePoint[];
  /** Index into the theme's series colours. */
  readonly color: number;
  readonly dashed?: boolean;
  readonly width?: number;
}

/** A horizontal reference line (z-score bands, correlation levels). */
export interface BandSpec {
  readonly label: string;
  readonly value: number;
  readonly strong?: boolean;
}

/** The two-point line a band is drawn as, across the x extent of the data. */
export function bandPoints(lines: readonly LineSpec[], value: number): LinePoint[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    const first = line.points[0];
    const last = line.points[line.points.length - 1];
    if (first && first.x < min) min = first.x;
    if (last && last.x > max) max = last.x;
  }
  return Number.isFinite(min) && Number.isFinite(max)
    ? [
        { x: min, y: value },
        { x: max, y: value },
      ]
    : [];
}

/** Points drawn as markers only (backtest fills on the z-score chart), without a line. */
export interface MarkerSpec {
  readonly label: string;
  readonly points: LinePoint[];
  /** Index into the theme's series colours. */
  readonly color: number;
  /** Chart.js point style: entries and exits are told apart by shape, not colour alone. */
  readonly shape: 'triangle' | 'rectRot';
}
