import {
  finishStrategy,
  initialStrategyState,
  runBacktest,
  stepStrategy,
  computeFigures,
  resolveParams,
  type BacktestParams,
  type EquityPoint,
} from '../../../src/backtest';
import { SPOT_TAPE, syntheticBars, tapeBars } from './data';

const CASES: ReadonlyArray<readonly [string, Partial<BacktestParams>]> = [
  ['next-close with stop, maxBars and fees', { stop: 3, maxBars: 40, feeBps: 5, slippageBps: 1 }],
  ['same-close with stop and fees', { fill: 'same-close', stop: 3, feeBps: 5, slippageBps: 1 }],
  ['next-close on the Kalman hedge', { hedge: 'kalman', stop: 3 }],
];

describe('no look-ahead', () => {
  const bars = syntheticBars(2400, 7);
  it.each(CASES)(
    '%s: appending future bars never changes a past trade or a past equity point',
    (_, params) => {
      const full = runBacktest({ interval: '1m', bars }, { window: 50, ...params });
      expect(full.metrics.tradeCount).toBeGreaterThan(20);
      for (const cut of [120, 500, 911, 1500, 2399]) {
        const part = runBacktest(
          { interval: '1m', bars: bars.slice(0, cut) },
          { window: 50, ...params },
        );
        // The last point and an `end` trade belong to the range's end, which appending moves.
        expect(part.equity.slice(0, -1)).toEqual(full.equity.slice(0, cut - 1));
        const closed = part.trades.filter((t) => t.reason !== 'end');
        expect(closed).toEqual(full.trades.slice(0, closed.length));
        expect(part.trades.length - closed.length).toBeLessThanOrEqual(1);
        expect(full.trades[closed.length]?.exitIndex ?? cut).toBeGreaterThanOrEqual(cut - 1);
        const lastPart = part.equity[cut - 1] as EquityPoint;
        const lastFull = full.equity[cut - 1] as EquityPoint;
        // Unless a position is open at the cut, even the last point is the same.
        if (lastFull.position === 'flat' && part.trades.length === closed.length)
          expect(lastPart.equity).toBe(lastFull.equity);
      }
    },
  );

  it('stepping the strategy bar by bar (as a live trader would) gives the batch run exactly', () => {
    const params = resolveParams({ window: 40, entry: 1.5, exit: 0.3, stop: 2.5, feeBps: 3 });
    const tape = tapeBars(SPOT_TAPE, 1000);
    const batch = runBacktest({ interval: '1s', bars: tape }, params);
    const figures = computeFigures('1s', tape, params.window);
    let state = initialStrategyState();
    const points: EquityPoint[] = [];
    const trades = [];
    for (const f of figures) {
      const step = stepStrategy(state, f, params);
      state = step.state;
      points.push(step.point);
      trades.push(...step.trades);
    }
    const end = finishStrategy(state, params);
    trades.push(...end.trades);
    expect(batch.trades.length).toBeGreaterThan(5);
    expect(trades).toEqual(batch.trades);
    expect(points.slice(0, -1)).toEqual(batch.equity.slice(0, -1));
    expect(end.point).toEqual(batch.equity[batch.equity.length - 1]);
  });
});
