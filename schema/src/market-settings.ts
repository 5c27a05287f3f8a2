import { INTERVALS, type Interval } from './events';
import { PAIR_SETTINGS, pairDefaultsOf } from './pair-settings';
import { parsePairSpec, type PairDefaults, type PairSpec } from './pair-spec';
import { defineSection, fromString, list, setting, z, type SettingsValues } from './settings';
import {
  SCREENER_SETTINGS,
  screenerProblems,
  screenerSpecOf,
  type ScreenerSpec,
} from './screener-settings';
import { parseStatsWindow, type StatsWindow } from './stats-window';

// What is materialized and analysed: the processors compute it and the API serves and
// validates against it, so both read this one section.

export const MARKET_SETTINGS = {
  candleIntervals: setting({
    env: 'CANDLE_INTERVALS',
    flag: 'candle-intervals',
    schema: fromString(z.array(z.enum(INTERVALS)).min(1), (s) =>
      s.split(',').map((part) => part.trim()),
    ),
    default: ['1s', '1m', '5m'] as Interval[],
    allowed: 'a comma-separated list of 1s, 1m, 5m, 15m, 1h, 4h, 1d',
    doc: 'Candle intervals materialized from trades; coarser ones are rolled up at query time.',
  }),
  statsWindows: setting({
    env: 'STATS_WINDOWS',
    flag: 'stats-windows',
    schema: list(z.string().regex(/^\d{1,5}x(1s|1m|5m|15m|1h|4h|1d)$/)).pipe(
      z.array(z.string()).min(1),
    ),
    default: ['60x1s', '60x1m', '1440x1m'],
    allowed:
      'a comma-separated list of BARSxINTERVAL such as 60x1m (intervals must be materialized)',
    doc: 'Rolling statistics windows per symbol, in bars of a candle interval.',
  }),
  pairs: setting({
    env: 'PAIRS',
    flag: 'pairs',
    schema: list(
      z.string().regex(/^[A-Za-z0-9]{2,30}\/[A-Za-z0-9]{2,30}@(1s|1m|5m|15m|1h|4h|1d)$/),
    ),
    default: ['ETHUSDT/BTCUSDT@1m', 'ETHUSDT/BTCUSDT@1s'],
    allowed: 'a comma-separated list of Y/X@interval such as ETHUSDT/BTCUSDT@1m (y regressed on x)',
    doc: 'Pairs analysed continuously: y = first symbol regressed on x = second, on bars of the interval.',
  }),
  ...PAIR_SETTINGS,
  ...SCREENER_SETTINGS,
} as const;

/** The market section parsed: what the processors compute and the API serves. */
export interface MarketSettings {
  readonly intervals: readonly Interval[];
  readonly statsWindows: readonly StatsWindow[];
  readonly pairs: readonly PairSpec[];
  /** Settings of a configured pair, and of an added one where a request leaves them out. */
  readonly pairDefaults: PairDefaults;
  /** Every pair of a universe, screened (issue 15); null when SCREENER_SYMBOLS=none. */
  readonly screener: ScreenerSpec | null;
}

type MarketValues = SettingsValues<typeof MARKET_SETTINGS>;

function parseMarket(values: MarketValues): { market: MarketSettings; problems: string[] } {
  const problems: string[] = [];
  const intervals = values.candleIntervals;
  if (values.zScoreExit >= values.zScoreEntry) {
    problems.push(
      `ZSCORE_EXIT = ${String(values.zScoreExit)} must be below ZSCORE_ENTRY = ${String(values.zScoreEntry)}`,
    );
  }
  // A leave level inside the enter band would flip the state back and forth on one figure.
  if (values.adfPValueExit < values.adfPValueLevel) {
    problems.push(
      `ADF_PVALUE_EXIT = ${String(values.adfPValueExit)} must be at least ADF_PVALUE_LEVEL = ${String(values.adfPValueLevel)}`,
    );
  }
  if (values.correlationRestore < values.correlationBreak) {
    problems.push(
      `CORRELATION_RESTORE = ${String(values.correlationRestore)} must be at least CORRELATION_BREAK = ${String(values.correlationBreak)}`,
    );
  }
  if (values.paperExit >= values.paperEntry)
    problems.push(
      `PAPER_EXIT = ${values.paperExit} must be below PAPER_ENTRY = ${values.paperEntry}`,
    );
  if (values.paperStop !== 0 && values.paperStop <= values.paperEntry)
    problems.push(
      `PAPER_STOP = ${values.paperStop} must be above PAPER_ENTRY = ${values.paperEntry}, or 0`,
    );
  const statsWindows: StatsWindow[] = [];
  for (const text of values.statsWindows) {
    const window = parseStatsWindow(text, intervals);
    if (window) statsWindows.push(window);
    else {
      problems.push(
        `STATS_WINDOWS entry "${text}" needs at least 2 bars of an interval in CANDLE_INTERVALS (${intervals.join(',')})`,
      );
    }
  }
  const pairDefaults = pairDefaultsOf(values);
  const pairs: PairSpec[] = [];
  for (const text of values.pairs) {
    const spec = parsePairSpec(text, pairDefaults);
    if (spec && intervals.includes(spec.interval)) pairs.push(spec);
    else {
      problems.push(
        `PAIRS entry "${text}" must be Y/X@interval with two different symbols and an interval in CANDLE_INTERVALS (${intervals.join(',')})`,
      );
    }
  }
  problems.push(...screenerProblems(values, intervals));
  return {
    market: { intervals, statsWindows, pairs, pairDefaults, screener: screenerSpecOf(values) },
    problems,
  };
}

export const MARKET_SECTION = defineSection({
  settings: MARKET_SETTINGS,
  check: (values) => parseMarket(values).problems,
});

/** The parsed market section; its values must have passed the section's check. */
export function marketSettings(values: MarketValues): MarketSettings {
  const { market, problems } = parseMarket(values);
  if (problems.length > 0) throw new RangeError(`Invalid market settings: ${problems.join('; ')}`);
  return market;
}
