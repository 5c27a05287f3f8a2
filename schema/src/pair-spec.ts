import { INTERVALS, type Interval, type PaperTradingSpec } from './events';
import { PAIR_DEFAULTS } from './pair-settings';

/** One pair to analyse: y = symbolY regressed on x = symbolX, on bars of one interval. */
export interface PairSpec {
  readonly symbolX: string;
  readonly symbolY: string;
  readonly interval: Interval;
  readonly olsWindow: number;
  readonly zScoreWindow: number;
  readonly corrWindow: number;
  /** Run ADF, Engle–Granger, half-life and Hurst every k aligned bars (they cost O(window·lags)). */
  readonly testEvery: number;
  readonly zScoreEntry: number;
  readonly zScoreExit: number;
  /** A correlation of prices below this enters `broken` (correlation-break). */
  readonly correlationBreak: number;
  /** The spread enters `stationary` when the ADF p-value is below this (adf-stationary). */
  readonly adfPValueLevel: number;
  /** It leaves `stationary` when the p-value is at or above this (adf-non-stationary); ≥ level. */
  readonly adfPValueExit: number;
  /** Consecutive ADF figures past a level before the verdict changes (1: at once). */
  readonly adfDwellBars: number;
  /** The correlation is `correlated` again at or above this (correlation-restored); ≥ break. */
  readonly correlationRestore: number;
  /** Consecutive correlation figures past a level before its state changes (1: at once). */
  readonly correlationDwellBars: number;
  /** Paper trading of the pair on its own figures (absent: off); `pair-settings.ts` has the defaults. */
  readonly paper?: PaperTradingSpec;
}

/** A pair's settings besides its legs and interval. */
export type PairDefaults = Omit<PairSpec, 'symbolX' | 'symbolY' | 'interval'>;

/** `SYMBOLY/SYMBOLX`, the pair name used in events, tables and topic keys. */
export const pairName = (p: Pick<PairSpec, 'symbolX' | 'symbolY'>) => `${p.symbolY}/${p.symbolX}`;

/** `SYMBOLY/SYMBOLX@interval`: one pair on one interval. */
export const pairId = (p: Pick<PairSpec, 'symbolX' | 'symbolY' | 'interval'>) =>
  `${pairName(p)}@${p.interval}`;

/** Parses `ETHUSDT/BTCUSDT@1m` (y/x@interval) with the given defaults; undefined when malformed. */
export function parsePairSpec(
  text: string,
  defaults: Omit<PairSpec, 'symbolX' | 'symbolY' | 'interval'> = PAIR_DEFAULTS,
): PairSpec | undefined {
  const match = /^([A-Za-z0-9]{2,30})\/([A-Za-z0-9]{2,30})@(\w+)$/.exec(text.trim());
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const interval = INTERVALS.find((i) => i === match[3]);
  const symbolY = match[1].toUpperCase();
  const symbolX = match[2].toUpperCase();
  if (!interval || symbolX === symbolY) return undefined;
  return { ...defaults, symbolY, symbolX, interval };
}
