import type { Interval } from '@tickstream/schema';
import type { AlignedBar } from '../pairs/leg-aligner';
import { computeFigures, runOnFigures } from './backtest';
import { checkBars, deadline, type BacktestLimits } from './limits';
import type { BacktestMetrics } from './metrics';
import { BacktestParamError, resolveParams, type BacktestParams } from './params';

export interface SweepGrid {
  readonly entry: readonly number[];
  readonly exit: readonly number[];
  readonly window: readonly number[];
}

/** A metric a sweep can report per cell. */
export type SweepMetric = {
  [K in keyof BacktestMetrics]: BacktestMetrics[K] extends number | null ? K : never;
}[keyof BacktestMetrics];

export interface SweepCell {
  readonly entry: number;
  readonly exit: number;
  readonly window: number;
  /** null when the metric is undefined for the run, or the cell's parameters are invalid. */
  readonly value: number | null;
  readonly tradeCount: number;
  /** Why the cell was not run (e.g. exit ≥ entry). */
  readonly invalid?: string;
}

export interface SweepResult {
  readonly metric: SweepMetric;
  readonly grid: SweepGrid;
  /** Window-major, then entry, then exit: cells[(w·|entry| + e)·|exit| + x]. */
  readonly cells: readonly SweepCell[];
}

/**
 * The backtest over every (entry, exit, window) of the grid, the other parameters from `base`.
 * The figures are computed once per window. Bounded by `limits`: bars × cells against
 * `maxBars` before any work, the time budget between cells.
 */
export function runSweep(
  input: { readonly interval: Interval; readonly bars: readonly AlignedBar[] },
  base: Partial<BacktestParams>,
  grid: SweepGrid,
  metric: SweepMetric,
  limits?: BacktestLimits,
): SweepResult {
  const cellsCount = grid.entry.length * grid.exit.length * grid.window.length;
  checkBars(limits, input.bars.length, cellsCount);
  const check = deadline(limits);
  let seen = 0;
  const onBar = () => {
    if (++seen % 4096 === 0) check();
  };
  const cells: SweepCell[] = [];
  for (const window of grid.window) {
    let figures: ReturnType<typeof computeFigures> | undefined;
    for (const entry of grid.entry) {
      for (const exit of grid.exit) {
        let params: BacktestParams;
        try {
          params = resolveParams({ ...base, entry, exit, window });
        } catch (e) {
          if (!(e instanceof BacktestParamError)) throw e;
          cells.push({ entry, exit, window, value: null, tradeCount: 0, invalid: e.message });
          continue;
        }
        figures ??= computeFigures(input.interval, input.bars, window, params.zWindow, onBar);
        const { metrics } = runOnFigures(figures, input.interval, params);
        cells.push({ entry, exit, window, value: metrics[metric], tradeCount: metrics.tradeCount });
        check();
      }
    }
  }
  return { metric, grid, cells };
}
