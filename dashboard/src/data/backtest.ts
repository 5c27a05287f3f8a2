import type { ApiProblem } from '../apollo/api-problem';
import type { BacktestInput, BacktestSweepInput } from '../generated/graphql';
import type { LinePoint } from './pair-series';
import type { RegressionKind, ViewState } from './url-state';

// The Backtest panel's pure parts: the form and what it sends, the metrics as the table shows
// them, the sweep as heatmap cells, trade markers on the z-score chart, and the equity lines.
// Numbers the API checks (exit < entry, stop > entry, window ≥ 3…) are left to it, so the
// panel shows the backtester's own words rather than a second set of rules that could drift.

export const FILLS = ['next-close', 'same-close'] as const;
export type FillKind = (typeof FILLS)[number];

/** The form as typed: strings, so a half-typed number is kept and reported, not dropped. */
export interface BacktestForm {
  readonly entry: string;
  readonly exit: string;
  /** Empty: no stop. */
  readonly stop: string;
  /** Empty: no cap on bars held. */
  readonly maxBars: string;
  readonly window: string;
  readonly zWindow: string;
  readonly hedge: RegressionKind;
  readonly fill: FillKind;
  readonly capital: string;
  readonly feeBps: string;
  readonly slippageBps: string;
  /** UTC, `YYYY-MM-DDTHH:MM` (a datetime-local input); empty: from the first stored bar. */
  readonly from: string;
  /** UTC, exclusive; empty: through the last stored bar. */
  readonly to: string;
}

/** The sweep's grid as typed: comma-separated levels and the one window of the heatmap. */
export interface SweepForm {
  readonly entries: string;
  readonly exits: string;
  readonly window: string;
  readonly metric: SweepMetric;
}

/** The numeric fields of BacktestMetrics a sweep can report per cell. */
export const SWEEP_METRICS = [
  'sharpe',
  'totalPnl',
  'totalReturn',
  'maxDrawdown',
  'tradeCount',
  'hitRate',
  'avgBarsHeld',
  'exposure',
  'turnover',
  'feesPaid',
] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface PairTarget {
  readonly x: string;
  readonly y: string;
  readonly interval: string;
}

/** `YYYY-MM-DDTHH:MM` in UTC for a datetime-local input, or '' for null. */
export function toUtcInput(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 16);
}

/** Epoch ms of a datetime-local value read as UTC; null when empty or not a time. */
export function fromUtcInput(value: string): number | null {
  if (value.trim() === '') return null;
  const ms = Date.parse(`${value.trim()}${value.trim().length === 16 ? ':00' : ''}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The form prefilled from the pair view: its window, z window, bands and regression, and the
 * span of bars on the z-score chart ([first bar, last bar + one interval)), so the trades can
 * be marked on the chart they were read from.
 */
export function defaultBacktestForm(
  view: Pick<ViewState, 'window' | 'zWindow' | 'entry' | 'exit' | 'regression'>,
  span: { readonly from: number | null; readonly to: number | null },
): BacktestForm {
  return {
    entry: String(view.entry),
    exit: String(view.exit),
    stop: '',
    maxBars: '',
    window: String(view.window),
    zWindow: String(view.zWindow),
    hedge: view.regression,
    fill: 'next-close',
    capital: '10000',
    feeBps: '0',
    slippageBps: '0',
    from: toUtcInput(span.from),
    to: toUtcInput(span.to),
  };
}

/** A grid around the form's bands, the form's window, Sharpe. */
export function defaultSweepForm(form: Pick<BacktestForm, 'entry' | 'exit' | 'window'>): SweepForm {
  const levels = (base: readonly number[], own: string) => {
    const n = Number(own);
    const all = Number.isFinite(n) && own.trim() !== '' ? [...base, n] : [...base];
    return [...new Set(all)].sort((a, b) => a - b).join(', ');
  };
  return {
    entries: levels([1, 1.5, 2, 2.5, 3], form.entry),
    exits: levels([0, 0.25, 0.5, 1], form.exit),
    window: form.window,
    metric: 'sharpe',
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function num(
  errors: FieldError[],
  field: string,
  raw: string,
  opts: { integer?: boolean; optional?: boolean } = {},
): number | undefined {
  const text = raw.trim();
  if (text === '') {
    if (!opts.optional) errors.push({ field, message: `${field} is required` });
    return undefined;
  }
  if (!NUMBER.test(text)) {
    errors.push({ field, message: `${field} must be a number, got "${text}"` });
    return undefined;
  }
  const value = Number(text);
  if (opts.integer && !Number.isInteger(value)) {
    errors.push({ field, message: `${field} must be a whole number of bars, got ${text}` });
    return undefined;
  }
  return value;
}

function range(errors: FieldError[], form: Pick<BacktestForm, 'from' | 'to'>) {
  const from = fromUtcInput(form.from);
  const to = fromUtcInput(form.to);
  if (form.from.trim() !== '' && from === null)
    errors.push({ field: 'from', message: `from is not a time: "${form.from}"` });
  if (form.to.trim() !== '' && to === null)
    errors.push({ field: 'to', message: `to is not a time: "${form.to}"` });
  if (from !== null && to !== null && to <= from)
    errors.push({ field: 'to', message: 'to must be after from' });
  return { from, to };
}

/**
 * The BacktestInput the form asks for. Only what cannot be sent is refused here (a field that
 * is not a number, a range that ends before it starts); the API checks the rest.
 */
export function backtestInputOf(form: BacktestForm, pair: PairTarget): Parsed<BacktestInput> {
  const errors: FieldError[] = [];
  const entry = num(errors, 'entry', form.entry);
  const exit = num(errors, 'exit', form.exit);
  const stop = num(errors, 'stop', form.stop, { optional: true });
  const maxBars = num(errors, 'maxBars', form.maxBars, { integer: true, optional: true });
  const window = num(errors, 'window', form.window, { integer: true });
  const zWindow = num(errors, 'zWindow', form.zWindow, { integer: true });
  const capital = num(errors, 'capital', form.capital);
  const feeBps = num(errors, 'feeBps', form.feeBps);
  const slippageBps = num(errors, 'slippageBps', form.slippageBps);
  const { from, to } = range(errors, form);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      symbolX: pair.x,
      symbolY: pair.y,
      interval: pair.interval,
      ...(from !== null ? { from } : {}),
      ...(to !== null ? { to } : {}),
      fill: form.fill,
      hedge: form.hedge,
      entry,
      exit,
      ...(stop !== undefined ? { stop } : {}),
      ...(maxBars !== undefined ? { maxBars } : {}),
      capital,
      feeBps,
      slippageBps,
      window,
      zWindow,
    },
  };
}

function list(errors: FieldError[], field: string, raw: string): number[] {
  const parts = raw
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) errors.push({ field, message: `${field} must list at least one level` });
  const values: number[] = [];
  for (const p of parts) {
    if (NUMBER.test(p)) values.push(Number(p));
    else errors.push({ field, message: `${field}: "${p}" is not a number` });
  }
  return values;
}

/** The sweep over entry × exit at one window, with the form's other parameters. */
export function sweepInputOf(
  form: BacktestForm,
  sweep: SweepForm,
  pair: PairTarget,
): Parsed<BacktestSweepInput> {
  const base = backtestInputOf(form, pair);
  const errors: FieldError[] = base.ok ? [] : [...base.errors];
  const entries = list(errors, 'entries', sweep.entries);
  const exits = list(errors, 'exits', sweep.exits);
  const window = num(errors, 'sweep window', sweep.window, { integer: true });
  if (!base.ok || errors.length > 0 || window === undefined) return { ok: false, errors };
  const { entry: _entry, exit: _exit, window: _window, ...rest } = base.value;
  return {
    ok: true,
    value: { ...rest, entries, exits, windows: [window], metric: sweep.metric },
  };
}

/** The metrics the query returns (BacktestMetrics). */
export interface MetricsInput {
  readonly totalPnl: number;
  readonly totalReturn: number;
  readonly sharpe: number | null;
  readonly maxDrawdown: number;
  readonly maxDrawdownAbs: number;
  readonly tradeCount: number;
  readonly hitRate: number | null;
  readonly avgBarsHeld: number | null;
  readonly exposure: number;
  readonly turnover: number;
  readonly feesPaid: number;
}

export interface MetricRow {
  readonly key: string;
  readonly label: string;
  /** As shown; an en dash when the figure is undefined (no trades, zero deviation). */
  readonly text: string;
  readonly value: number | null;
  /** For colouring: above or below zero, or neither. */
  readonly sign: 'positive' | 'negative' | 'none';
}

const DASH = '–';
const fixed = (v: number, digits: number) => (Object.is(v, -0) ? 0 : v).toFixed(digits);
const signed = (v: number, digits: number) => (v > 0 ? '+' : '') + fixed(v, digits);
const percent = (v: number, digits: number, sign = false) =>
  `${sign ? signed(v * 100, digits) : fixed(v * 100, digits)} %`;

function row(
  key: string,
  label: string,
  value: number | null,
  format: (v: number) => string,
  colored = false,
): MetricRow {
  return {
    key,
    label,
    value,
    text: value === null || !Number.isFinite(value) ? DASH : format(value),
    sign: !colored || value === null || value === 0 ? 'none' : value > 0 ? 'positive' : 'negative',
  };
}

/** The metrics table, in the order a trader reads it. */
export function metricRows(m: MetricsInput): MetricRow[] {
  return [
    row('totalPnl', 'Total P&L', m.totalPnl, (v) => signed(v, 2), true),
    row('totalReturn', 'Return', m.totalReturn, (v) => percent(v, 2, true), true),
    row('sharpe', 'Sharpe (annualized)', m.sharpe, (v) => fixed(v, 2), true),
    row(
      'maxDrawdown',
      'Max drawdown',
      m.maxDrawdown,
      (v) => `${percent(v, 2)} (${fixed(m.maxDrawdownAbs, 2)})`,
    ),
    row('tradeCount', 'Trades', m.tradeCount, (v) => String(v)),
    row('hitRate', 'Hit rate', m.hitRate, (v) => percent(v, 1)),
    row('avgBarsHeld', 'Avg bars held', m.avgBarsHeld, (v) => fixed(v, 1)),
    row('exposure', 'Exposure', m.exposure, (v) => percent(v, 1)),
    row('turnover', 'Turnover', m.turnover, (v) => `${fixed(v, 2)}×`),
    row('feesPaid', 'Fees paid', m.feesPaid, (v) => fixed(v, 2)),
  ];
}

/** A metric's value as a sweep cell shows it (short, the unit implied by the caption). */
export function formatMetric(metric: SweepMetric, value: number): string {
  switch (metric) {
    case 'totalReturn':
    case 'maxDrawdown':
    case 'hitRate':
    case 'exposure':
      return fixed(value * 100, 1);
    case 'tradeCount':
      return String(value);
    case 'avgBarsHeld':
      return fixed(value, 1);
    default:
      return fixed(value, 2);
  }
}

export const METRIC_LABELS: Record<SweepMetric, string> = {
  sharpe: 'Sharpe',
  totalPnl: 'Total P&L',
  totalReturn: 'Return (%)',
  maxDrawdown: 'Max drawdown (%)',
  tradeCount: 'Trades',
  hitRate: 'Hit rate (%)',
  avgBarsHeld: 'Avg bars held',
  exposure: 'Exposure (%)',
  turnover: 'Turnover (×)',
  feesPaid: 'Fees paid',
};

export interface SweepCellInput {
  readonly entry: number;
  readonly exit: number;
  readonly window: number;
  readonly value: number | null;
  readonly tradeCount: number;
  readonly invalid: string | null;
}

export interface SweepCell {
  readonly entry: number;
  readonly exit: number;
  readonly value: number | null;
  readonly text: string;
  /** CSS colour: green above zero, red below, stronger with |value| against the grid's largest. */
  readonly color: string;
  /** Whether the cell's text must be light to stay readable. */
  readonly strong: boolean;
  /** What a pointer or a screen reader is told about the cell. */
  readonly title: string;
  readonly invalid: boolean;
}

export interface SweepHeatmap {
  readonly metric: SweepMetric;
  readonly window: number;
  /** Row headers: entry levels; column headers: exit levels. */
  readonly entries: readonly number[];
  readonly exits: readonly number[];
  readonly rows: readonly (readonly SweepCell[])[];
}

export interface SweepInput {
  readonly metric: string;
  readonly entries: readonly number[];
  readonly exits: readonly number[];
  readonly windows: readonly number[];
  readonly cells: readonly SweepCellInput[];
}

const isMetric = (m: string): m is SweepMetric => (SWEEP_METRICS as readonly string[]).includes(m);

/** Diverging colour of a value against the grid's largest |value|; undefined is grey. */
export function sweepColor(value: number | null, maxAbs: number): string {
  if (value === null || !Number.isFinite(value)) return 'rgba(128, 128, 128, 0.25)';
  const v = maxAbs > 0 ? Math.min(1, Math.abs(value) / maxAbs) : 0;
  const alpha = (0.12 + 0.78 * v).toFixed(2);
  return value >= 0 ? `rgba(38, 166, 154, ${alpha})` : `rgba(239, 83, 80, ${alpha})`;
}

/**
 * The sweep's cells at one window as rows of entry and columns of exit. The API orders cells
 * window-major, then entry, then exit: cells[(w·|entries| + e)·|exits| + x].
 */
export function sweepHeatmap(sweep: SweepInput, window: number): SweepHeatmap {
  const metric: SweepMetric = isMetric(sweep.metric) ? sweep.metric : 'sharpe';
  const w = Math.max(0, sweep.windows.indexOf(window));
  const at = (e: number, x: number) =>
    sweep.cells[(w * sweep.entries.length + e) * sweep.exits.length + x];
  let maxAbs = 0;
  for (let e = 0; e < sweep.entries.length; e++)
    for (let x = 0; x < sweep.exits.length; x++) {
      const v = at(e, x)?.value;
      if (v !== null && v !== undefined && Number.isFinite(v))
        maxAbs = Math.max(maxAbs, Math.abs(v));
    }
  const rows = sweep.entries.map((entry, e) =>
    sweep.exits.map((exit, x): SweepCell => {
      const c = at(e, x);
      const value = c?.value ?? null;
      const invalid = c?.invalid ?? null;
      const where = `entry ${entry}, exit ${exit}, window ${sweep.windows[w] ?? window}`;
      if (invalid !== null) {
        return {
          entry,
          exit,
          value: null,
          text: '×',
          color: sweepColor(null, maxAbs),
          strong: false,
          title: `${where}: not run (${invalid})`,
          invalid: true,
        };
      }
      const text = value === null ? DASH : formatMetric(metric, value);
      return {
        entry,
        exit,
        value,
        text,
        color: sweepColor(value, maxAbs),
        strong: value !== null && maxAbs > 0 && Math.abs(value) / maxAbs > 0.6,
        title: `${where}: ${METRIC_LABELS[metric]} ${text}, ${c?.tradeCount ?? 0} trades`,
        invalid: false,
      };
    }),
  );
  return {
    metric,
    window: sweep.windows[w] ?? window,
    entries: sweep.entries,
    exits: sweep.exits,
    rows,
  };
}

export interface TradeInput {
  readonly side: string;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly reason: string;
  readonly pnl: number;
}

/** A marker on the z-score chart, carrying what its tooltip says. */
export interface TradeMarker extends LinePoint {
  readonly label: string;
}

export interface TradeMarkers {
  readonly entries: TradeMarker[];
  readonly exits: TradeMarker[];
  /** Fills whose bar is not on the chart (another span, or no z-score there). */
  readonly offChart: number;
}

/** Index of the point at time `x` in a line sorted by time, or -1. */
function indexAt(points: readonly LinePoint[], x: number): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = points[mid] as LinePoint;
    if (p.x === x) return mid;
    if (p.x < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * One marker per fill: an entry at each trade's entry fill, an exit at its exit fill, placed
 * on the z-score line at that bar (so a trade makes two markers). A fill whose bar the chart
 * does not hold, or holds without a z-score, is counted in `offChart` instead of being drawn
 * somewhere it did not happen.
 */
export function tradeMarkers(
  trades: readonly TradeInput[],
  zScore: readonly LinePoint[],
): TradeMarkers {
  const entries: TradeMarker[] = [];
  const exits: TradeMarker[] = [];
  let offChart = 0;
  const place = (out: TradeMarker[], time: number, label: string) => {
    const i = indexAt(zScore, time);
    const y = i < 0 ? null : (zScore[i]?.y ?? null);
    if (y === null) offChart++;
    else out.push({ x: time, y, label });
  };
  for (const t of trades) {
    place(entries, t.entryTime, `Enter ${t.side}`);
    place(exits, t.exitTime, `Exit ${t.side} (${t.reason}), P&L ${signed(t.pnl, 2)}`);
  }
  return { entries, exits, offChart };
}

export interface EquityPointInput {
  readonly time: number;
  readonly equity: number;
  readonly drawdown: number;
}

/** The equity line, and the drawdown as a negative percentage (under water reads downwards). */
export function equityLines(points: readonly EquityPointInput[]): {
  equity: LinePoint[];
  drawdown: LinePoint[];
} {
  return {
    equity: points.map((p) => ({ x: p.time, y: p.equity })),
    drawdown: points.map((p) => ({ x: p.time, y: p.drawdown === 0 ? 0 : -p.drawdown * 100 })),
  };
}

export type BacktestCsv = 'trades' | 'equity';

/** The API's CSV route for a backtest: a POST whose JSON body is the same BacktestInput. */
export function backtestCsvRequest(
  kind: BacktestCsv,
  input: BacktestInput,
  base = '',
): { url: string; init: { method: 'POST'; headers: Record<string, string>; body: string } } {
  return {
    url: `${base}/api/v1/backtest/${kind}.csv`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    },
  };
}

/** The file name a Content-Disposition header gives, else the fallback. */
export function csvFileName(disposition: string | null, fallback: string): string {
  const m =
    /filename="([^"]+)"/.exec(disposition ?? '') ?? /filename=([^;\s]+)/.exec(disposition ?? '');
  return m?.[1] ?? fallback;
}

/** An error of the API about a backtest, in words that say what to change. */
export function backtestProblemText(problem: ApiProblem): { title: string; detail: string } {
  switch (problem.code) {
    case 'bars-limit-exceeded':
      return {
        title: 'Too many bars for one run',
        detail: `${problem.message}. Shorten the range or use a coarser interval.`,
      };
    case 'time-budget-exceeded':
      return {
        title: 'The run took longer than the API allows',
        detail: `${problem.message}. Shorten the range, use a coarser interval or a smaller grid.`,
      };
    case 'invalid-backtest-params':
      return { title: 'A parameter was refused', detail: problem.message };
    case 'API_UNREACHABLE':
      return {
        title: 'The API cannot be reached',
        detail: 'Try again once the connection is back.',
      };
    default:
      return { title: 'The backtest failed', detail: `${problem.message} (${problem.code})` };
  }
}

/** A CSV route's refusal (JSON `{ error, code }`) as an ApiProblem. */
export function csvProblem(status: number, body: unknown): ApiProblem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b['code'] === 'string' ? b['code'] : `HTTP_${status}`;
  const message = typeof b['error'] === 'string' ? b['error'] : `the API answered HTTP ${status}`;
  return { code, message, retriable: status >= 500 || status === 429 };
}
