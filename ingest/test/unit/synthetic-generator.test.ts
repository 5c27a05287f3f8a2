import { DEFAULT_SYNTHETIC_SYMBOLS, SyntheticTrades, type TapeTrade } from '../../src';

function take(generator: SyntheticTrades, n: number): TapeTrade[] {
  return Array.from({ length: n }, () => generator.next().value as TapeTrade);
}

/** Last price per whole second per symbol, for seconds where both symbols traded or carried. */
function secondBars(
  trades: readonly TapeTrade[],
  x: string,
  y: string,
): { x: number[]; y: number[] } {
  const last = new Map<string, number>();
  const bars = { x: [] as number[], y: [] as number[] };
  let second = Math.floor((trades[0]?.time ?? 0) / 1000);
  for (const t of trades) {
    const s = Math.floor(t.time / 1000);
    while (s > second) {
      const px = last.get(x);
      const py = last.get(y);
      if (px !== undefined && py !== undefined) {
        bars.x.push(px);
        bars.y.push(py);
      }
      second++;
    }
    last.set(t.symbol, Number(t.price));
  }
  return bars;
}

function ols(
  x: readonly number[],
  y: readonly number[],
): { beta: number; alpha: number; residuals: number[] } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((x[i] ?? 0) - mx) * ((y[i] ?? 0) - my);
    sxx += ((x[i] ?? 0) - mx) ** 2;
  }
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  return { beta, alpha, residuals: x.map((xi, i) => (y[i] ?? 0) - alpha - beta * xi) };
}

describe('the synthetic trade generator', () => {
  it('gives the same trades for the same seed and different ones for another seed', () => {
    const a = take(new SyntheticTrades({ seed: 1 }), 2_000);
    const b = take(new SyntheticTrades({ seed: 1 }), 2_000);
    const c = take(new SyntheticTrades({ seed: 2 }), 2_000);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('produces sequential ids per symbol, non-decreasing times and valid decimals', () => {
    const trades = take(new SyntheticTrades({ seed: 3 }), 20_000);
    const lastId = new Map<string, number>();
    const problems: string[] = [];
    let lastTime = 0;
    for (const t of trades) {
      const previous = lastId.get(t.symbol);
      if (previous !== undefined && t.id !== previous + 1)
        problems.push(`id ${t.id} after ${previous}`);
      lastId.set(t.symbol, t.id);
      if (t.time < lastTime) problems.push(`time ${t.time} after ${lastTime}`);
      if (t.eventTime <= t.time) problems.push(`event time ${t.eventTime} not after ${t.time}`);
      lastTime = t.time;
      if (!/^\d+(\.\d+)?$/.test(t.price) || !(Number(t.price) > 0))
        problems.push(`price ${t.price}`);
      if (!(Number(t.qty) > 0)) problems.push(`qty ${t.qty}`);
    }
    expect(problems).toEqual([]);
    expect([...lastId.keys()].sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('trades each symbol at its configured rate', () => {
    const trades = take(new SyntheticTrades({ seed: 4 }), 43_000);
    const seconds = ((trades.at(-1)?.time ?? 0) - (trades[0]?.time ?? 0)) / 1000;
    for (const spec of DEFAULT_SYNTHETIC_SYMBOLS) {
      const rate = trades.filter((t) => t.symbol === spec.symbol).length / seconds;
      expect(rate).toBeGreaterThan(spec.tradesPerSecond * 0.9);
      expect(rate).toBeLessThan(spec.tradesPerSecond * 1.1);
    }
  });

  it('makes ETHUSDT cointegrated with BTCUSDT: the regression finds the hedge ratio and a mean-reverting spread', () => {
    const trades = take(new SyntheticTrades({ seed: 5 }), 150_000);
    const bars = secondBars(trades, 'BTCUSDT', 'ETHUSDT');
    const { beta, residuals } = ols(bars.x, bars.y);
    expect(beta).toBeGreaterThan(0.053 * 0.85);
    expect(beta).toBeLessThan(0.053 * 1.15);
    // AR(1) of the residual: clearly below 1, near exp(-ln 2 / 120 s) for 1 s bars.
    let num = 0;
    let den = 0;
    for (let i = 1; i < residuals.length; i++) {
      num += (residuals[i] ?? 0) * (residuals[i - 1] ?? 0);
      den += (residuals[i - 1] ?? 0) ** 2;
    }
    const rho = num / den;
    expect(rho).toBeLessThan(0.999);
    expect(rho).toBeGreaterThan(0.95);
  }, 20_000);
});
