import {
  PAIR_DEFAULTS,
  type PairSpec,
  type PaperTradingSpec,
  type Signal,
} from '@tickstream/schema';
import {
  BACKTEST_DEFAULTS,
  computeFigures,
  PaperTrader,
  paperParams,
  runOnFigures,
  type BacktestResult,
} from '../../../src/backtest';
import { syntheticBars } from './data';

// Paper trading is the backtester's strategy state stepped bar by bar: its fills must be the
// backtest's, whatever the fill mode, hedge, stop and limits.

const base: PaperTradingSpec = {
  enabled: true,
  hedge: 'ols',
  fill: 'next-close',
  entry: 2,
  exit: 0.5,
  stop: null,
  maxBars: null,
  capital: 10_000,
  feeBps: 0,
  slippageBps: 0,
};
const spec = (paper: Partial<PaperTradingSpec>): PairSpec => ({
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1m',
  olsWindow: 50,
  zScoreWindow: 30,
  paper: { ...base, ...paper },
});

const CASES: ReadonlyArray<readonly [string, Partial<PaperTradingSpec>]> = [
  ['next-close', {}],
  [
    'next-close with stop, maxBars, fees and slippage',
    { stop: 3, maxBars: 12, feeBps: 5, slippageBps: 1 },
  ],
  ['same-close with stop and fees', { fill: 'same-close', stop: 3, feeBps: 5, slippageBps: 1 }],
  ['the Kalman hedge', { hedge: 'kalman', stop: 3, feeBps: 2 }],
];

/** The backtest's fills as signals show them (time, action, side, reason, legs, fees). */
function backtestFills(result: BacktestResult) {
  const timeOf = (i: number) => result.equity[i]?.time;
  return result.fills
    .filter((f) => f.reason !== 'end')
    .map((f) => ({
      time: f.time,
      action: f.action,
      side: f.side,
      reason: f.reason,
      signalTime: timeOf(f.signalIndex),
      priceY: f.y.price,
      priceX: f.x.price,
      qtyY: f.y.qty,
      qtyX: f.x.qty,
      fees: f.y.fee + f.x.fee,
    }));
}

const fillsOf = (signals: readonly Signal[]) =>
  signals
    .filter((s) => s.kind === 'fill')
    .map((s) => ({
      time: s.time,
      action: s.action,
      side: s.side,
      reason: s.reason,
      signalTime: s.signalTime,
      priceY: s.priceY,
      priceX: s.priceX,
      qtyY: s.qtyY,
      qtyX: s.qtyX,
      fees: s.fees,
    }));

describe('paper trading', () => {
  const bars = syntheticBars(2400, 7);

  it.each(CASES)('%s: fills, trades and realized P&L are the backtest’s', (_, paper) => {
    const pair = spec(paper);
    const params = paperParams(pair);
    if (params === undefined) throw new Error('paper trading is on in the spec');
    const figures = computeFigures('1m', bars, pair.olsWindow, pair.zScoreWindow);
    const backtest = runOnFigures(figures, '1m', params);
    expect(backtest.metrics.tradeCount).toBeGreaterThan(10);
    // The rules the case names are exercised.
    const reasons = new Set(backtest.trades.map((t) => t.reason));
    if (paper.stop !== undefined) expect(reasons).toContain('stop');
    if (paper.maxBars !== undefined) expect(reasons).toContain('max-bars');

    const trader = PaperTrader.of(pair);
    const signals = figures.flatMap((f) => trader?.step(f) ?? []);
    expect(fillsOf(signals)).toEqual(backtestFills(backtest));
    // Every closed trade's P&L, and the realized P&L after each close.
    const closes = signals.filter((s) => s.kind === 'fill' && s.action === 'close');
    const closed = backtest.trades.filter((t) => t.reason !== 'end');
    expect(closes.map((s) => [s.pnl, s.barsHeld, s.entryTime])).toEqual(
      closed.map((t) => [t.pnl, t.barsHeld, t.entryTime]),
    );
    for (const s of closes) {
      const point = backtest.equity.find((p) => p.time === s.time);
      expect(s.realized).toBe(point?.realized);
    }
    // Each fill has its order: at the close before (next-close) or at the same close.
    for (const fill of signals.filter((s) => s.kind === 'fill')) {
      const order = signals.find((s) => s.kind === 'order' && s.time === fill.signalTime);
      expect(order).toMatchObject({ action: fill.action, side: fill.side, reason: fill.reason });
    }
  });

  it('ignores a bar it has seen, and is off unless enabled', () => {
    const pair = spec({});
    const trader = PaperTrader.of(pair);
    const figures = computeFigures('1m', bars.slice(0, 400), 50, 30);
    const first = figures.flatMap((f) => trader?.step(f) ?? []);
    expect(first.length).toBeGreaterThan(0);
    expect(figures.flatMap((f) => trader?.step(f) ?? [])).toEqual([]);
    expect(PaperTrader.of(spec({ enabled: false }))).toBeUndefined();
    expect(PaperTrader.of({ ...pair, paper: undefined })).toBeUndefined();
  });

  it('defaults to the backtester’s parameters, with the pair’s windows', () => {
    const defaults = PAIR_DEFAULTS.paper;
    expect(defaults?.enabled).toBe(false);
    const params = paperParams({ ...spec({}), paper: { ...base, ...defaults, enabled: true } });
    expect(params).toEqual({ ...BACKTEST_DEFAULTS, window: 50, zWindow: 30 });
  });
});
