import type { PairScreenFilters, PairScreenOrder } from '../generated/graphql';
import { correlationColor } from './correlation';

// The Screener view's pure parts: its URL state, the table's columns, the sparkline's
// polyline and the universe heatmap's matrix. No Vue, no DOM.

export const SCREEN_ORDERS = [
  'P_VALUE',
  'COINT_P_VALUE',
  'COINT_P_VALUE_REVERSE',
  'ADF_P_VALUE',
  'CORRELATION',
  'RETURN_CORRELATION',
  'HALF_LIFE',
  'HURST',
  'ABS_Z_SCORE',
  'PAIR',
] as const satisfies readonly PairScreenOrder[];

/**
 * The direction the API ranks an order in when `descending` is not given: small p-values and
 * half-lives first, large correlations and |z| first. The view always sends the direction
 * explicitly, so the arrow on the header is never a guess.
 */
export function naturalDescending(order: PairScreenOrder): boolean {
  return order === 'CORRELATION' || order === 'RETURN_CORRELATION' || order === 'ABS_Z_SCORE';
}

export const SCREEN_METRICS = ['correlation', 'pvalue'] as const;
export type ScreenMetric = (typeof SCREEN_METRICS)[number];

export const SCREEN_TOPS = [25, 50, 100, 250, 500, 1000] as const;
export const SPARKLINE_POINTS = 60;

export interface ScreenState {
  readonly orderBy: PairScreenOrder;
  readonly descending: boolean;
  /** Rows of the table (the ranking's first `top`). */
  readonly top: number;
  readonly minCorrelation: number | null;
  readonly maxPValue: number | null;
  readonly minHalfLife: number | null;
  readonly maxHalfLife: number | null;
  readonly minAbsZ: number | null;
  /** What the universe heatmap colours. */
  readonly metric: ScreenMetric;
}

export const DEFAULT_SCREEN_STATE: ScreenState = {
  orderBy: 'P_VALUE',
  descending: false,
  top: 100,
  minCorrelation: null,
  maxPValue: null,
  minHalfLife: null,
  maxHalfLife: null,
  minAbsZ: null,
  metric: 'correlation',
};

export type ScreenFilterKey =
  'minCorrelation' | 'maxPValue' | 'minHalfLife' | 'maxHalfLife' | 'minAbsZ';

/** URL parameter and allowed range of each filter (what the API would refuse is refused here). */
export const SCREEN_FILTERS: Readonly<
  Record<ScreenFilterKey, { param: string; label: string; min: number; max: number; step: number }>
> = {
  minCorrelation: { param: 'mincorr', label: 'Min correlation', min: -1, max: 1, step: 0.05 },
  maxPValue: { param: 'maxp', label: 'Max p-value', min: 0, max: 1, step: 0.01 },
  minHalfLife: { param: 'minhl', label: 'Min half-life', min: 0, max: 1e6, step: 1 },
  maxHalfLife: { param: 'maxhl', label: 'Max half-life', min: 0, max: 1e6, step: 1 },
  minAbsZ: { param: 'minz', label: 'Min |z|', min: 0, max: 100, step: 0.1 },
};
const FILTER_KEYS = Object.keys(SCREEN_FILTERS) as ScreenFilterKey[];

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A filter's value typed in a field: null when empty, undefined when unusable. */
export function parseFilter(key: ScreenFilterKey, raw: string): number | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  const { min, max } = SCREEN_FILTERS[key];
  return value >= min && value <= max ? value : undefined;
}

/** The screener's part of the URL query; unusable values keep their defaults and are reported. */
export function parseScreenState(query: URLSearchParams, problems: string[]): ScreenState {
  const state: { -readonly [K in keyof ScreenState]: ScreenState[K] } = {
    ...DEFAULT_SCREEN_STATE,
  };
  const raw = (name: string) => {
    const value = query.get(name);
    return value === null || value.trim() === '' ? null : value.trim();
  };
  const sort = raw('sort');
  if (sort !== null) {
    const order = SCREEN_ORDERS.find((o) => o === sort.toUpperCase());
    if (order === undefined) problems.push(`ignored sort=${sort}`);
    else state.orderBy = order;
  }
  state.descending = naturalDescending(state.orderBy);
  const desc = raw('desc');
  if (desc !== null) {
    if (desc === '1' || desc === '0') state.descending = desc === '1';
    else problems.push(`ignored desc=${desc}`);
  }
  const top = raw('top');
  if (top !== null) {
    const n = /^\d{1,5}$/.test(top) ? Number(top) : NaN;
    if (n >= 1 && n <= 1000) state.top = n;
    else problems.push(`ignored top=${top}`);
  }
  for (const key of FILTER_KEYS) {
    const { param } = SCREEN_FILTERS[key];
    const value = raw(param);
    if (value === null) continue;
    const parsed = parseFilter(key, value);
    if (parsed === undefined) problems.push(`ignored ${param}=${value}`);
    else state[key] = parsed;
  }
  const metric = raw('shm');
  if (metric !== null) {
    const m = SCREEN_METRICS.find((v) => v === metric);
    if (m === undefined) problems.push(`ignored shm=${metric}`);
    else state.metric = m;
  }
  return state;
}

/** Writes what differs from the defaults (the direction only when it is not the order's own). */
export function serializeScreenState(state: ScreenState, query: URLSearchParams): void {
  if (state.orderBy !== DEFAULT_SCREEN_STATE.orderBy)
    query.set('sort', state.orderBy.toLowerCase());
  if (state.descending !== naturalDescending(state.orderBy))
    query.set('desc', state.descending ? '1' : '0');
  if (state.top !== DEFAULT_SCREEN_STATE.top) query.set('top', String(state.top));
  for (const key of FILTER_KEYS) {
    const value = state[key];
    if (value !== null) query.set(SCREEN_FILTERS[key].param, String(value));
  }
  if (state.metric !== DEFAULT_SCREEN_STATE.metric) query.set('shm', state.metric);
}

/** The filters as the API takes them (null when none is set, so the variables stay small). */
export function screenFilters(state: ScreenState): PairScreenFilters | null {
  const filters: PairScreenFilters = {};
  if (state.minCorrelation !== null) filters.minCorrelation = state.minCorrelation;
  if (state.maxPValue !== null) filters.maxPValue = state.maxPValue;
  if (state.minHalfLife !== null) filters.minHalfLife = state.minHalfLife;
  if (state.maxHalfLife !== null) filters.maxHalfLife = state.maxHalfLife;
  if (state.minAbsZ !== null) filters.minAbsZScore = state.minAbsZ;
  return Object.keys(filters).length === 0 ? null : filters;
}

/** A header click: the same order flips its direction, another starts in its own. */
export function nextSort(
  state: Pick<ScreenState, 'orderBy' | 'descending'>,
  order: PairScreenOrder,
): Pick<ScreenState, 'orderBy' | 'descending'> {
  return order === state.orderBy
    ? { orderBy: order, descending: !state.descending }
    : { orderBy: order, descending: naturalDescending(order) };
}

// --- the table ---

/** The figures of a row the table shows (a subset of the generated ScreenedPair fields). */
export interface ScreenRowFigures {
  readonly pValue: number | null;
  readonly cointPValue: number | null;
  readonly cointPValueReverse: number | null;
  readonly adfPValue: number | null;
  readonly correlation: number | null;
  readonly returnCorrelation: number | null;
  readonly hedgeRatio: number | null;
  readonly kalmanHedgeRatio: number | null;
  readonly halfLife: number | null;
  readonly hurst: number | null;
  readonly zScore: number | null;
}

export interface ScreenColumn {
  readonly key: keyof ScreenRowFigures;
  readonly label: string;
  readonly title: string;
  /** The server-side order a click on the header asks for; null: not sortable. */
  readonly order: PairScreenOrder | null;
  readonly format: (value: number) => string;
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
/** P-values span many decades near zero, where the ranking happens. */
export const formatPValue = (v: number) =>
  v !== 0 && v < 0.001 ? v.toExponential(1) : v.toFixed(4);

export const SCREEN_COLUMNS: readonly ScreenColumn[] = [
  {
    key: 'pValue',
    label: 'p-value',
    title: 'Engle–Granger: the larger p-value of the two directions (hover a cell for both)',
    order: 'P_VALUE',
    format: formatPValue,
  },
  {
    key: 'adfPValue',
    label: 'ADF p',
    title: 'ADF p-value of the OLS spread',
    order: 'ADF_P_VALUE',
    format: formatPValue,
  },
  {
    key: 'correlation',
    label: 'Corr',
    title: 'Pearson correlation of prices',
    order: 'CORRELATION',
    format: fixed(3),
  },
  {
    key: 'returnCorrelation',
    label: 'Ret corr',
    title: 'Pearson correlation of log returns',
    order: 'RETURN_CORRELATION',
    format: fixed(3),
  },
  { key: 'hedgeRatio', label: 'β OLS', title: 'OLS β of y on x', order: null, format: fixed(4) },
  {
    key: 'kalmanHedgeRatio',
    label: 'β Kalman',
    title: 'Kalman-filter β',
    order: null,
    format: fixed(4),
  },
  {
    key: 'halfLife',
    label: 'Half-life',
    title: 'Half-life of the spread, in bars',
    order: 'HALF_LIFE',
    format: fixed(1),
  },
  {
    key: 'hurst',
    label: 'Hurst',
    title: 'Hurst exponent of the spread',
    order: 'HURST',
    format: fixed(3),
  },
  {
    key: 'zScore',
    label: 'z',
    title: 'Z-score of the spread (sorts by |z|)',
    order: 'ABS_Z_SCORE',
    format: (v) => (v >= 0 ? `+${v.toFixed(2)}` : v.toFixed(2)),
  },
];

export const cellText = (column: ScreenColumn, value: number | null) =>
  value === null || !Number.isFinite(value) ? '–' : column.format(value);

/** The tooltip of the p-value cell: both Engle–Granger directions. */
export function pValueTitle(row: ScreenRowFigures & { symbolX: string; symbolY: string }): string {
  const p = (v: number | null) => (v === null ? 'n/a' : formatPValue(v));
  return `EG ${row.symbolY} on ${row.symbolX}: ${p(row.cointPValue)} · EG ${row.symbolX} on ${row.symbolY}: ${p(row.cointPValueReverse)}`;
}

// --- the sparkline ---

export interface Sparkline {
  /** SVG polyline points, "x,y x,y …"; nulls are skipped. */
  readonly points: string;
  readonly count: number;
  /** The y of z = 0, for a baseline (null when 0 is outside the drawn range). */
  readonly zeroY: number | null;
}

/** A z-score history as a polyline in a width × height box, 0 always in range. */
export function sparkline(
  history: readonly { readonly zScore: number | null }[],
  width: number,
  height: number,
): Sparkline {
  const n = history.length;
  let lo = 0;
  let hi = 0;
  for (const p of history) {
    if (p.zScore === null || !Number.isFinite(p.zScore)) continue;
    if (p.zScore < lo) lo = p.zScore;
    if (p.zScore > hi) hi = p.zScore;
  }
  const span = hi - lo || 1;
  const pad = 1;
  const y = (z: number) => pad + ((hi - z) / span) * (height - 2 * pad);
  const parts: string[] = [];
  history.forEach((p, i) => {
    if (p.zScore === null || !Number.isFinite(p.zScore)) return;
    const x = n === 1 ? width / 2 : (i / (n - 1)) * width;
    parts.push(`${x.toFixed(1)},${y(p.zScore).toFixed(1)}`);
  });
  return { points: parts.join(' '), count: parts.length, zeroY: Number(y(0).toFixed(1)) };
}

// --- the universe heatmap ---

export interface UniverseMatrix {
  readonly symbols: readonly string[];
  readonly metric: ScreenMetric;
  /** size × size, row-major; NaN where there is no figure (and on the diagonal). */
  readonly values: Float64Array;
}

/** Every pair's figure at both (x, y) and (y, x): the matrix is symmetric. */
export function universeMatrix(
  symbols: readonly string[],
  rows: readonly {
    readonly symbolX: string;
    readonly symbolY: string;
    readonly correlation: number | null;
    readonly pValue: number | null;
  }[],
  metric: ScreenMetric,
): UniverseMatrix {
  const names = [...new Set([...symbols, ...rows.flatMap((r) => [r.symbolX, r.symbolY])])].sort();
  const index = new Map(names.map((s, i) => [s, i]));
  const n = names.length;
  const values = new Float64Array(n * n).fill(NaN);
  for (const r of rows) {
    const i = index.get(r.symbolY) as number;
    const j = index.get(r.symbolX) as number;
    const v = metric === 'correlation' ? r.correlation : r.pValue;
    if (v === null || !Number.isFinite(v)) continue;
    values[i * n + j] = v;
    values[j * n + i] = v;
  }
  return { symbols: names, metric, values };
}

/** Small p-values stand out: the colour strengthens over 1 … 1e-4 on a log scale. */
export function pValueColor(value: number): string {
  if (!Number.isFinite(value)) return 'rgba(128, 128, 128, 0.25)';
  const strength = Math.max(0, Math.min(1, -Math.log10(Math.max(value, 1e-12)) / 4));
  return `rgba(40, 170, 110, ${(0.06 + 0.9 * strength).toFixed(2)})`;
}

export function metricColor(metric: ScreenMetric, value: number): string {
  return metric === 'correlation'
    ? correlationColor(Number.isFinite(value) ? value : null)
    : pValueColor(value);
}

export function metricText(metric: ScreenMetric, value: number): string {
  if (!Number.isFinite(value)) return '–';
  return metric === 'correlation' ? value.toFixed(3) : formatPValue(value);
}
