import type { EquityPoint, Trade } from './strategy';

export interface BacktestMetrics {
  /** Last equity − capital. */
  readonly totalPnl: number;
  /** totalPnl / capital. */
  readonly totalReturn: number;
  /** mean / sample std of per-bar equity returns × √(barsPerYear); null with < 2 returns or zero std. */
  readonly sharpe: number | null;
  readonly barsPerYear: number;
  /** Largest fall from a running peak (starting at capital), as a fraction of that peak. */
  readonly maxDrawdown: number;
  /** The same in quote currency. */
  readonly maxDrawdownAbs: number;
  readonly tradeCount: number;
  /** Share of trades with pnl > 0; null without trades. */
  readonly hitRate: number | null;
  /** Mean bars from entry fill to exit fill; null without trades. */
  readonly avgBarsHeld: number | null;
  /** Share of bars whose close found a position held (after that bar's fills). */
  readonly exposure: number;
  /** Σ of every leg fill's notional / capital. */
  readonly turnover: number;
  readonly feesPaid: number;
  readonly bars: number;
}

const SECONDS_PER_YEAR = 365 * 86_400;

/** Crypto trades 24/7: 365 · 86,400 s / bar length. */
export const barsPerYear = (barMs: number): number => SECONDS_PER_YEAR / (barMs / 1000);

export function computeMetrics(
  equity: readonly EquityPoint[],
  trades: readonly Trade[],
  capital: number,
  barMs: number,
  tradedNotional: number,
  feesPaid: number,
): BacktestMetrics {
  const n = equity.length;
  const last = n > 0 ? (equity[n - 1] as EquityPoint).equity : capital;
  let mean = 0;
  let m2 = 0;
  let count = 0;
  let peak = capital;
  let maxDrawdown = 0;
  let maxDrawdownAbs = 0;
  let held = 0;
  for (let i = 0; i < n; i++) {
    const e = (equity[i] as EquityPoint).equity;
    if (i > 0) {
      const r = e / (equity[i - 1] as EquityPoint).equity - 1;
      // Welford: one pass, no cancellation on long flat stretches.
      count += 1;
      const d = r - mean;
      mean += d / count;
      m2 += d * (r - mean);
    }
    if (e > peak) peak = e;
    if (peak - e > maxDrawdownAbs) maxDrawdownAbs = peak - e;
    if ((peak - e) / peak > maxDrawdown) maxDrawdown = (peak - e) / peak;
    if ((equity[i] as EquityPoint).position !== 'flat') held += 1;
  }
  const std = count >= 2 ? Math.sqrt(m2 / (count - 1)) : 0;
  const perYear = barsPerYear(barMs);
  let wins = 0;
  let barsHeld = 0;
  for (const t of trades) {
    if (t.pnl > 0) wins += 1;
    barsHeld += t.barsHeld;
  }
  return {
    totalPnl: last - capital,
    totalReturn: (last - capital) / capital,
    sharpe: std > 0 ? (mean / std) * Math.sqrt(perYear) : null,
    barsPerYear: perYear,
    maxDrawdown,
    maxDrawdownAbs,
    tradeCount: trades.length,
    hitRate: trades.length > 0 ? wins / trades.length : null,
    avgBarsHeld: trades.length > 0 ? barsHeld / trades.length : null,
    exposure: n > 0 ? held / n : 0,
    turnover: tradedNotional / capital,
    feesPaid,
    bars: n,
  };
}
