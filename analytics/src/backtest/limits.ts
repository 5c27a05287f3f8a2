/** What one run (or one sweep) may cost; both optional, checked before and during the work. */
export interface BacktestLimits {
  /** Bars one run may read; a sweep counts bars × cells. */
  readonly maxBars?: number;
  /** Wall time for the whole run or sweep, in ms. */
  readonly timeBudgetMs?: number;
  /** The clock for the time budget (ms); defaults to performance.now. */
  readonly now?: () => number;
  /**
   * When the budget started, on `now`'s clock; defaults to the start of the run. A caller
   * that read the bars first passes its own start, so the budget covers the read too.
   */
  readonly startedAt?: number;
}

export type BacktestLimitCode = 'bars-limit-exceeded' | 'time-budget-exceeded';

/** A run refused or stopped by its limits; the message says what to shrink. */
export class BacktestLimitError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: BacktestLimitCode,
    readonly limit: number,
    readonly actual: number,
    message: string,
  ) {
    super(message);
    this.name = 'BacktestLimitError';
  }
}

export function checkBars(limits: BacktestLimits | undefined, bars: number, cells: number): void {
  const max = limits?.maxBars;
  if (max === undefined || bars * cells <= max) return;
  const what =
    cells === 1 ? `${bars} bars` : `${bars} bars × ${cells} cells = ${bars * cells} bar-runs`;
  throw new BacktestLimitError(
    'bars-limit-exceeded',
    max,
    bars * cells,
    `backtest would read ${what}, over the limit of ${max}: shorten the time range, use a longer bar interval${cells > 1 ? ' or fewer grid values' : ''}`,
  );
}

/** A deadline check to call between units of work. */
export function deadline(limits: BacktestLimits | undefined): () => void {
  const budget = limits?.timeBudgetMs;
  if (budget === undefined) return () => undefined;
  const now = limits?.now ?? (() => performance.now());
  const start = limits?.startedAt ?? now();
  return () => {
    const spent = now() - start;
    if (spent > budget)
      throw new BacktestLimitError(
        'time-budget-exceeded',
        budget,
        spent,
        `backtest stopped after ${Math.round(spent)} ms, over its time budget of ${budget} ms: shorten the time range, use a longer bar interval or fewer grid values`,
      );
  };
}
