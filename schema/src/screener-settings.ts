import { INTERVALS, type Interval } from './events';
import { duration, fromString, integer, oneOf, setting, z } from './settings';

/**
 * What the pair screener watches: every pair of a universe of symbols on one interval, with
 * its windows and test cadence. One definition for the screener stage and the API (which
 * answers for this interval and window by default).
 */
export interface ScreenerSpec {
  /** The symbols whose every pair is screened; `'*'` for every symbol with candles of the interval. */
  readonly symbols: readonly string[] | '*';
  readonly interval: Interval;
  /** Bars of the regression and test window (β, α, correlations, Engle–Granger, ADF, half-life, Hurst). */
  readonly window: number;
  /** Bars of spread in the z-score window. */
  readonly zScoreWindow: number;
  /** Each pair's tests run (and its row is written) every this many aligned bars. */
  readonly testEvery: number;
  /** Wall-clock ms a quiet symbol (no new bar while others have one) holds the universe back. */
  readonly maxWaitMs: number;
}

const SYMBOL = /^[A-Z0-9]{2,30}$/;

export const SCREENER_SETTINGS = {
  screenerSymbols: setting({
    env: 'SCREENER_SYMBOLS',
    flag: 'screener-symbols',
    schema: fromString(
      z.union([
        z.literal('*'),
        z.literal('none'),
        z.array(z.string().regex(SYMBOL)).min(2).max(400),
      ]),
      (s) =>
        s.trim() === '*' || s.trim().toLowerCase() === 'none'
          ? s.trim().toLowerCase()
          : s.split(',').map((part) => part.trim().toUpperCase()),
    ),
    default: '*' as '*' | 'none' | string[],
    allowed: '*, none, or a comma-separated list of 2 to 400 symbols such as BTCUSDT,ETHUSDT',
    doc: 'Symbols whose every pair the screener follows: * for every symbol with candles of the screener interval, none to turn it off.',
  }),
  screenerInterval: setting({
    env: 'SCREENER_INTERVAL',
    flag: 'screener-interval',
    schema: oneOf(INTERVALS),
    default: '1m' as Interval,
    allowed: 'one of 1s, 1m, 5m, 15m, 1h, 4h, 1d (must be in CANDLE_INTERVALS)',
    doc: 'Bar interval the screener aligns the universe on.',
  }),
  screenerWindow: setting({
    env: 'SCREENER_WINDOW',
    flag: 'screener-window',
    schema: integer(30, 5_000),
    default: 500,
    allowed: 'an integer number of bars from 30 to 5000',
    doc: 'Bars in the screener window: hedge ratio, correlations, Engle–Granger, ADF, half-life and Hurst of every pair.',
  }),
  screenerZScoreWindow: setting({
    env: 'SCREENER_ZSCORE_WINDOW',
    flag: 'screener-zscore-window',
    schema: integer(2, 5_000),
    default: 60,
    allowed: 'an integer number of bars from 2 to 5000',
    doc: "Bars of spread in the screener's z-score window (sample std, ddof 1).",
  }),
  screenerTestEvery: setting({
    env: 'SCREENER_TEST_EVERY',
    flag: 'screener-test-every',
    schema: integer(1, 10_000),
    default: 1,
    allowed: 'an integer number of bars from 1 to 10000',
    doc: "Each pair's tests run, and its row is written, every k aligned bars (spread evenly over the pairs); the rolling state updates every bar.",
  }),
  screenerMaxWait: setting({
    env: 'SCREENER_MAX_WAIT',
    flag: 'screener-max-wait',
    schema: duration(100, 3_600_000),
    default: 3_000,
    allowed: 'a duration from 100ms to 1h, such as 3s',
    doc: 'How long (wall clock) a quiet symbol, one with no new bar while others have one, holds a universe bar back; after that the bar closes and the symbol carries its last close.',
  }),
} as const;

export interface ScreenerValues {
  readonly screenerSymbols: '*' | 'none' | string[];
  readonly screenerInterval: Interval;
  readonly screenerWindow: number;
  readonly screenerZScoreWindow: number;
  readonly screenerTestEvery: number;
  readonly screenerMaxWait: number;
}

/** The screener of the settings, or null when `SCREENER_SYMBOLS=none`. */
export function screenerSpecOf(values: ScreenerValues): ScreenerSpec | null {
  if (values.screenerSymbols === 'none') return null;
  return {
    symbols: values.screenerSymbols === '*' ? '*' : [...new Set(values.screenerSymbols)].sort(),
    interval: values.screenerInterval,
    window: values.screenerWindow,
    zScoreWindow: values.screenerZScoreWindow,
    testEvery: values.screenerTestEvery,
    maxWaitMs: values.screenerMaxWait,
  };
}

/** Problems of the screener settings against the materialized intervals. */
export function screenerProblems(values: ScreenerValues, intervals: readonly Interval[]): string[] {
  const problems: string[] = [];
  if (values.screenerSymbols === 'none') return problems;
  if (!intervals.includes(values.screenerInterval))
    problems.push(
      `SCREENER_INTERVAL = ${values.screenerInterval} must be one of CANDLE_INTERVALS (${intervals.join(',')}), or set SCREENER_SYMBOLS=none`,
    );
  if (values.screenerZScoreWindow > values.screenerWindow)
    problems.push(
      `SCREENER_ZSCORE_WINDOW = ${values.screenerZScoreWindow} must not exceed SCREENER_WINDOW = ${values.screenerWindow}`,
    );
  return problems;
}
