import type { PairDefaults } from './pair-spec';
import {
  boolean,
  decimal,
  defaultsOf,
  integer,
  oneOf,
  setting,
  type SettingsValues,
} from './settings';

/** The settings every analysed pair gets unless it says otherwise (PAIRS, md.pair-config.v1). */
export const PAIR_SETTINGS = {
  pairOlsWindow: setting({
    env: 'PAIR_OLS_WINDOW',
    flag: 'pair-ols-window',
    schema: integer(3, 100_000),
    default: 60,
    allowed: 'an integer number of bars from 3 to 100000',
    doc: 'Bars in the rolling regression (hedge ratio) window; also the window of ADF, cointegration, half-life and Hurst.',
  }),
  pairZScoreWindow: setting({
    env: 'PAIR_ZSCORE_WINDOW',
    flag: 'pair-zscore-window',
    schema: integer(2, 100_000),
    default: 20,
    allowed: 'an integer number of bars from 2 to 100000',
    doc: 'Bars of spread in the z-score window (sample std, ddof 1).',
  }),
  pairCorrWindow: setting({
    env: 'PAIR_CORR_WINDOW',
    flag: 'pair-corr-window',
    schema: integer(2, 100_000),
    default: 60,
    allowed: 'an integer number of bars from 2 to 100000',
    doc: 'Bars in the rolling correlation window (prices and log returns).',
  }),
  pairTestEvery: setting({
    env: 'PAIR_TEST_EVERY',
    flag: 'pair-test-every',
    schema: integer(1, 100_000),
    default: 1,
    allowed: 'an integer number of bars from 1 to 100000',
    doc: 'Run the ADF and cointegration tests every k aligned bars (the other figures update on every bar).',
  }),
  zScoreEntry: setting({
    env: 'ZSCORE_ENTRY',
    flag: 'zscore-entry',
    schema: decimal(0, 100),
    default: 2,
    allowed: 'a number from 0 to 100',
    doc: 'A z-score beyond ±this raises a zscore-entry alert.',
  }),
  zScoreExit: setting({
    env: 'ZSCORE_EXIT',
    flag: 'zscore-exit',
    schema: decimal(0, 100),
    default: 0.5,
    allowed: 'a number from 0 to 100, below the entry threshold',
    doc: 'After an entry, a z-score back within ±this raises a zscore-exit alert.',
  }),
  correlationBreak: setting({
    env: 'CORRELATION_BREAK',
    flag: 'correlation-break',
    schema: decimal(-1, 1),
    default: 0.5,
    allowed: 'a number from -1 to 1',
    doc: 'A price correlation falling below this raises a correlation-break alert.',
  }),
  adfPValueLevel: setting({
    env: 'ADF_PVALUE_LEVEL',
    flag: 'adf-pvalue-level',
    schema: decimal(0, 1),
    default: 0.05,
    allowed: 'a number from 0 to 1',
    doc: 'The ADF p-value crossing this level raises adf-stationary / adf-non-stationary alerts.',
  }),
  // Paper trading (issue 16). These defaults are also the backtester's (analytics'
  // BACKTEST_DEFAULTS is built from them), so a paper run and a backtest agree unless told.
  paperTrading: setting({
    env: 'PAPER_TRADING',
    flag: 'paper-trading',
    schema: boolean(),
    default: false,
    allowed: 'true or false',
    doc: "Paper-trade every analysed pair: the backtest strategy runs on the pair's live figures and its orders and simulated fills go to md.signals.v1 and the signals table. No exchange order is placed.",
  }),
  paperHedge: setting({
    env: 'PAPER_HEDGE',
    flag: 'paper-hedge',
    schema: oneOf(['ols', 'kalman'] as const),
    default: 'ols' as 'ols' | 'kalman',
    allowed: 'ols or kalman',
    doc: 'Which hedge ratio and z-score paper trading follows: the rolling OLS ones or the Kalman ones.',
  }),
  paperFill: setting({
    env: 'PAPER_FILL',
    flag: 'paper-fill',
    schema: oneOf(['next-close', 'same-close'] as const),
    default: 'next-close' as 'next-close' | 'same-close',
    allowed: 'next-close or same-close (optimistic)',
    doc: "A paper signal at a bar's close fills at the next bar's close, or at the same close.",
  }),
  paperEntry: setting({
    env: 'PAPER_ENTRY',
    flag: 'paper-entry',
    schema: decimal(0.000001, 100),
    default: 2,
    allowed: 'a number above 0, up to 100',
    doc: 'Paper trading enters when |z| > this (short the spread above, long below).',
  }),
  paperExit: setting({
    env: 'PAPER_EXIT',
    flag: 'paper-exit',
    schema: decimal(0, 100),
    default: 0.5,
    allowed: 'a number from 0 to 100, below PAPER_ENTRY',
    doc: 'Paper trading exits when |z| ≤ this.',
  }),
  paperStop: setting({
    env: 'PAPER_STOP',
    flag: 'paper-stop',
    schema: decimal(0, 1000),
    default: 0,
    allowed: 'a number above PAPER_ENTRY, or 0 for no stop',
    doc: 'Paper trading exits when |z| ≥ this, then waits for |z| ≤ PAPER_ENTRY before entering again.',
  }),
  paperMaxBars: setting({
    env: 'PAPER_MAX_BARS',
    flag: 'paper-max-bars',
    schema: integer(0, 100_000_000),
    default: 0,
    allowed: 'an integer number of bars, or 0 for no limit',
    doc: 'Paper trading exits a position held this many bars.',
  }),
  paperCapital: setting({
    env: 'PAPER_CAPITAL',
    flag: 'paper-capital',
    schema: decimal(0.000001, 1e15),
    default: 10_000,
    allowed: 'a number above 0 (quote currency)',
    doc: "Notional of a paper position's y leg at entry; also the run's starting equity.",
  }),
  paperFeeBps: setting({
    env: 'PAPER_FEE_BPS',
    flag: 'paper-fee-bps',
    schema: decimal(0, 10_000),
    default: 0,
    allowed: 'a number of basis points from 0 to 10000',
    doc: "Fee of each paper fill per leg, in basis points of the leg's notional.",
  }),
  paperSlippageBps: setting({
    env: 'PAPER_SLIPPAGE_BPS',
    flag: 'paper-slippage-bps',
    schema: decimal(0, 10_000),
    default: 0,
    allowed: 'a number of basis points from 0 to 10000',
    doc: 'Each paper fill price moves against the trade by this many basis points.',
  }),
} as const;

/** A pair's settings from the settings' values. */
export function pairDefaultsOf(values: SettingsValues<typeof PAIR_SETTINGS>): PairDefaults {
  return {
    olsWindow: values.pairOlsWindow,
    zScoreWindow: values.pairZScoreWindow,
    corrWindow: values.pairCorrWindow,
    testEvery: values.pairTestEvery,
    zScoreEntry: values.zScoreEntry,
    zScoreExit: values.zScoreExit,
    correlationBreak: values.correlationBreak,
    adfPValueLevel: values.adfPValueLevel,
    paper: {
      enabled: values.paperTrading,
      hedge: values.paperHedge,
      fill: values.paperFill,
      entry: values.paperEntry,
      exit: values.paperExit,
      stop: values.paperStop === 0 ? null : values.paperStop,
      maxBars: values.paperMaxBars === 0 ? null : values.paperMaxBars,
      capital: values.paperCapital,
      feeBps: values.paperFeeBps,
      slippageBps: values.paperSlippageBps,
    },
  };
}

/** The settings of a pair when nothing is configured. */
export const PAIR_DEFAULTS: PairDefaults = pairDefaultsOf(defaultsOf(PAIR_SETTINGS));
