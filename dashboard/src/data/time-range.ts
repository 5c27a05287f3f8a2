import { INTERVAL_MS, intervalForSpan, type Interval } from './intervals';
import type { ViewState } from './url-state';

/** Bars a time range is drawn with at most: beyond this it is asked at a coarser interval. */
export const MAX_BARS = 1_500;

const RANGE_MS = { '1h': 3_600_000, '1d': 86_400_000 } as const;

/** What to ask the API for, given the chosen range and interval and the current time. */
export interface ResolvedRange {
  /** The interval asked: the chosen one, or coarser when the range holds too many bars. */
  readonly interval: Interval;
  readonly coarsened: boolean;
  readonly from: number | null;
  readonly to: number | null;
  /** Newest bars to ask for when there is no start (the live view). */
  readonly last: number | null;
  /** How many bars the range may hold at `interval` (pair analysis `points`). */
  readonly bars: number;
  /** Whether the range ends now, so live updates extend it. */
  readonly live: boolean;
  /** For "last hour/day": how far back the window reaches as it moves on; else null. */
  readonly rollingMs: number | null;
}

export function resolveRange(
  state: Pick<ViewState, 'range' | 'interval' | 'from' | 'to' | 'bars'>,
  now: number,
): ResolvedRange {
  if (state.range === 'live') {
    return {
      interval: state.interval,
      coarsened: false,
      from: null,
      to: null,
      last: state.bars,
      bars: state.bars,
      live: true,
      rollingMs: null,
    };
  }
  const from =
    state.range === 'custom' ? (state.from ?? now - RANGE_MS['1h']) : now - RANGE_MS[state.range];
  const to = state.range === 'custom' ? state.to : null;
  const span = Math.max(1, (to ?? now) - from);
  const interval = intervalForSpan(state.interval, span, MAX_BARS);
  return {
    interval,
    coarsened: interval !== state.interval,
    from,
    to,
    last: null,
    bars: Math.max(1, Math.min(MAX_BARS, Math.ceil(span / INTERVAL_MS[interval]))),
    live: to === null,
    rollingMs: state.range === 'custom' ? null : RANGE_MS[state.range],
  };
}
