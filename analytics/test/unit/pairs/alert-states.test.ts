import {
  adfRule,
  correlationRule,
  DwellHysteresis,
  zScoreRule,
  type StateChange,
} from '../../../src/pairs/alert-states';
import type { AlertState } from '@tickstream/schema';

/** The changes a series of figures makes, as [index of the figure, from, to]. */
function changes<S extends AlertState>(
  machine: DwellHysteresis<S>,
  figures: readonly number[],
): [number, S, S][] {
  const out: [number, S, S][] = [];
  figures.forEach((value, i) => {
    const change: StateChange<S> | undefined = machine.update(value);
    if (change) out.push([i, change.from, change.to]);
  });
  return out;
}

const adf = (dwell: number, level = 0.05, exit = 0.1) =>
  new DwellHysteresis(adfRule({ adfPValueLevel: level, adfPValueExit: exit, adfDwellBars: dwell }));

const correlation = (dwell: number, breakAt = 0.5, restore = 0.6) =>
  new DwellHysteresis(
    correlationRule({
      correlationBreak: breakAt,
      correlationRestore: restore,
      correlationDwellBars: dwell,
    }),
  );

describe('the ADF verdict under hysteresis', () => {
  it('takes its first state from the first figure, without a change', () => {
    const low = adf(3);
    expect(low.state).toBeUndefined();
    expect(low.update(0.01)).toBeUndefined();
    expect(low.state).toBe('stationary');
    const high = adf(3);
    expect(high.update(0.5)).toBeUndefined();
    expect(high.state).toBe('non-stationary');
    // In the band between the levels stationarity has not been shown.
    const band = adf(3);
    expect(band.update(0.07)).toBeUndefined();
    expect(band.state).toBe('non-stationary');
  });

  it('enters stationary below the enter level, and leaves at or above the leave level', () => {
    // dwell 1: at once
    expect(changes(adf(1), [0.5, 0.049, 0.0999, 0.1, 0.05, 0.04])).toEqual([
      [1, 'non-stationary', 'stationary'],
      [3, 'stationary', 'non-stationary'],
      [5, 'non-stationary', 'stationary'],
    ]);
  });

  it('keeps the state it has while the figure moves inside the band', () => {
    // Stationary, then p-values between 0.05 and 0.10 only: no change, however long.
    const m = adf(1);
    expect(changes(m, [0.01, 0.06, 0.09, 0.0999, 0.07, 0.05])).toEqual([]);
    expect(m.state).toBe('stationary');
    // Non-stationary, then the same band: no change either.
    const n = adf(1);
    expect(changes(n, [0.5, 0.06, 0.09, 0.05, 0.07])).toEqual([]);
    expect(n.state).toBe('non-stationary');
  });

  it('changes only on the dwell-th figure in a row past the level', () => {
    const m = adf(3);
    expect(
      changes(m, [
        0.5, // first figure: non-stationary
        0.01,
        0.02, // two below 0.05: not yet
        0.3, // back: the run is broken
        0.01,
        0.02,
        0.03, // three in a row: stationary at index 6
        0.2,
        0.07, // in the band: the run to non-stationary is broken
        0.2,
        0.2,
        0.1, // three in a row at or above 0.10: non-stationary at index 11
      ]),
    ).toEqual([
      [6, 'non-stationary', 'stationary'],
      [11, 'stationary', 'non-stationary'],
    ]);
  });

  it('reproduces the single-level rule with enter = leave and dwell 1', () => {
    const ps = [0.2, 0.04, 0.05, 0.049, 0.3, 0.01, 0.01, 0.06];
    const flips = ps.flatMap((p, i) =>
      i > 0 && p < 0.05 !== ps[i - 1]! < 0.05
        ? [[i, p < 0.05 ? 'stationary' : 'non-stationary']]
        : [],
    );
    expect(changes(adf(1, 0.05, 0.05), ps).map(([i, , to]) => [i, to])).toEqual(flips);
    expect(flips).toHaveLength(6);
  });

  it('refuses a dwell below one bar', () => {
    expect(() => adf(0)).toThrow(RangeError);
    expect(() => adf(1.5)).toThrow(RangeError);
  });
});

describe('the correlation state under hysteresis', () => {
  it('starts correlated, breaks below the break level and is restored at or above the restore level', () => {
    expect(changes(correlation(1), [0.9, 0.49, 0.55, 0.59, 0.6, 0.5, 0.499])).toEqual([
      [1, 'correlated', 'broken'],
      [4, 'broken', 'correlated'],
      [6, 'correlated', 'broken'],
    ]);
  });

  it('breaks at once on a low first figure when the dwell is 1, and after the dwell otherwise', () => {
    expect(changes(correlation(1), [0.2])).toEqual([[0, 'correlated', 'broken']]);
    expect(changes(correlation(2), [0.2, 0.3])).toEqual([[1, 'correlated', 'broken']]);
  });

  it('needs the dwell both ways, and the band between the levels breaks a run', () => {
    expect(
      changes(correlation(2), [0.9, 0.4, 0.7, 0.4, 0.4, 0.65, 0.55, 0.65, 0.61, 0.3, 0.9]),
    ).toEqual([
      [4, 'correlated', 'broken'],
      [8, 'broken', 'correlated'],
    ]);
  });
});

describe('the z-score state (hysteresis at once, as before)', () => {
  it('enters above / below beyond ±entry and is inside again within ±exit', () => {
    const m = new DwellHysteresis(zScoreRule({ zScoreEntry: 2, zScoreExit: 0.5 }));
    expect(changes(m, [0, 2, 2.1, 1, 0.6, -3, 0.4, -2.5, -0.49, 3])).toEqual([
      [2, 'inside', 'above'],
      // from above, -3 is not within the exit band: still above
      [6, 'above', 'inside'],
      [7, 'inside', 'below'],
      [8, 'below', 'inside'],
      [9, 'inside', 'above'],
    ]);
  });
});
