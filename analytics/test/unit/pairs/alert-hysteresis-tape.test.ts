import { PAIR_DEFAULTS, type AlertKind, type AlertState, type PairSpec } from '@tickstream/schema';
import {
  PairEngine,
  type PairEngineOutput,
  type StatefulAlert,
} from '../../../src/pairs/pair-engine';
import { SPOT_TAPE, USDM_TAPE, tapeBars } from '../backtest/data';

// Issue 16, "Alerts that mean something": on the shared real Binance tape at 1s bars, ETH/BTC,
// the ADF verdict on a 60-bar spread flips back and forth on nearly every test. The counts
// below are measured, not bounds: a change to the engine or to the defaults must show here.

/** ETHUSDT on BTCUSDT at 1s with every default, as `PAIRS=ETHUSDT/BTCUSDT@1s` runs it. */
const DEFAULTS: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1s',
};

/** The rules before hysteresis: one ADF level (0.05) both ways, every change at once. */
const SINGLE_LEVEL: PairSpec = {
  ...DEFAULTS,
  adfPValueLevel: 0.05,
  adfPValueExit: 0.05,
  adfDwellBars: 1,
  correlationBreak: 0.5,
  correlationRestore: 0.6,
  correlationDwellBars: 1,
};

function run(spec: PairSpec, file: string): PairEngineOutput[] {
  const engine = new PairEngine(spec);
  const outputs: PairEngineOutput[] = [];
  for (const bar of tapeBars(file, 1000)) {
    engine.addLegClose('x', bar.time, bar.x);
    outputs.push(...engine.addLegClose('y', bar.time, bar.y));
  }
  return outputs;
}

interface Figure {
  readonly time: number;
  readonly value: number;
}

interface Change {
  readonly time: number;
  readonly kind: AlertKind;
  readonly fromState: AlertState;
  readonly toState: AlertState;
  readonly value: number;
  readonly threshold: number;
}

/**
 * A second statement of the ADF rule, written from the settings' documentation rather than
 * from the engine: the first p-value sets the verdict; afterwards `dwell` p-values in a row
 * below the level (when not stationary) or at or above the exit (when stationary) change it.
 */
function replayAdf(figures: readonly Figure[], level: number, exit: number, dwell: number) {
  const out: Change[] = [];
  let state: 'stationary' | 'non-stationary' | undefined;
  let run = 0;
  for (const { time, value: p } of figures) {
    if (state === undefined) {
      state = p < level ? 'stationary' : 'non-stationary';
      continue;
    }
    const away = state === 'stationary' ? p >= exit : p < level;
    run = away ? run + 1 : 0;
    if (run < dwell) continue;
    const to: 'stationary' | 'non-stationary' =
      state === 'stationary' ? 'non-stationary' : 'stationary';
    out.push({
      time,
      kind: to === 'stationary' ? 'adf-stationary' : 'adf-non-stationary',
      fromState: state,
      toState: to,
      value: p,
      threshold: to === 'stationary' ? level : exit,
    });
    state = to;
    run = 0;
  }
  return out;
}

/** The same for the price correlation, which starts correlated. */
function replayCorrelation(
  figures: readonly Figure[],
  breakAt: number,
  restore: number,
  dwell: number,
) {
  const out: Change[] = [];
  let state: 'correlated' | 'broken' = 'correlated';
  let run = 0;
  for (const { time, value: r } of figures) {
    const away = state === 'correlated' ? r < breakAt : r >= restore;
    run = away ? run + 1 : 0;
    if (run < dwell) continue;
    const to: 'correlated' | 'broken' = state === 'correlated' ? 'broken' : 'correlated';
    out.push({
      time,
      kind: to === 'broken' ? 'correlation-break' : 'correlation-restored',
      fromState: state,
      toState: to,
      value: r,
      threshold: to === 'broken' ? breakAt : restore,
    });
    state = to;
    run = 0;
  }
  return out;
}

/** The same for the z-score: beyond ±entry enters above / below, within ±exit inside. */
function replayZScore(figures: readonly Figure[], entry: number, exit: number) {
  const out: Change[] = [];
  let state: 'inside' | 'above' | 'below' = 'inside';
  for (const { time, value: z } of figures) {
    if (state === 'inside' && Math.abs(z) > entry) {
      const to = z > 0 ? 'above' : 'below';
      out.push({
        time,
        kind: 'zscore-entry',
        fromState: state,
        toState: to,
        value: z,
        threshold: z > 0 ? entry : -entry,
      });
      state = to;
    } else if (state !== 'inside' && Math.abs(z) < exit) {
      out.push({
        time,
        kind: 'zscore-exit',
        fromState: state,
        toState: 'inside',
        value: z,
        threshold: exit,
      });
      state = 'inside';
    }
  }
  return out;
}

const figuresOf = (
  outputs: readonly PairEngineOutput[],
  pick: (o: PairEngineOutput) => number | null,
) =>
  outputs.flatMap((o) => {
    const value = pick(o);
    return value === null ? [] : [{ time: o.analytics.time, value }];
  });

const alertsOf = (outputs: readonly PairEngineOutput[], prefix: string): StatefulAlert[] =>
  outputs.flatMap((o) => o.alerts).filter((a) => a.kind.startsWith(prefix));

const changesOf = (alerts: readonly StatefulAlert[]): Change[] =>
  alerts.map(({ time, kind, fromState, toState, value, threshold }) => ({
    time,
    kind,
    fromState,
    toState,
    value,
    threshold,
  }));

/** The state a figure shows on its own, where it is outside the band between the levels. */
const adfImplied = (p: number, spec: PairSpec) =>
  p < spec.adfPValueLevel ? 'stationary' : p >= spec.adfPValueExit ? 'non-stationary' : 'band';

describe.each([
  // tape, ADF alerts with a single level and no dwell, with the defaults; correlation alerts
  // with the old levels at once (breaks and restores), with the defaults
  {
    name: 'USD-M futures (the demo tape)',
    file: USDM_TAPE,
    adfBefore: 46,
    adfAfter: 3,
    corrBefore: 4,
    corrAfter: 4,
  },
  { name: 'spot', file: SPOT_TAPE, adfBefore: 36, adfAfter: 3, corrBefore: 10, corrAfter: 4 },
])('alerts on the shared $name tape, ETHUSDT/BTCUSDT at 1s bars', (tape) => {
  let before: PairEngineOutput[];
  let after: PairEngineOutput[];
  beforeAll(() => {
    before = run(SINGLE_LEVEL, tape.file);
    after = run(DEFAULTS, tape.file);
  });

  it(`raises ${tape.adfAfter} ADF alerts with the defaults, against ${tape.adfBefore} with one level and no dwell (10× fewer or better)`, () => {
    // The defaults these counts are for (schema/src/pair-settings.ts).
    expect([DEFAULTS.adfPValueLevel, DEFAULTS.adfPValueExit, DEFAULTS.adfDwellBars]).toEqual([
      0.05, 0.1, 20,
    ]);
    const adfBefore = alertsOf(before, 'adf-');
    const adfAfter = alertsOf(after, 'adf-');
    expect(adfBefore).toHaveLength(tape.adfBefore);
    expect(adfAfter).toHaveLength(tape.adfAfter);
    expect(adfAfter.length * 10).toBeLessThanOrEqual(adfBefore.length);
    // The single-level run is the rule before hysteresis: an alert at every bar whose verdict
    // (p < 0.05) differs from the previous bar's.
    const ps = figuresOf(before, (o) => o.analytics.adf?.pValue ?? null);
    const flips = ps.filter((f, i) => i > 0 && f.value < 0.05 !== ps[i - 1]!.value < 0.05);
    expect(adfBefore.map((a) => a.time)).toEqual(flips.map((f) => f.time));
    // The same figures in both runs: only the rule differs.
    expect(figuresOf(after, (o) => o.analytics.adf?.pValue ?? null)).toEqual(ps);
  });

  it('loses no ADF state change: the alerts are exactly the changes the rule makes of the figures', () => {
    for (const [spec, outputs] of [
      [SINGLE_LEVEL, before],
      [DEFAULTS, after],
    ] as const) {
      const figures = figuresOf(outputs, (o) => o.analytics.adf?.pValue ?? null);
      const alerts = alertsOf(outputs, 'adf-');
      expect(changesOf(alerts)).toEqual(
        replayAdf(figures, spec.adfPValueLevel, spec.adfPValueExit, spec.adfDwellBars),
      );
      const index = new Map(figures.map((f, i) => [f.time, i]));
      let state =
        adfImplied(figures[0]!.value, spec) === 'stationary' ? 'stationary' : 'non-stationary';
      for (const alert of alerts) {
        // Each alert leaves the state the one before it entered (the first, the first verdict)…
        expect(alert.fromState).toBe(state);
        expect(alert.toState).not.toBe(alert.fromState);
        // …and enters the state its bar's figure shows, as did the dwell's figures before it.
        const at = index.get(alert.time)!;
        const run = figures.slice(at - spec.adfDwellBars + 1, at + 1);
        expect(run).toHaveLength(spec.adfDwellBars);
        expect(run.map((f) => adfImplied(f.value, spec))).toEqual(run.map(() => alert.toState));
        expect(alert.value).toBe(figures[at]!.value);
        state = alert.toState;
      }
      // Nothing is left pending at the end: when the tape's last `dwell` figures all show one
      // state, it is the state the alerts left the pair in.
      const tail = new Set(figures.slice(-spec.adfDwellBars).map((f) => adfImplied(f.value, spec)));
      const [only] = tail;
      if (tail.size === 1 && only !== 'band') expect(only).toBe(state);
    }
  });

  it('words each ADF alert with the level crossed, the dwell and both states', () => {
    for (const alert of alertsOf(after, 'adf-')) {
      expect(alert.message).toMatch(
        alert.toState === 'stationary'
          ? /^ADF p-value \d+(\.\d+)? < 0\.05 for 20 bars: spread non-stationary → stationary$/
          : /^ADF p-value \d+(\.\d+)? >= 0\.1 for 20 bars: spread stationary → non-stationary$/,
      );
    }
    for (const alert of alertsOf(before, 'adf-')) {
      expect(alert.message).toMatch(/^ADF p-value \d+(\.\d+)? (<|>=) 0\.05: spread /);
    }
  });

  it(`raises ${tape.corrAfter} correlation alerts with the defaults (${tape.corrBefore} at once), each a change the rule makes of the figures`, () => {
    for (const [spec, outputs, expected] of [
      [SINGLE_LEVEL, before, tape.corrBefore],
      [DEFAULTS, after, tape.corrAfter],
    ] as const) {
      const figures = figuresOf(outputs, (o) => o.analytics.correlation);
      const alerts = alertsOf(outputs, 'correlation-');
      expect(alerts).toHaveLength(expected);
      expect(changesOf(alerts)).toEqual(
        replayCorrelation(
          figures,
          spec.correlationBreak,
          spec.correlationRestore,
          spec.correlationDwellBars,
        ),
      );
      alerts.forEach((alert, i) => {
        expect(alert.fromState).toBe(i === 0 ? 'correlated' : alerts[i - 1]!.toState);
        expect(alert.value < spec.correlationBreak).toBe(alert.toState === 'broken');
      });
    }
  });

  it('keeps the z-score alerts as they were: a change at every crossing, with its states', () => {
    const z = alertsOf(after, 'zscore-');
    expect(z.length).toBeGreaterThan(10);
    expect(changesOf(z)).toEqual(
      replayZScore(
        figuresOf(after, (o) => o.analytics.zScore),
        DEFAULTS.zScoreEntry,
        DEFAULTS.zScoreExit,
      ),
    );
    // The ADF and correlation settings do not touch them.
    expect(changesOf(alertsOf(before, 'zscore-'))).toEqual(changesOf(z));
  });
});
