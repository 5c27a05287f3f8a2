import type { PairDefaults } from './pair-spec';
import { decimal, defaultsOf, integer, setting, type SettingsValues } from './settings';

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
    doc: 'A price correlation below this (for CORRELATION_DWELL_BARS bars in a row) raises a correlation-break alert: correlated → broken.',
  }),
  correlationRestore: setting({
    env: 'CORRELATION_RESTORE',
    flag: 'correlation-restore',
    schema: decimal(-1, 1),
    default: 0.6,
    allowed: 'a number from -1 to 1, at least CORRELATION_BREAK',
    doc: 'After a break, a price correlation at or above this (for CORRELATION_DWELL_BARS bars in a row) raises a correlation-restored alert: broken → correlated.',
  }),
  correlationDwellBars: setting({
    env: 'CORRELATION_DWELL_BARS',
    flag: 'correlation-dwell-bars',
    schema: integer(1, 100_000),
    default: 20,
    allowed: 'an integer number of bars from 1 (at once) to 100000',
    doc: 'Bars in a row the correlation must stay past CORRELATION_BREAK or CORRELATION_RESTORE before its state changes and an alert is raised.',
  }),
  adfPValueLevel: setting({
    env: 'ADF_PVALUE_LEVEL',
    flag: 'adf-pvalue-level',
    schema: decimal(0, 1),
    default: 0.05,
    allowed: 'a number from 0 to 1',
    doc: 'An ADF p-value below this (for ADF_DWELL_BARS bars in a row) raises an adf-stationary alert: non-stationary → stationary.',
  }),
  adfPValueExit: setting({
    env: 'ADF_PVALUE_EXIT',
    flag: 'adf-pvalue-exit',
    schema: decimal(0, 1),
    default: 0.1,
    allowed: 'a number from 0 to 1, at least ADF_PVALUE_LEVEL',
    doc: 'An ADF p-value at or above this (for ADF_DWELL_BARS bars in a row) raises an adf-non-stationary alert: stationary → non-stationary.',
  }),
  adfDwellBars: setting({
    env: 'ADF_DWELL_BARS',
    flag: 'adf-dwell-bars',
    schema: integer(1, 100_000),
    default: 20,
    allowed: 'an integer number of bars from 1 (at once) to 100000',
    doc: 'Bars in a row the ADF p-value must stay past ADF_PVALUE_LEVEL or ADF_PVALUE_EXIT before the verdict changes and an alert is raised (the defaults cut the alerts on the 1s Binance tape from 46 to 3).',
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
    adfPValueExit: values.adfPValueExit,
    adfDwellBars: values.adfDwellBars,
    correlationRestore: values.correlationRestore,
    correlationDwellBars: values.correlationDwellBars,
  };
}

/** The settings of a pair when nothing is configured. */
export const PAIR_DEFAULTS: PairDefaults = pairDefaultsOf(defaultsOf(PAIR_SETTINGS));
