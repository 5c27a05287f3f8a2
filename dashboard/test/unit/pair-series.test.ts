import {
  lineChecksum,
  patchPairSeries,
  rollingMean,
  toPairSeries,
  type StoredPointInput,
} from '../../src/data/pair-series';

const T0 = Date.UTC(2024, 6, 19);

function point(i: number, extra: Partial<StoredPointInput> = {}): StoredPointInput {
  return {
    time: T0 + i * 1_000,
    priceX: 100 + i,
    priceY: 50 + i / 2,
    hedgeRatio: 0.5,
    intercept: 0,
    spread: i % 2 === 0 ? 1 : -1,
    zScore: i / 10,
    correlation: 0.9,
    kalmanHedgeRatio: 0.4,
    kalmanIntercept: 10,
    kalmanZScore: -i / 10,
    ...extra,
  };
}

describe('shaping pair analytics for the pair charts', () => {
  it('computes a rolling mean that waits for a full window and restarts after a gap', () => {
    expect(rollingMean([1, 2, 3, 4], 2)).toEqual([null, 1.5, 2.5, 3.5]);
    expect(rollingMean([1, 2, null, 4, 6], 2)).toEqual([null, 1.5, null, null, 5]);
  });

  it('rebases both legs to 100 at the first bar so they share an axis', () => {
    const series = toPairSeries([point(0), point(10)], 'ols', 2);
    expect(series.legX[0]?.y).toBe(100);
    expect(series.legX[1]?.y).toBeCloseTo(110, 10);
    expect(series.legY[0]?.y).toBe(100);
    expect(series.legY[1]?.y).toBeCloseTo(110, 10);
  });

  it('takes the OLS spread, z-score and hedge ratio as the API computed them', () => {
    const series = toPairSeries([point(0), point(1), point(2)], 'ols', 2);
    expect(series.spread.map((p) => p.y)).toEqual([1, -1, 1]);
    expect(series.spreadMean.map((p) => p.y)).toEqual([null, 0, 0]);
    expect(series.zScore.map((p) => p.y)).toEqual([0, 0.1, 0.2]);
    expect(series.hedgeRatio.map((p) => p.y)).toEqual([0.5, 0.5, 0.5]);
  });

  it('rebuilds the Kalman spread from the filter intercept and slope', () => {
    const series = toPairSeries([point(2)], 'kalman', 2);
    // y - (alpha + beta x) = 51 - (10 + 0.4 * 102)
    expect(series.spread[0]?.y).toBeCloseTo(0.2, 10);
    expect(series.zScore[0]?.y).toBe(-0.2);
    expect(series.hedgeRatio[0]?.y).toBe(0.4);
  });

  it('leaves gaps where the API has no figure instead of inventing one', () => {
    const series = toPairSeries(
      [point(0, { zScore: null, hedgeRatio: null, spread: null })],
      'ols',
      2,
    );
    expect(series.zScore[0]).toEqual({ x: T0, y: null });
    expect(series.hedgeRatio[0]?.y).toBeNull();
    expect(series.spread[0]?.y).toBeNull();
  });

  it('appends a live row in place, replaces a revision of the newest row and keeps the point limit', () => {
    const series = toPairSeries([point(0), point(1)], 'kalman', 2);
    const zArray = series.zScore;
    expect(patchPairSeries(series, point(2), 'kalman', 2, 2)).toBe('appended');
    expect(series.zScore).toBe(zArray);
    expect(series.zScore.map((p) => p.x)).toEqual([T0 + 1_000, T0 + 2_000]);
    expect(series.legX).toHaveLength(2);
    expect(series.spreadMean).toHaveLength(2);
    expect(patchPairSeries(series, point(2, { kalmanZScore: 3 }), 'kalman', 2, 2)).toBe('replaced');
    expect(series.zScore.at(-1)?.y).toBe(3);
    expect(patchPairSeries(series, point(0), 'kalman', 2, 2)).toBe('stale');
  });

  it('gives a different checksum when any value of a line changes', () => {
    const a = toPairSeries([point(0), point(1)], 'ols', 2).zScore;
    const b = toPairSeries([point(0), point(1, { zScore: 0.11 })], 'ols', 2).zScore;
    expect(lineChecksum(a)).not.toBe(lineChecksum(b));
    expect(lineChecksum(a)).toBe(lineChecksum(toPairSeries([point(0), point(1)], 'ols', 2).zScore));
  });
});
