import {
  adfTest,
  cointTest,
  createRollingPairState,
  fitOls,
  halfLife,
  hurstExponent,
  priceStats,
  spreadSeries,
} from '../../../src/numerics';
import { valueOf } from './helpers/maybe';
import { ar1Path, createRng, gbmPath } from './helpers/prng';

function cointegratedPair(seed: number, n: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = gbmPath(rng, n, 3000, 0.0025);
  const noise = ar1Path(rng, n, 0.85, 4);
  return { x, y: x.map((v, i) => 2.5 + 1.7 * v + (noise[i] as number)) };
}

describe('rolling pair state', () => {
  const { x, y } = cointegratedPair(71, 900);
  const state = createRollingPairState({
    olsWindow: 60,
    zScoreWindow: 20,
    corrWindow: 60,
    testWindow: 500,
  });
  const early = { adf: state.adf(), coint: state.coint() };
  for (let i = 0; i < x.length; i++) state.update(x[i] as number, y[i] as number);

  test('answers the on-demand tests with window-not-full until testWindow bars have arrived', () => {
    expect(early.adf.reason).toBe('window-not-full');
    expect(early.coint.reason).toBe('window-not-full');
  });

  test('keeps the last testWindow bars, oldest first', () => {
    const w = state.window();
    expect(Array.from(w.x)).toEqual(Array.from(x.subarray(400)));
    expect(Array.from(w.y)).toEqual(Array.from(y.subarray(400)));
    expect(state.bars).toBe(900);
  });

  test('runs ADF, half-life and Hurst on the spread of the test window’s own OLS fit', () => {
    const wx = x.subarray(400);
    const wy = y.subarray(400);
    const fit = valueOf(fitOls(wx, wy), 'ols');
    const spread = spreadSeries(wx, wy, fit.beta, fit.alpha);
    expect(Array.from(valueOf(state.testSpread(), 'spread'))).toEqual(Array.from(spread));
    expect(state.adf({ regression: 'c', autoLag: 'AIC' })).toEqual(
      adfTest(spread, { regression: 'c', autoLag: 'AIC' }),
    );
    expect(state.halfLife()).toEqual(halfLife(spread));
    expect(state.hurst()).toEqual(hurstExponent(spread));
    expect(state.coint()).toEqual(cointTest(wy, wx));
    expect(state.priceStats()).toEqual({ x: priceStats(wx), y: priceStats(wy) });
    expect(valueOf(state.adf(), 'adf').pValue).toBeLessThan(0.01);
  });

  test('restarts the spread z-score window after a bar whose spread is null (x flat)', () => {
    const s = createRollingPairState({
      olsWindow: 5,
      zScoreWindow: 3,
      corrWindow: 5,
      kalman: null,
    });
    const xs = [10, 11, 12, 13, 14, 15, 15, 15, 15, 15, 16, 17, 18, 19];
    const rng = createRng(72);
    const figures = xs.map((v) => s.update(v, 2 * v + rng.normal()));
    // windows ending at 9 see x = 15 only
    expect(figures[9]?.reasons.spread).toBe('zero-variance');
    expect(figures[9]?.reasons.zScore).toBe('zero-variance');
    expect(figures[10]?.reasons.zScore).toBe('window-not-full');
    expect(figures[11]?.reasons.zScore).toBe('window-not-full');
    expect(figures[12]?.zScore).not.toBeNull();
    expect(figures[13]?.reasons.kalmanBeta).toBe('disabled');
  });
});
