export interface HeatmapCell {
  readonly row: string;
  readonly column: string;
  readonly value: number | null;
  /** Two decimals, or an en dash when undefined. */
  readonly text: string;
  /** CSS colour: blue for negative, red for positive, stronger with |value|. */
  readonly color: string;
  /** Whether text on this cell needs to be light to stay readable. */
  readonly strong: boolean;
}

export interface Heatmap {
  readonly symbols: readonly string[];
  readonly rows: readonly (readonly HeatmapCell[])[];
}

/** Diverging colour for a correlation in [-1, 1]; undefined gets a neutral grey. */
export function correlationColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'rgba(128, 128, 128, 0.25)';
  const v = Math.max(-1, Math.min(1, value));
  const alpha = (0.12 + 0.78 * Math.abs(v)).toFixed(2);
  return v >= 0 ? `rgba(220, 70, 60, ${alpha})` : `rgba(50, 110, 220, ${alpha})`;
}

/** The correlationMatrix query's answer as rows of cells. */
export function toHeatmap(matrix: {
  readonly symbols: readonly string[];
  readonly values: readonly (readonly (number | null)[])[];
}): Heatmap {
  const rows = matrix.symbols.map((row, i) =>
    matrix.symbols.map((column, j) => {
      const raw = matrix.values[i]?.[j];
      const value = raw === null || raw === undefined || !Number.isFinite(raw) ? null : raw;
      return {
        row,
        column,
        value,
        text: value === null ? '–' : value.toFixed(2),
        color: correlationColor(value),
        strong: value !== null && Math.abs(value) > 0.6,
      };
    }),
  );
  return { symbols: matrix.symbols, rows };
}
