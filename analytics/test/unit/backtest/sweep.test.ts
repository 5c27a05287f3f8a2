import {
  BacktestLimitError,
  runBacktest,
  runSweep,
  type BacktestParams,
} from '../../../src/backtest';
import { syntheticBars } from './data';

const bars = syntheticBars(1500, 11);
const base: Partial<BacktestParams> = { stop: 3.5, feeBps: 2, slippageBps: 1 };
const grid = { entry: [1.5, 2, 2.5], exit: [0, 0.5, 2], window: [30, 60] };

describe('the parameter sweep', () => {
  it('gives in each cell the metric of the individual run, and null for invalid cells', () => {
    const sweep = runSweep({ interval: '1m', bars }, base, grid, 'sharpe');
    expect(sweep.cells).toHaveLength(18);
    let i = 0;
    let valid = 0;
    for (const window of grid.window)
      for (const entry of grid.entry)
        for (const exit of grid.exit) {
          const cell = sweep.cells[i++];
          expect([cell?.entry, cell?.exit, cell?.window]).toEqual([entry, exit, window]);
          if (exit >= entry) {
            expect(cell?.value).toBeNull();
            expect(cell?.invalid).toMatch(/exit must satisfy 0 ≤ exit < entry/);
            continue;
          }
          valid += 1;
          const single = runBacktest({ interval: '1m', bars }, { ...base, entry, exit, window });
          expect(cell?.value).toBe(single.metrics.sharpe);
          expect(cell?.tradeCount).toBe(single.metrics.tradeCount);
          expect(single.metrics.tradeCount).toBeGreaterThan(0);
        }
    // exit 2 is invalid with entry 1.5 and 2: two cells in each window.
    expect(valid).toBe(14);
    const values = new Set(sweep.cells.map((c) => c.value));
    expect(values.size).toBeGreaterThan(10);
  });

  it('refuses a sweep over its bar limit before any work, saying what to shrink', () => {
    let calls = 0;
    const run = () =>
      runSweep({ interval: '1m', bars }, base, grid, 'totalPnl', {
        maxBars: 1500 * 17,
        now: () => ++calls,
      });
    expect(run).toThrow(BacktestLimitError);
    try {
      run();
    } catch (e) {
      expect(e).toMatchObject({ code: 'bars-limit-exceeded', limit: 25_500, actual: 27_000 });
      expect((e as Error).message).toBe(
        'backtest would read 1500 bars × 18 cells = 27000 bar-runs, over the limit of 25500: shorten the time range, use a longer bar interval or fewer grid values',
      );
    }
    expect(calls).toBe(0);
    expect(() =>
      runSweep({ interval: '1m', bars }, base, grid, 'totalPnl', { maxBars: 1500 * 18 }),
    ).not.toThrow();
  });

  it('stops a sweep past its time budget with a typed error', () => {
    // A clock that advances 100 ms per reading: the budget of 450 ms runs out after a few cells.
    let t = 0;
    const now = () => (t += 100);
    let caught: unknown;
    try {
      runSweep({ interval: '1m', bars }, base, grid, 'sharpe', { timeBudgetMs: 450, now });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BacktestLimitError);
    expect(caught).toMatchObject({ code: 'time-budget-exceeded', limit: 450, actual: 500 });
    expect((caught as Error).message).toMatch(
      /^backtest stopped after 500 ms, over its time budget of 450 ms: shorten the time range/,
    );
  });

  it('counts the budget from startedAt when given, so time spent before the run counts', () => {
    // A frozen clock at 1,000 ms: the run itself takes no time on it, the 900 ms before do.
    const now = () => 1_000;
    const limits = { timeBudgetMs: 800, now };
    expect(() => runBacktest({ interval: '1m', bars }, {}, limits)).not.toThrow();
    expect(() => runBacktest({ interval: '1m', bars }, {}, { ...limits, startedAt: 100 })).toThrow(
      expect.objectContaining({ code: 'time-budget-exceeded', limit: 800, actual: 900 }),
    );
  });

  it('limits a single run the same way', () => {
    expect(() => runBacktest({ interval: '1m', bars }, {}, { maxBars: 1499 })).toThrow(
      'backtest would read 1500 bars, over the limit of 1499: shorten the time range, use a longer bar interval',
    );
  });
});
