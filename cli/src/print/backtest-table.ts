// The backtest on the terminal: a header line, a table of metrics, a table of trades, and for
// a sweep one grid of the metric per window. Pure functions of the run (no clock, no locale),
// so the tests can read the numbers back from the lines.

import type { BacktestRun, BacktestSweepOut } from '@tickstream/api';
import type { Interval } from '@tickstream/schema';
import { barTime, formatNumber, formatPrice } from './event-lines';

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
export function table(
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[],
): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) =>
        rightAligned[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

const money = (v: number) => formatNumber(v, 2, 2);
const percent = (v: number) => `${formatNumber(v * 100, 2, 2)} %`;
const orDash = (v: number | null, f: (x: number) => string) => (v === null ? '-' : f(v));

/** `ETHUSDT/BTCUSDT 1m 2024-09-02 00:00 → 2024-09-02 11:59, 720 bars` and the parameters. */
export function backtestHeader(run: BacktestRun | BacktestSweepOut): string {
  const interval = run.interval as Interval;
  return `${run.pair} ${interval} ${barTime(run.from, interval)} → ${barTime(run.to, interval)} UTC, ${run.bars} bars`;
}

function paramsLine(run: BacktestRun): string {
  const p = run.params;
  return [
    `fill ${p.fill}`,
    `hedge ${p.hedge}`,
    `entry ${p.entry}`,
    `exit ${p.exit}`,
    `stop ${p.stop ?? 'none'}`,
    `max bars ${p.maxBars ?? 'none'}`,
    `window ${p.window}`,
    `z window ${p.zWindow ?? p.window}`,
    `capital ${money(p.capital)}`,
    `fee ${p.feeBps} bps`,
    `slippage ${p.slippageBps} bps`,
  ].join(', ');
}

export function metricsTable(run: BacktestRun): string[] {
  const m = run.metrics;
  return table(
    [
      ['metric', 'value'],
      ['total P&L', money(m.totalPnl)],
      ['return', percent(m.totalReturn)],
      ['Sharpe', orDash(m.sharpe, (v) => formatNumber(v, 4, 4))],
      ['max drawdown', percent(m.maxDrawdown)],
      ['max drawdown (quote)', money(m.maxDrawdownAbs)],
      ['trades', String(m.tradeCount)],
      ['hit rate', orDash(m.hitRate, percent)],
      ['avg bars held', orDash(m.avgBarsHeld, (v) => formatNumber(v, 2, 2))],
      ['exposure', percent(m.exposure)],
      ['turnover', formatNumber(m.turnover, 4, 4)],
      ['fees paid', money(m.feesPaid)],
    ],
    [false, true],
  );
}

export function tradesTable(run: BacktestRun, limit = Number.POSITIVE_INFINITY): string[] {
  const interval = run.interval as Interval;
  const rows = run.trades
    .slice(0, limit)
    .map((t, i) => [
      String(i + 1),
      t.side,
      barTime(t.entryTime, interval),
      barTime(t.exitTime, interval),
      String(t.barsHeld),
      formatNumber(t.beta, 4, 4),
      formatPrice(t.entryPriceY),
      formatPrice(t.entryPriceX),
      formatPrice(t.exitPriceY),
      formatPrice(t.exitPriceX),
      t.reason,
      money(t.fees),
      money(t.pnl),
    ]);
  const header = [
    '#',
    'side',
    'entry (UTC)',
    'exit (UTC)',
    'bars',
    'beta',
    'entry y',
    'entry x',
    'exit y',
    'exit x',
    'reason',
    'fees',
    'P&L',
  ];
  const right = [true, false, false, false, true, true, true, true, true, true, false, true, true];
  return table([header, ...rows], right);
}

/** Everything `tickstream backtest` prints for one run. */
export function backtestLines(run: BacktestRun, tradeLimit?: number): string[] {
  const shown = Math.min(run.trades.length, tradeLimit ?? run.trades.length);
  return [
    backtestHeader(run),
    paramsLine(run),
    '',
    ...metricsTable(run),
    '',
    run.trades.length === 0 ? 'no trades' : `trades (${shown} of ${run.trades.length})`,
    ...(run.trades.length === 0 ? [] : tradesTable(run, tradeLimit)),
  ];
}

const cellText = (v: number | null | undefined, invalid?: string) =>
  invalid !== undefined ? 'invalid' : v === null || v === undefined ? '-' : formatNumber(v, 4, 4);

/** One grid per window: entries down, exits across, the metric in each cell. */
export function sweepLines(sweep: BacktestSweepOut): string[] {
  const lines = [backtestHeader(sweep), `${sweep.metric} per cell`];
  const { entries, exits, windows, cells } = sweep;
  windows.forEach((window, w) => {
    const rows = entries.map((entry, e) => [
      String(entry),
      ...exits.map((_, x) => {
        const cell = cells[(w * entries.length + e) * exits.length + x];
        return cellText(cell?.value, cell?.invalid);
      }),
    ]);
    lines.push(
      '',
      `window ${window}: entry ↓ exit →`,
      ...table([['entry', ...exits.map(String)], ...rows], [false, ...exits.map(() => true)]),
    );
  });
  return lines;
}
