import { PAIR_DEFAULTS } from '@tickstream/schema';

/** The strategy's parameters (issue 16, "The strategy, exactly"). */
export interface BacktestParams {
  /** `next-close` (default): a signal at the close of bar t fills at the close of t+1. `same-close` fills at t (optimistic). */
  readonly fill: 'next-close' | 'same-close';
  /** Which β and z drive the strategy: the rolling OLS figures or the Kalman ones. */
  readonly hedge: 'ols' | 'kalman';
  /** Enter when |z| > entry (short the spread above, long below). */
  readonly entry: number;
  /** Exit when |z| ≤ exit. */
  readonly exit: number;
  /** Exit when |z| ≥ stop; afterwards no re-entry until |z| ≤ entry. */
  readonly stop?: number;
  /** Exit when a signal bar is this many bars after the entry fill bar. */
  readonly maxBars?: number;
  /** Notional of the y leg at entry, in quote currency; also the equity at the start. */
  readonly capital: number;
  /** Fee per leg per fill, in basis points of the leg's notional at its fill price. */
  readonly feeBps: number;
  /** Each fill price moves against the trade by this many basis points. */
  readonly slippageBps: number;
  /** Rolling OLS window of the pair figures, in bars. */
  readonly window: number;
  /** Window of the spread's z-score, in bars; defaults to `window`. */
  readonly zWindow?: number;
}

const PAPER = PAIR_DEFAULTS.paper;
if (PAPER === undefined) throw new Error('PAIR_DEFAULTS must define the paper-trading defaults');

/**
 * The defaults are the pair settings' (schema's PAIR_SETTINGS, the one definition): a paper run
 * of a pair and a backtest of it then agree unless one is told otherwise.
 */
export const BACKTEST_DEFAULTS: BacktestParams = {
  fill: PAPER.fill,
  hedge: PAPER.hedge,
  entry: PAPER.entry,
  exit: PAPER.exit,
  capital: PAPER.capital,
  feeBps: PAPER.feeBps,
  slippageBps: PAPER.slippageBps,
  window: PAIR_DEFAULTS.olsWindow,
};

/** Invalid parameters: `field` names the parameter, the message says what it accepts. */
export class BacktestParamError extends Error {
  readonly code = 'invalid-backtest-params';
  readonly retriable = false;
  constructor(
    readonly field: keyof BacktestParams,
    message: string,
  ) {
    super(message);
    this.name = 'BacktestParamError';
  }
}

const finite = (v: number) => Number.isFinite(v);

/** Fills the defaults and checks every parameter; throws BacktestParamError on the first bad one. */
export function resolveParams(partial: Partial<BacktestParams> = {}): BacktestParams {
  const p: BacktestParams = { ...BACKTEST_DEFAULTS, ...partial };
  const fail = (field: keyof BacktestParams, message: string): never => {
    throw new BacktestParamError(field, message);
  };
  if (p.fill !== 'next-close' && p.fill !== 'same-close')
    fail('fill', `fill must be 'next-close' or 'same-close', got ${String(p.fill)}`);
  if (p.hedge !== 'ols' && p.hedge !== 'kalman')
    fail('hedge', `hedge must be 'ols' or 'kalman', got ${String(p.hedge)}`);
  if (!finite(p.entry) || p.entry <= 0) fail('entry', `entry must be a number > 0, got ${p.entry}`);
  if (!finite(p.exit) || p.exit < 0 || p.exit >= p.entry)
    fail('exit', `exit must satisfy 0 ≤ exit < entry (${p.entry}), got ${p.exit}`);
  if (p.stop !== undefined && (!finite(p.stop) || p.stop <= p.entry))
    fail('stop', `stop must be a number > entry (${p.entry}) or unset, got ${p.stop}`);
  if (p.maxBars !== undefined && (!Number.isInteger(p.maxBars) || p.maxBars < 1))
    fail('maxBars', `maxBars must be an integer ≥ 1 or unset, got ${p.maxBars}`);
  if (!finite(p.capital) || p.capital <= 0)
    fail('capital', `capital must be a number > 0, got ${p.capital}`);
  if (!finite(p.feeBps) || p.feeBps < 0) fail('feeBps', `feeBps must be ≥ 0, got ${p.feeBps}`);
  if (!finite(p.slippageBps) || p.slippageBps < 0)
    fail('slippageBps', `slippageBps must be ≥ 0, got ${p.slippageBps}`);
  if (!Number.isInteger(p.window) || p.window < 3)
    fail('window', `window must be an integer ≥ 3 bars, got ${p.window}`);
  if (p.zWindow !== undefined && (!Number.isInteger(p.zWindow) || p.zWindow < 2))
    fail('zWindow', `zWindow must be an integer ≥ 2 bars or unset, got ${p.zWindow}`);
  return p;
}
