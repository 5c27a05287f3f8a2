import { PAIR_DEFAULTS, type Interval } from '@tickstream/schema';
import { runBacktest, type BacktestParams, type BacktestResult } from '../../../src/backtest';
import type { AlignedBar } from '../../../src/pairs/leg-aligner';
import { PairEngine } from '../../../src/pairs/pair-engine';
import { SPOT_TAPE, USDM_TAPE, syntheticBars, tapeBars } from './data';

// An independent implementation of issue 16's rules, written from the text and not from the
// engine: a signal walk that only records orders, then trades from the orders, then the
// equity curve and the metrics as whole-array computations. Only the figures are shared: they
// come from the PairEngine, as the issue requires of both.

interface Fig {
  priceX: number;
  priceY: number;
  beta: number | null;
  z: number | null;
}

function engineFigures(interval: Interval, bars: readonly AlignedBar[], p: BacktestParams): Fig[] {
  const engine = new PairEngine({
    ...PAIR_DEFAULTS,
    symbolX: 'X',
    symbolY: 'Y',
    interval,
    olsWindow: p.window,
    zScoreWindow: p.zWindow ?? p.window,
    corrWindow: p.window,
    testEvery: 1e15,
  });
  const out: Fig[] = [];
  for (const b of bars) {
    engine.addLegClose('x', b.time, b.x);
    for (const { analytics: a } of engine.addLegClose('y', b.time, b.y))
      out.push(
        p.hedge === 'ols'
          ? { priceX: a.priceX, priceY: a.priceY, beta: a.hedgeRatio, z: a.zScore }
          : { priceX: a.priceX, priceY: a.priceY, beta: a.kalmanHedgeRatio, z: a.kalmanZScore },
      );
  }
  return out;
}

interface RefTrade {
  side: 1 | -1;
  entry: number;
  exit: number;
  reason: string;
  beta: number;
  qy: number;
  qx: number;
  eY: number;
  eX: number;
  xY: number;
  xX: number;
  entryFees: number;
  exitFees: number;
  gross: number;
}

function reference(f: readonly Fig[], p: BacktestParams, barMs: number) {
  const n = f.length;
  const lag = p.fill === 'next-close' ? 1 : 0;
  const s = p.slippageBps / 1e4;
  const fee = p.feeBps / 1e4;
  // 1. Orders.
  type Order = { fill: number; open: boolean; side: 1 | -1; beta: number; reason: string };
  const orders: Order[] = [];
  let side: 0 | 1 | -1 = 0;
  let entryFill = -1;
  let stopped = false;
  let pending: Order | null = null;
  for (let t = 0; t < n; t++) {
    if (pending !== null && pending.fill === t) {
      side = pending.open ? pending.side : 0;
      if (pending.open) entryFill = t;
      pending = null;
    }
    const { z, beta } = f[t] as Fig;
    let o: Order | null = null;
    if (side !== 0) {
      const a = z === null ? null : Math.abs(z);
      const reason: string | null =
        a !== null && a <= p.exit
          ? 'exit'
          : p.stop !== undefined && a !== null && a >= p.stop
            ? 'stop'
            : p.maxBars !== undefined && t - entryFill >= p.maxBars
              ? 'max-bars'
              : null;
      if (reason === 'stop') stopped = true;
      if (reason !== null) o = { fill: t + lag, open: false, side, beta: 0, reason };
    } else if (z !== null) {
      if (stopped && Math.abs(z) <= p.entry) stopped = false;
      if (!stopped && beta !== null && Math.abs(z) > p.entry)
        o = { fill: t + lag, open: true, side: z > 0 ? -1 : 1, beta, reason: '' };
    }
    if (o === null || o.fill >= n) continue;
    orders.push(o);
    if (lag === 0) {
      side = o.open ? o.side : 0;
      if (o.open) entryFill = t;
    } else pending = o;
  }
  // 2. Trades: each open with the close after it, or the last close for an open one.
  const px = (p0: number, q: number) => p0 * (1 + Math.sign(q) * s);
  const trades: RefTrade[] = [];
  for (let i = 0; i < orders.length; i += 2) {
    const o = orders[i] as Order;
    const c = orders[i + 1];
    const exit = c?.fill ?? n - 1;
    const a = f[o.fill] as Fig;
    const b = f[exit] as Fig;
    const qy = (o.side * p.capital) / px(a.priceY, o.side);
    const qx = -o.beta * qy;
    const eY = px(a.priceY, qy);
    const eX = px(a.priceX, qx);
    const xY = px(b.priceY, -qy);
    const xX = px(b.priceX, -qx);
    trades.push({
      side: o.side,
      entry: o.fill,
      exit,
      reason: c?.reason ?? 'end',
      beta: o.beta,
      qy,
      qx,
      eY,
      eX,
      xY,
      xX,
      entryFees: fee * (Math.abs(qy) * eY + Math.abs(qx) * eX),
      exitFees: fee * (Math.abs(qy) * xY + Math.abs(qx) * xX),
      gross: qy * (xY - eY) + qx * (xX - eX),
    });
  }
  // 3. Equity: realized as a cumulative sum of fill events, unrealized over [entry, exit).
  const delta = new Array<number>(n).fill(0);
  const unrealized = new Array<number>(n).fill(0);
  const held = new Array<number>(n).fill(0);
  for (const t of trades) {
    delta[t.entry] = (delta[t.entry] ?? 0) - t.entryFees;
    delta[t.exit] = (delta[t.exit] ?? 0) + t.gross - t.exitFees;
    for (let i = t.entry; i < t.exit; i++) {
      const b = f[i] as Fig;
      unrealized[i] = t.qy * (b.priceY - t.eY) + t.qx * (b.priceX - t.eX);
      held[i] = 1;
    }
  }
  let acc = 0;
  const equity = delta.map((d, i) => p.capital + (acc += d) + (unrealized[i] ?? 0));
  // 4. Metrics, two-pass.
  const rets = equity.slice(1).map((e, i) => e / (equity[i] as number) - 1);
  const mean = rets.reduce((a, r) => a + r, 0) / rets.length;
  const sd = Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1));
  const perYear = (365 * 86_400) / (barMs / 1000);
  let peak = p.capital;
  let dd = 0;
  let ddAbs = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    dd = Math.max(dd, (peak - e) / peak);
    ddAbs = Math.max(ddAbs, peak - e);
  }
  const pnl = trades.map((t) => t.gross - t.entryFees - t.exitFees);
  const last = equity[n - 1] as number;
  const notional = trades.reduce(
    (a, t) => a + Math.abs(t.qy) * (t.eY + t.xY) + Math.abs(t.qx) * (t.eX + t.xX),
    0,
  );
  const metrics = {
    totalPnl: last - p.capital,
    totalReturn: (last - p.capital) / p.capital,
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(perYear) : null,
    barsPerYear: perYear,
    maxDrawdown: dd,
    maxDrawdownAbs: ddAbs,
    tradeCount: trades.length,
    hitRate: trades.length ? pnl.filter((v) => v > 0).length / trades.length : null,
    avgBarsHeld: trades.length
      ? trades.reduce((a, t) => a + t.exit - t.entry, 0) / trades.length
      : null,
    exposure: held.reduce((a, v) => a + v, 0) / n,
    turnover: notional / p.capital,
    feesPaid: trades.reduce((a, t) => a + t.entryFees + t.exitFees, 0),
    bars: n,
  };
  return { trades, pnl, equity, metrics };
}

function near(actual: number | null, expected: number | null, what: string) {
  if (actual === null || expected === null) {
    expect([what, actual]).toEqual([what, expected]);
    return;
  }
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (Math.abs(actual - expected) > 1e-9 * scale + 1e-12)
    throw new Error(`${what}: engine ${actual}, reference ${expected}`);
}

function compare(r: BacktestResult, ref: ReturnType<typeof reference>) {
  expect(r.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.reason])).toEqual(
    ref.trades.map((t) => [t.side === 1 ? 'long' : 'short', t.entry, t.exit, t.reason]),
  );
  r.trades.forEach((t, i) => {
    const e = ref.trades[i] as RefTrade;
    near(t.beta, e.beta, `trade ${i} beta`);
    near(t.qy, e.qy, `trade ${i} qy`);
    near(t.qx, e.qx, `trade ${i} qx`);
    near(t.entryPriceY, e.eY, `trade ${i} entry y`);
    near(t.entryPriceX, e.eX, `trade ${i} entry x`);
    near(t.exitPriceY, e.xY, `trade ${i} exit y`);
    near(t.exitPriceX, e.xX, `trade ${i} exit x`);
    near(t.fees, e.entryFees + e.exitFees, `trade ${i} fees`);
    near(t.pnl, ref.pnl[i] as number, `trade ${i} pnl`);
  });
  expect(r.equity).toHaveLength(ref.equity.length);
  r.equity.forEach((pt, i) => near(pt.equity, ref.equity[i] as number, `equity ${i}`));
  for (const [key, value] of Object.entries(ref.metrics))
    near(r.metrics[key as keyof typeof r.metrics], value, `metric ${key}`);
}

const VARIANTS: ReadonlyArray<readonly [string, Partial<BacktestParams>]> = [
  ['no stop, no fees', {}],
  ['stop, no fees', { stop: 2.5 }],
  ['no stop, fees and slippage', { feeBps: 4, slippageBps: 2 }],
  ['stop, fees and slippage', { stop: 2.5, feeBps: 4, slippageBps: 2 }],
  ['stop, maxBars, fees and slippage', { stop: 2.5, maxBars: 15, feeBps: 4, slippageBps: 2 }],
];
const FILLS = ['next-close', 'same-close'] as const;

const DATASETS: ReadonlyArray<
  readonly [string, Interval, () => AlignedBar[], Partial<BacktestParams>]
> = [
  [
    'the shared spot tape at 1s',
    '1s',
    () => tapeBars(SPOT_TAPE, 1000),
    { window: 40, entry: 1.5, exit: 0.3 },
  ],
  [
    'the shared USD-M tape at 1s',
    '1s',
    () => tapeBars(USDM_TAPE, 1000),
    { window: 30, entry: 1.5, exit: 0.3, hedge: 'kalman' },
  ],
  [
    'the synthetic cointegrated pair at 1m',
    '1m',
    () => syntheticBars(3000, 16),
    { window: 60, entry: 2, exit: 0.5 },
  ],
];

describe.each(DATASETS)(
  'the backtester against an independent reference on %s',
  (_, interval, make, base) => {
    const bars = make();
    const seen = { trades: 0, stops: 0, maxBars: 0 };
    it.each(FILLS.flatMap((fill) => VARIANTS.map(([name, v]) => [fill, name, v] as const)))(
      '%s, %s: same trades, equity and metrics to 1e-9',
      (fill, _name, v) => {
        const params = { ...base, ...v, fill } as const;
        const r = runBacktest({ interval, bars }, params);
        const ref = reference(
          engineFigures(interval, bars, r.params),
          r.params,
          interval === '1s' ? 1000 : 60_000,
        );
        compare(r, ref);
        seen.trades += r.metrics.tradeCount;
        seen.stops += r.trades.filter((t) => t.reason === 'stop').length;
        seen.maxBars += r.trades.filter((t) => t.reason === 'max-bars').length;
      },
    );
    // The comparisons mean something only if every rule fired on this data.
    it('exercises entries, stops and maxBars', () => {
      expect(seen.trades).toBeGreaterThan(20);
      expect(seen.stops).toBeGreaterThan(0);
      expect(seen.maxBars).toBeGreaterThan(0);
    });
  },
);
