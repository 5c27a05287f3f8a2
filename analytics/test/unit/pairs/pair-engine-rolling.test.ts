import { PAIR_DEFAULTS, type Candle, type PairAnalytics, type PairSpec } from '@tickstream/schema';
import { mulberry32 } from '@tickstream/testkit';
import { PairEngine } from '../../../src/pairs/pair-engine';

function candle(symbol: string, start: number, close: number): Candle {
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval: '1s',
    start,
    end: start + 1000,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    buyVolume: 1,
    sellVolume: 0,
    tradeCount: 1,
    vwap: close,
    firstTradeId: 1,
    lastTradeId: 1,
    version: 1,
    final: true,
  };
}

function run(spec: PairSpec, tests: 'rolling' | 'refit', xs: number[], ys: number[]) {
  const engine = new PairEngine(spec, { tests });
  const out: PairAnalytics[] = [];
  xs.forEach((x, i) => {
    engine.addLegBar('x', candle(spec.symbolX, i * 1000, x));
    for (const o of engine.addLegBar('y', candle(spec.symbolY, i * 1000, ys[i] as number)))
      out.push(o.analytics);
  });
  return out;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/**
 * A cointegrated stretch, a flat x (constant-leg windows), an exact linear relation
 * (perfect-fit windows) and an independent walk: the engine with rolling tests says what the
 * window refit says at every bar — the same nulls and reasons, values within 1e-8.
 */
describe('PairEngine with rolling tests', () => {
  const random = mulberry32(15);
  const normal = () => {
    let s = 0;
    for (let i = 0; i < 12; i++) s += random();
    return s - 6;
  };
  const xs: number[] = [];
  const ys: number[] = [];
  let x = 3000;
  let noise = 0;
  let z = 60000;
  for (let i = 0; i < 900; i++) {
    if (i < 300 || i >= 400) x += normal() * 3;
    noise = 0.8 * noise + normal() * 4;
    z += normal() * 30;
    let y = 2.5 + 1.7 * x + noise;
    if (i >= 450 && i < 600) y = Math.round((2.5 + 1.7 * x) * 1e8) / 1e8;
    if (i >= 700) y = z;
    xs.push(Math.round(x * 100) / 100);
    ys.push(y);
  }

  for (const window of [30, 120]) {
    it(`gives the refit's tests at every bar (window ${window}, tests every bar)`, () => {
      const spec: PairSpec = {
        ...PAIR_DEFAULTS,
        symbolX: 'XUSDT',
        symbolY: 'YUSDT',
        interval: '1s',
        olsWindow: window,
        zScoreWindow: 10,
        corrWindow: 20,
        testEvery: 1,
      };
      const rolling = run(spec, 'rolling', xs, ys);
      const refit = run(spec, 'refit', xs, ys);
      expect(rolling).toHaveLength(refit.length);
      let compared = 0;
      const nulls = new Set<string>();
      rolling.forEach((r, i) => {
        const e = refit[i] as PairAnalytics;
        const at = `bar ${i}`;
        expect(`${at} ${JSON.stringify(r.nullReasons)}`).toBe(
          `${at} ${JSON.stringify(e.nullReasons)}`,
        );
        for (const key of ['adf', 'coint'] as const) {
          const a = r[key];
          const b = e[key];
          if (a === null || b === null) {
            expect(`${at} ${key} ${a === null}`).toBe(`${at} ${key} ${b === null}`);
            if (b === null) nulls.add(e.nullReasons[key] ?? '?');
            continue;
          }
          expect(rel(a.statistic, b.statistic)).toBeLessThan(1e-8);
          expect(Math.abs(a.pValue - b.pValue)).toBeLessThanOrEqual(1e-9 + 1e-6 * b.pValue);
          compared += 1;
        }
        if (r.hurst !== null && e.hurst !== null)
          expect(Math.abs(r.hurst - e.hurst)).toBeLessThan(1e-9);
        else expect(r.hurst).toBe(e.hurst);
        if (r.halfLife !== null && e.halfLife !== null)
          expect(rel(r.halfLife, e.halfLife)).toBeLessThan(1e-8);
        else expect(r.halfLife).toBe(e.halfLife);
      });
      expect(compared).toBeGreaterThan(1000);
      // the degenerate stretches did produce nulls, and they agreed
      expect(nulls.size).toBeGreaterThan(0);
    });
  }
});
