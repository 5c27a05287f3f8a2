import type { AlertState, PairSpec } from '@tickstream/schema';

/** A change of state, as an alert reports it. */
export interface StateChange<S extends AlertState> {
  readonly from: S;
  readonly to: S;
}

export interface HysteresisRule<S extends AlertState> {
  /** The state before any figure, or the state the first figure sets (without an alert). */
  readonly initial: S | ((value: number) => S);
  /**
   * The state a figure points to from `state`: `state` itself while the figure has not passed
   * the level that leaves it. Separate enter and leave levels make the band between them keep
   * whatever state holds.
   */
  readonly target: (state: S, value: number) => S;
  /** Consecutive figures that must point to the same other state before it is entered (≥ 1). */
  readonly dwellBars: number;
}

/**
 * One figure's state under hysteresis and a dwell. A figure that merely touches the other side
 * of a level changes nothing: the state changes on the `dwellBars`-th figure in a row pointing
 * to the same other state, and that figure's bar is the change's. Figures that are missing
 * (null) are not fed: they neither count nor break a run. A minimum time in a state was
 * measured too and silences far less (see analytics/README.md): a verdict that flips on every
 * test keeps flipping once the hold is over, so a run of figures is asked for instead.
 */
export class DwellHysteresis<S extends AlertState> {
  private current: S | undefined;
  private pendingState: S | undefined;
  private pending = 0;

  constructor(private readonly rule: HysteresisRule<S>) {
    if (!Number.isInteger(rule.dwellBars) || rule.dwellBars < 1) {
      throw new RangeError(`dwellBars must be an integer of at least 1, got ${rule.dwellBars}`);
    }
    if (typeof rule.initial !== 'function') this.current = rule.initial;
  }

  /** The state now; undefined before the first figure when the first figure sets it. */
  get state(): S | undefined {
    return this.current;
  }

  /** Feeds the figure of the next bar; returns the change it completes, if any. */
  update(value: number): StateChange<S> | undefined {
    const { initial, target, dwellBars } = this.rule;
    if (this.current === undefined) {
      // Only a rule whose first figure sets the state gets here (see the constructor).
      this.current = typeof initial === 'function' ? initial(value) : initial;
      return undefined;
    }
    const next = target(this.current, value);
    if (next === this.current) {
      this.pendingState = undefined;
      this.pending = 0;
      return undefined;
    }
    this.pending = next === this.pendingState ? this.pending + 1 : 1;
    this.pendingState = next;
    if (this.pending < dwellBars) return undefined;
    const change = { from: this.current, to: next };
    this.current = next;
    this.pendingState = undefined;
    this.pending = 0;
    return change;
  }
}

export type ZScoreState = Extract<AlertState, 'inside' | 'above' | 'below'>;
export type CorrelationState = Extract<AlertState, 'correlated' | 'broken'>;
export type AdfState = Extract<AlertState, 'stationary' | 'non-stationary'>;

/** z beyond ±entry enters above / below; back within ±exit it is inside again. At once. */
export function zScoreRule(
  spec: Pick<PairSpec, 'zScoreEntry' | 'zScoreExit'>,
): HysteresisRule<ZScoreState> {
  const { zScoreEntry: entry, zScoreExit: exit } = spec;
  return {
    initial: 'inside',
    dwellBars: 1,
    target: (state, z) => {
      if (state === 'inside') return z > entry ? 'above' : z < -entry ? 'below' : 'inside';
      return Math.abs(z) < exit ? 'inside' : state;
    },
  };
}

/**
 * Price correlation: below `correlationBreak` it is broken, at or above `correlationRestore`
 * correlated again. A pair starts correlated, so a correlation low from the start is a break.
 */
export function correlationRule(
  spec: Pick<PairSpec, 'correlationBreak' | 'correlationRestore' | 'correlationDwellBars'>,
): HysteresisRule<CorrelationState> {
  return {
    initial: 'correlated',
    dwellBars: spec.correlationDwellBars,
    target: (state, r) =>
      state === 'correlated'
        ? r < spec.correlationBreak
          ? 'broken'
          : 'correlated'
        : r >= spec.correlationRestore
          ? 'correlated'
          : 'broken',
  };
}

/**
 * The ADF verdict on the spread: a p-value below `adfPValueLevel` enters stationary, one at or
 * above `adfPValueExit` leaves it. The first test sets the verdict without an alert (there is no
 * state to leave); in the band between the levels it is non-stationary, as stationarity has to
 * be shown below the enter level.
 */
export function adfRule(
  spec: Pick<PairSpec, 'adfPValueLevel' | 'adfPValueExit' | 'adfDwellBars'>,
): HysteresisRule<AdfState> {
  return {
    initial: (p: number) => (p < spec.adfPValueLevel ? 'stationary' : 'non-stationary'),
    dwellBars: spec.adfDwellBars,
    target: (state, p) =>
      state === 'non-stationary'
        ? p < spec.adfPValueLevel
          ? 'stationary'
          : 'non-stationary'
        : p >= spec.adfPValueExit
          ? 'non-stationary'
          : 'stationary',
  };
}
