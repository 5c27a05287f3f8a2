import { runBacktest, type BacktestFigure, type BacktestParams } from '../../../src/backtest';

// Hand-built figures (as stored pair_analytics would give them) on 1m bars: the z and β are
// chosen, not computed, so every trade, fill, fee and P&L below can be checked by hand.
const MIN = 60_000;
type Row = readonly [y: number, x: number, beta: number | null, z: number | null];
const figures = (rows: readonly Row[]): BacktestFigure[] =>
  rows.map(([priceY, priceX, beta, z], i) => ({
    time: i * MIN,
    priceX,
    priceY,
    beta,
    z,
    kalmanBeta: null,
    kalmanZ: null,
  }));
const run = (rows: readonly Row[], params: Partial<BacktestParams>) =>
  runBacktest({ interval: '1m', figures: figures(rows) }, { window: 30, ...params });

const close = (actual: number | null, expected: number) => expect(actual).toBeCloseTo(expected, 9);

describe('the backtester on hand-built figures', () => {
  it('next-close: a short and a long, filled one bar after their signals, the last closed at the end of the range', () => {
    const r = run(
      [
        [100, 50, null, null], // 0 warm-up: no signal
        [100, 50, 2, 1.0], //     1 |z| ≤ entry: nothing
        [101, 50, 2, 2.5], //     2 z > 2: short signal, β = 2 frozen
        [100, 50, 1.5, 1.8], //   3 fill: q_y = −1000/100 = −10, q_x = +2·10 = +20 at y 100, x 50
        [98, 50, 1.5, 1.0], //    4 mark −10·(98−100) + 20·0 = +20
        [97, 49, 1.5, 0.3], //    5 mark −10·(−3) + 20·(−1) = +10; |z| ≤ 0.5: exit signal
        [96, 49, 1.5, -0.1], //   6 fill: −10·(−4) + 20·(−1) = +20 realized
        [96, 49, 3, -2.2], //     7 z < −2: long signal, β = 3
        [100, 48, 3, -1.9], //    8 fill: q_y = +10, q_x = −30 at y 100, x 48
        [101, 48, 3, -1.0], //    9 mark 10·1 = +10
        [103, 49, 3, -0.8], //   10 mark 10·3 − 30·1 = 0; end of range: closed here at 103, 49
      ],
      { capital: 1000, entry: 2, exit: 0.5 },
    );
    expect(r.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.reason, t.barsHeld])).toEqual([
      ['short', 3, 6, 'exit', 3],
      ['long', 8, 10, 'end', 2],
    ]);
    const [a, b] = r.trades;
    expect([a?.qy, a?.qx, a?.beta, a?.entryPriceY, a?.entryPriceX]).toEqual([-10, 20, 2, 100, 50]);
    expect([a?.exitPriceY, a?.exitPriceX, a?.pnl, a?.fees]).toEqual([96, 49, 20, 0]);
    expect([b?.qy, b?.qx, b?.entryPriceY, b?.entryPriceX]).toEqual([10, -30, 100, 48]);
    expect([b?.exitPriceY, b?.exitPriceX, b?.pnl]).toEqual([103, 49, 0]);
    expect(r.equity.map((p) => p.equity)).toEqual([
      1000, 1000, 1000, 1000, 1020, 1010, 1020, 1020, 1020, 1030, 1020,
    ]);
    expect(r.equity.map((p) => p.position)).toEqual([
      'flat',
      'flat',
      'flat',
      'short',
      'short',
      'short',
      'flat',
      'flat',
      'long',
      'long',
      'flat',
    ]);
    expect(r.fills.map((f) => [f.index, f.action, f.signalIndex])).toEqual([
      [3, 'open', 2],
      [6, 'close', 5],
      [8, 'open', 7],
      [10, 'close', 10],
    ]);
    const m = r.metrics;
    expect(m.totalPnl).toBe(20);
    close(m.totalReturn, 0.02);
    expect([m.tradeCount, m.hitRate, m.avgBarsHeld]).toEqual([2, 0.5, 2.5]);
    close(m.exposure, 5 / 11);
    // Fill notionals: 10·100 + 20·50 = 2000; 10·96 + 20·49 = 1940; 10·100 + 30·48 = 2440;
    // 10·103 + 30·49 = 2500. Σ = 8880 over capital 1000.
    close(m.turnover, 8.88);
    expect(m.feesPaid).toBe(0);
    // Peak 1020 (bar 4) to 1010 (bar 5); 1030 → 1020 is a smaller fraction.
    close(m.maxDrawdown, 10 / 1020);
    close(m.maxDrawdownAbs, 10);
    // Returns bar to bar; 1m bars: 365·86,400 / 60 = 525,600 bars a year.
    const rets = [
      0,
      0,
      0,
      0.02,
      1010 / 1020 - 1,
      1020 / 1010 - 1,
      0,
      0,
      1030 / 1020 - 1,
      1020 / 1030 - 1,
    ];
    const mean = rets.reduce((s, v) => s + v, 0) / 10;
    const sd = Math.sqrt(rets.reduce((s, v) => s + (v - mean) ** 2, 0) / 9);
    expect(m.barsPerYear).toBe(525_600);
    close(m.sharpe, (mean / sd) * Math.sqrt(525_600));
  });

  it('same-close with slippage and fees: fills at the signal bar, prices moved against the trade, fees on each leg', () => {
    const r = run(
      [
        [100, 50, null, null],
        // 1 z > 2: short, filled at this close. Sell y at 100·(1 − 1%) = 99, so
        //   q_y = −990/99 = −10; buy x at 50·1.01 = 50.5, q_x = +2·10 = +20.
        //   Fees 10 bps: 10·99·0.001 = 0.99 and 20·50.5·0.001 = 1.01, 2.00 in all.
        //   Mark at the closes: −10·(100 − 99) + 20·(50 − 50.5) = −20; equity 990 − 2 − 20 = 968.
        [100, 50, 2, 2.5],
        // 2 |z| ≤ 0.5: exit at this close. Buy y at 95·1.01 = 95.95, sell x at 50·0.99 = 49.5.
        //   Gross −10·(95.95 − 99) + 20·(49.5 − 50.5) = 30.5 − 20 = 10.5.
        //   Fees 10·95.95·0.001 = 0.9595 and 20·49.5·0.001 = 0.99: 1.9495.
        //   P&L 10.5 − 2 − 1.9495 = 6.5505; equity 996.5505.
        [95, 50, 2, 0.4],
        [95, 50, 2, -0.1],
      ],
      { fill: 'same-close', capital: 990, entry: 2, exit: 0.5, feeBps: 10, slippageBps: 100 },
    );
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect([t?.entryIndex, t?.exitIndex, t?.entrySignalIndex, t?.exitSignalIndex]).toEqual([
      1, 2, 1, 2,
    ]);
    close(t?.qy ?? NaN, -10);
    close(t?.qx ?? NaN, 20);
    close(t?.entryPriceY ?? NaN, 99);
    close(t?.entryPriceX ?? NaN, 50.5);
    close(t?.exitPriceY ?? NaN, 95.95);
    close(t?.exitPriceX ?? NaN, 49.5);
    close(t?.fees ?? NaN, 3.9495);
    close(t?.pnl ?? NaN, 6.5505);
    const fees = r.fills.map((f) => [f.y.fee, f.x.fee]);
    close(fees[0]?.[0] ?? NaN, 0.99);
    close(fees[0]?.[1] ?? NaN, 1.01);
    close(fees[1]?.[0] ?? NaN, 0.9595);
    close(fees[1]?.[1] ?? NaN, 0.99);
    const eq = r.equity.map((p) => p.equity);
    close(eq[1] ?? NaN, 968);
    close(eq[2] ?? NaN, 996.5505);
    close(eq[3] ?? NaN, 996.5505);
    close(r.metrics.totalPnl, 6.5505);
    close(r.metrics.feesPaid, 3.9495);
    close(r.metrics.turnover, (990 + 1010 + 959.5 + 990) / 990);
    close(r.metrics.exposure, 1 / 4);
    expect(r.metrics.hitRate).toBe(1);
  });

  it('a stop closes the trade and blocks re-entry until |z| is back within entry; entry is strict, exit inclusive', () => {
    const r = run(
      [
        [100, 50, null, null], // 0
        [100, 50, 1, 2.5], //      1 short signal, β = 1
        [100, 50, 1, 2.8], //      2 fill q_y = −10, q_x = +10 at 100, 50
        [102, 50, 1, 3.2], //      3 |z| ≥ 3: stop signal
        [103, 50, 1, 2.9], //      4 fill: −10·3 = −30; flat, but 2.9 > entry and stopped: no entry
        [103, 50, 1, 2.6], //      5 still stopped
        [103, 50, 1, 1.9], //      6 |z| ≤ 2: re-armed (and no entry at 1.9)
        [100, 50, 1, 2.1], //      7 short signal
        [100, 50, 1, 1.0], //      8 fill q_y = −10, q_x = +10 at 100, 50
        [99, 51, 1, 0.5], //       9 |z| = 0.5 ≤ exit: exit signal; mark +10 + 10 = 20
        [98, 50, 1, 0.1], //      10 fill: −10·(−2) + 10·0 = +20
        [98, 50, 1, -2.0], //     11 |z| = 2 is not > 2: no entry
      ],
      { capital: 1000, entry: 2, exit: 0.5, stop: 3 },
    );
    expect(
      r.trades.map((t) => [t.side, t.entryIndex, t.exitSignalIndex, t.exitIndex, t.reason, t.pnl]),
    ).toEqual([
      ['short', 2, 3, 4, 'stop', -30],
      ['short', 8, 9, 10, 'exit', 20],
    ]);
    expect(r.equity.map((p) => p.equity)).toEqual([
      1000, 1000, 1000, 980, 970, 970, 970, 970, 970, 990, 990, 990,
    ]);
    expect(r.metrics.totalPnl).toBe(-10);
    expect(r.metrics.hitRate).toBe(0.5);
    close(r.metrics.maxDrawdown, 30 / 1000);
  });

  it('maxBars closes a trade maxBars bars after its entry fill; a new signal on the exit bar is allowed; the end closes the rest', () => {
    const r = run(
      [
        [100, 50, null, null], // 0
        [100, 50, 1, -2.5], //     1 long signal, β = 1
        [100, 50, 1, -2.4], //     2 fill q_y = +10, q_x = −10 at 100, 50 (held 0)
        [101, 50, 1, -2.3], //     3 held 1
        [102, 50, 1, -2.2], //     4 held 2 ≥ maxBars: max-bars signal
        [103, 51, 1, -2.1], //     5 fill: 10·3 − 10·1 = +20; flat, z < −2: long signal
        [100, 51, 1, -1.0], //     6 fill q_y = +10, q_x = −10 at 100, 51; last bar: closed at once, P&L 0
      ],
      { capital: 1000, entry: 2, exit: 0.5, maxBars: 2 },
    );
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.reason, t.pnl, t.barsHeld])).toEqual([
      [2, 5, 'max-bars', 20, 3],
      [6, 6, 'end', 0, 0],
    ]);
    expect(r.equity.map((p) => p.equity)).toEqual([1000, 1000, 1000, 1010, 1020, 1020, 1020]);
  });

  it('a next-close signal on the last bar is dropped: no close to fill at', () => {
    const r = run(
      [
        [100, 50, null, null],
        [100, 50, 1, 1],
        [100, 50, 1, 2.5],
      ],
      { capital: 1000 },
    );
    expect(r.trades).toEqual([]);
    expect(r.fills).toEqual([]);
    expect(r.equity.map((p) => p.equity)).toEqual([1000, 1000, 1000]);
    expect(r.metrics.sharpe).toBeNull();
  });

  it('uses the Kalman figures when the hedge says so', () => {
    const f = figures([
      [100, 50, null, null],
      [100, 50, 1, 0],
      [100, 50, 1, 0],
    ]).map((b, i) => ({ ...b, kalmanBeta: 2, kalmanZ: i === 1 ? 3 : 0 }));
    const r = runBacktest({ interval: '1m', figures: f }, { hedge: 'kalman', capital: 1000 });
    expect(r.trades.map((t) => [t.side, t.beta, t.qy, t.qx, t.reason])).toEqual([
      ['short', 2, -10, 20, 'end'],
    ]);
  });
});
