import { isInterval, type Interval } from './intervals';
import {
  DEFAULT_SCREEN_STATE,
  parseScreenState,
  serializeScreenState,
  type ScreenState,
} from './screener';

// Every choice on screen lives in the URL query, so a view can be shared and survives a
// reload. Values the URL gets wrong fall back to defaults and are reported, never thrown.

export const VIEWS = ['price', 'pair', 'correlation', 'screener'] as const;
export type View = (typeof VIEWS)[number];
export const RANGES = ['live', '1h', '1d', 'custom'] as const;
export type RangeKind = (typeof RANGES)[number];
export const REGRESSIONS = ['ols', 'kalman'] as const;
export type RegressionKind = (typeof REGRESSIONS)[number];
export const CORRELATION_METHODS = ['prices', 'returns'] as const;
export type CorrelationMethodChoice = (typeof CORRELATION_METHODS)[number];

export interface ViewState {
  readonly view: View;
  /** Symbol of the price chart and the statistics cards. */
  readonly symbol: string;
  /** Pair legs: y is regressed on x (the pair is named Y/X). */
  readonly x: string;
  readonly y: string;
  readonly interval: Interval;
  /** Rolling window in bars: OLS regression and correlation. */
  readonly window: number;
  /** Z-score window in bars (the spread's rolling mean and deviation). */
  readonly zWindow: number;
  /** |z| at which a position would be entered, and exited. */
  readonly entry: number;
  readonly exit: number;
  readonly regression: RegressionKind;
  readonly range: RangeKind;
  /** Bars the live view holds (the newest ones). */
  readonly bars: number;
  /** Custom range, epoch ms; `to` null means "until now, live". */
  readonly from: number | null;
  readonly to: number | null;
  readonly correlation: CorrelationMethodChoice;
  /** Symbols of the correlation heatmap; empty means every symbol the API has. */
  readonly heatmap: readonly string[];
  /** The Screener view: sort, top, filters and what its heatmap shows. */
  readonly screen: ScreenState;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  view: 'price',
  symbol: 'BTCUSDT',
  x: 'BTCUSDT',
  y: 'ETHUSDT',
  interval: '1m',
  window: 60,
  zWindow: 20,
  entry: 2,
  exit: 0.5,
  regression: 'ols',
  range: 'live',
  bars: 600,
  from: null,
  to: null,
  correlation: 'prices',
  heatmap: [],
  screen: DEFAULT_SCREEN_STATE,
};

export const LIMITS = {
  window: { min: 10, max: 1000 },
  zWindow: { min: 5, max: 500 },
  entry: { min: 0.1, max: 10 },
  exit: { min: 0, max: 10 },
  bars: { min: 50, max: 10_000 },
  heatmap: 12,
} as const;

const SYMBOL = /^[A-Z0-9]{2,30}$/;

export interface ParsedViewState {
  readonly state: ViewState;
  /** One line per ignored parameter, for a notice on screen. */
  readonly problems: readonly string[];
}

function oneOf<T extends string>(values: readonly T[], raw: string): T | undefined {
  return values.find((v) => v === raw);
}

function parseTime(raw: string): number | undefined {
  const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function numberIn(raw: string, min: number, max: number, integer: boolean): number | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  if (integer && !Number.isInteger(value)) return undefined;
  return value >= min && value <= max ? value : undefined;
}

/** The view a URL query describes; anything unreadable keeps its default and is reported. */
export function parseViewState(query: URLSearchParams): ParsedViewState {
  const problems: string[] = [];
  const state: { -readonly [K in keyof ViewState]: ViewState[K] } = { ...DEFAULT_VIEW_STATE };
  const read = <T>(name: string, parse: (raw: string) => T | undefined, apply: (v: T) => void) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return;
    const value = parse(raw.trim());
    if (value === undefined) problems.push(`ignored ${name}=${raw}`);
    else apply(value);
  };
  const symbol = (raw: string) => (SYMBOL.test(raw.toUpperCase()) ? raw.toUpperCase() : undefined);

  read(
    'view',
    (r) => oneOf(VIEWS, r),
    (v) => (state.view = v),
  );
  read('symbol', symbol, (v) => (state.symbol = v));
  read('x', symbol, (v) => (state.x = v));
  read('y', symbol, (v) => (state.y = v));
  read(
    'interval',
    (r) => (isInterval(r) ? r : undefined),
    (v) => (state.interval = v),
  );
  read(
    'window',
    (r) => numberIn(r, LIMITS.window.min, LIMITS.window.max, true),
    (v) => (state.window = v),
  );
  read(
    'zwin',
    (r) => numberIn(r, LIMITS.zWindow.min, LIMITS.zWindow.max, true),
    (v) => (state.zWindow = v),
  );
  read(
    'entry',
    (r) => numberIn(r, LIMITS.entry.min, LIMITS.entry.max, false),
    (v) => (state.entry = v),
  );
  read(
    'exit',
    (r) => numberIn(r, LIMITS.exit.min, LIMITS.exit.max, false),
    (v) => (state.exit = v),
  );
  read(
    'regression',
    (r) => oneOf(REGRESSIONS, r.toLowerCase()),
    (v) => (state.regression = v),
  );
  read(
    'range',
    (r) => oneOf(RANGES, r),
    (v) => (state.range = v),
  );
  read(
    'bars',
    (r) => numberIn(r, LIMITS.bars.min, LIMITS.bars.max, true),
    (v) => (state.bars = v),
  );
  read('from', parseTime, (v) => (state.from = v));
  read('to', parseTime, (v) => (state.to = v));
  read(
    'corr',
    (r) => oneOf(CORRELATION_METHODS, r),
    (v) => (state.correlation = v),
  );
  read(
    'heatmap',
    (r) => {
      const list = r
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== '');
      return list.length <= LIMITS.heatmap && list.every((s) => SYMBOL.test(s))
        ? [...new Set(list)]
        : undefined;
    },
    (v) => (state.heatmap = v),
  );

  state.screen = parseScreenState(query, problems);

  if (state.x === state.y) {
    problems.push(`ignored a pair of ${state.x} with itself`);
    state.x = DEFAULT_VIEW_STATE.x;
    state.y = DEFAULT_VIEW_STATE.y;
  }
  if (state.exit >= state.entry) {
    problems.push(`ignored exit=${state.exit}: it must be below entry=${state.entry}`);
    state.exit = Math.min(DEFAULT_VIEW_STATE.exit, state.entry / 2);
  }
  if (state.range === 'custom') {
    if (state.from === null) {
      problems.push('a custom range needs from=; showing live');
      state.range = 'live';
      state.to = null;
    } else if (state.to !== null && state.to <= state.from) {
      problems.push('ignored to=: it must be after from=');
      state.to = null;
    }
  } else {
    state.from = null;
    state.to = null;
  }
  return { state, problems };
}

/** The URL query of a view: only what differs from the defaults, in a stable order. */
export function serializeViewState(state: ViewState): URLSearchParams {
  const query = new URLSearchParams();
  const d = DEFAULT_VIEW_STATE;
  const put = (name: string, value: string, fallback: string) => {
    if (value !== fallback) query.set(name, value);
  };
  put('view', state.view, d.view);
  put('symbol', state.symbol, d.symbol);
  put('x', state.x, d.x);
  put('y', state.y, d.y);
  put('interval', state.interval, d.interval);
  put('window', String(state.window), String(d.window));
  put('zwin', String(state.zWindow), String(d.zWindow));
  put('entry', String(state.entry), String(d.entry));
  put('exit', String(state.exit), String(d.exit));
  put('regression', state.regression, d.regression);
  put('range', state.range, d.range);
  put('bars', String(state.bars), String(d.bars));
  if (state.range === 'custom' && state.from !== null) query.set('from', formatTime(state.from));
  if (state.range === 'custom' && state.to !== null) query.set('to', formatTime(state.to));
  put('corr', state.correlation, d.correlation);
  put('heatmap', state.heatmap.join(','), '');
  serializeScreenState(state.screen, query);
  return query;
}

/** The pair's name as the API spells it: SYMBOLY/SYMBOLX. */
export const pairName = (state: Pick<ViewState, 'x' | 'y'>) => `${state.y}/${state.x}`;
