import {
  DEFAULT_SYNTHETIC_SYMBOLS,
  PLANTED_MARKET_SYMBOLS,
  PLANTED_PAIRS,
  SyntheticTrades,
  syntheticSymbols,
  type TapeTrade,
} from '../../src';

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

  describe('the planted market preset', () => {
    const hours = 6;
    const symbols = syntheticSymbols('market');
    const startTime = Date.UTC(2024, 6, 19);
    const seconds = hours * 3_600;
    // Last price of every symbol at the end of every second (carried when it did not trade).
    const closes = new Map(symbols.map((s) => [s.symbol, new Float64Array(seconds)]));
    {
      const generator = new SyntheticTrades({ seed: 9, symbols, startTime });
      const last = new Map<string, number>();
      let second = 0;
      for (let t = generator.next().value; t !== undefined; t = generator.next().value) {
        const s = Math.floor((t.time - startTime) / 1000);
        for (; second < s && second < seconds; second++) {
          for (const [symbol, series] of closes) series[second] = last.get(symbol) ?? NaN;
        }
        if (s >= seconds) break;
        last.set(t.symbol, Number(t.price));
      }
    }
    /** Both legs' closes from the first second where both had traded. */
    function bars(x: string, y: string, every = 1): { x: number[]; y: number[] } {
      const xs = closes.get(x) ?? new Float64Array();
      const ys = closes.get(y) ?? new Float64Array();
      const out = { x: [] as number[], y: [] as number[] };
      for (let i = 0; i < seconds; i += every) {
        const px = xs[i] ?? NaN;
        const py = ys[i] ?? NaN;
        if (Number.isFinite(px) && Number.isFinite(py)) {
          out.x.push(px);
          out.y.push(py);
        }
      }
      return out;
    }

    /** Autocovariance of a centred series at a lag. */
    function autocovariance(series: readonly number[], lag: number): number {
      let sum = 0;
      for (let i = lag; i < series.length; i++) sum += (series[i] ?? 0) * (series[i - lag] ?? 0);
      return sum / (series.length - lag);
    }

    /** AR(1) coefficient of a series (no constant: the spread is centred by the regression). */
    function ar1(series: readonly number[]): number {
      let num = 0;
      let den = 0;
      for (let i = 1; i < series.length; i++) {
        num += (series[i] ?? 0) * (series[i - 1] ?? 0);
        den += (series[i - 1] ?? 0) ** 2;
      }
      return num / den;
    }

    it('has 30 symbols, ten of them planted on ten different independent legs', () => {
      expect(PLANTED_MARKET_SYMBOLS).toHaveLength(30);
      expect(new Set(PLANTED_MARKET_SYMBOLS.map((s) => s.symbol)).size).toBe(30);
      expect(new Set(PLANTED_PAIRS.map((p) => p.x)).size).toBe(10);
      expect(syntheticSymbols('default')).toBe(DEFAULT_SYNTHETIC_SYMBOLS);
    });

    it('gives each planted pair its hedge ratio and a spread that reverts at its half-life', () => {
      for (const pair of PLANTED_PAIRS) {
        const legs = bars(pair.x, pair.y);
        const { beta, residuals } = ols(legs.x, legs.y);
        // The slope's sampling error: the residual's variance, inflated by its
        // autocorrelation ((1 + rho) / (1 - rho) for an AR(1)), over n times x's variance.
        const rhoSpread = Math.exp(-Math.LN2 / pair.halfLifeSeconds);
        const n = legs.x.length;
        const meanX = legs.x.reduce((a, b) => a + b, 0) / n;
        const varX = legs.x.reduce((a, b) => a + (b - meanX) ** 2, 0) / n;
        const varResidual = residuals.reduce((a, b) => a + b * b, 0) / n;
        const seBeta = Math.sqrt((varResidual * (1 + rhoSpread)) / (1 - rhoSpread) / (n * varX));
        expect(Math.abs(beta - pair.hedgeRatio)).toBeLessThan(4 * seBeta);
        // 1 s bars: the spread is an AR(1) with rho = exp(-ln 2 / half-life). The closes add
        // the trades' own noise (bid-ask bounce, ticks, closes up to a second old), which is
        // uncorrelated beyond one second: so rho is the ratio of the autocovariances at lags 3
        // and 2, which that noise does not touch.
        const rho = Math.exp(-Math.LN2 / pair.halfLifeSeconds);
        const estimate = autocovariance(residuals, 3) / autocovariance(residuals, 2);
        const halfLife = -Math.LN2 / Math.log(estimate);
        // The AR(1) estimate's standard error is sqrt((1 - rho^2) / n); a ratio of two
        // autocovariances is taken as having at most twice that.
        const se = 2 * Math.sqrt((1 - rho * rho) / residuals.length);
        expect(Math.abs(estimate - rho)).toBeLessThan(4 * se);
        expect(halfLife / pair.halfLifeSeconds).toBeGreaterThan(0.75);
        expect(halfLife / pair.halfLifeSeconds).toBeLessThan(1.33);
      }
    }, 60_000);

    it('leaves the independent symbols without a mean-reverting spread', () => {
      const independent = symbols.filter((s) => s.cointegration === undefined);
      // On minute samples (the trades' noise averages out of the comparison): a planted
      // spread keeps at most exp(-ln 2 · 60 / its half-life) of itself a minute on; the
      // residual of two random walks wanders, next to 1.
      const slowestPlanted = Math.exp(
        (-Math.LN2 * 60) / Math.max(...PLANTED_PAIRS.map((p) => p.halfLifeSeconds)),
      );
      expect(slowestPlanted).toBeLessThan(0.71);
      for (let i = 1; i < independent.length; i += 2) {
        const legs = bars(independent[i - 1]?.symbol ?? '', independent[i]?.symbol ?? '', 60);
        expect(ar1(ols(legs.x, legs.y).residuals)).toBeGreaterThan(0.85);
      }
      for (const pair of PLANTED_PAIRS) {
        const legs = bars(pair.x, pair.y, 60);
        // beside what is left of the spread, the closes' own noise: the estimate of an AR(1)
        // coefficient near 0 from n samples has a standard error of 1/√n
        const se = 1 / Math.sqrt(legs.x.length);
        expect(ar1(ols(legs.x, legs.y).residuals)).toBeLessThan(slowestPlanted + 4 * se);
      }
    }, 60_000);
  });
});
