import { mulberry32 } from '@tickstream/testkit';
import {
  adfTest,
  cointTest,
  RollingAdf,
  RollingPairTests,
  fitOls,
  hurstExponent,
  spreadSeries,
  type AdfOptions,
  type Maybe,
} from '../../../src/numerics';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function normals(seed: number) {
  const random = mulberry32(seed);
  return () => {
    let s = 0;
    for (let i = 0; i < 12; i++) s += random();
    return s - 6;
  };
}

function expectSame<T extends { statistic: number }>(
  got: Maybe<T>,
  want: Maybe<T>,
  tol: number,
  at: string,
) {
  if (want.value === null || got.value === null) {
    expect(`${at} ${got.value === null ? got.reason : 'value'}`).toBe(
      `${at} ${want.value === null ? want.reason : 'value'}`,
    );
    return;
  }
  expect(rel(got.value.statistic, want.value.statistic)).toBeLessThan(tol);
}

describe('rolling ADF / Engle–Granger', () => {
  it('stays within 1e-9 of the refit after 20,000 bars of prices near 3e4 (drift bounded by the rebuild)', () => {
    const normal = normals(3);
    const w = 200;
    const pair = new RollingPairTests({ window: w });
    const adf = new RollingAdf({ window: w, regression: 'ct', autoLag: 'AIC' });
    const xs: number[] = [];
    const ys: number[] = [];
    let x = 30000;
    let noise = 0;
    for (let i = 0; i < 20000; i++) {
      // a volatility collapse and a jump inside the run
      const vol = i > 9000 && i < 9600 ? 0.01 : 5;
      x += normal() * vol + (i === 15000 ? 800 : 0);
      noise = 0.9 * noise + normal() * 3;
      xs.push(x);
      ys.push(0.05 * x + 100 + noise);
      pair.update(x, ys[i] as number);
      adf.update(x);
    }
    // the last w bars: every offset from the last rebuild, the worst just before the next
    let checked = 0;
    const p2 = new RollingPairTests({ window: w });
    const a2 = new RollingAdf({ window: w, regression: 'ct', autoLag: 'AIC' });
    for (let i = 0; i < xs.length; i++) {
      p2.update(xs[i] as number, ys[i] as number);
      a2.update(xs[i] as number);
      if (i < xs.length - w) continue;
      const X = xs.slice(i - w + 1, i + 1);
      const Y = ys.slice(i - w + 1, i + 1);
      expectSame(p2.coint(), cointTest(Y, X), 1e-9, `coint bar ${i}`);
      expectSame(
        a2.result(),
        adfTest(X, { regression: 'ct', autoLag: 'AIC' }),
        1e-9,
        `adf bar ${i}`,
      );
      const fit = fitOls(X, Y).value;
      if (fit === null) throw new Error('no fit');
      const h = hurstExponent(spreadSeries(X, Y, fit.beta, fit.alpha)).value?.hurst ?? null;
      const got = p2.hurst().value?.hurst ?? null;
      if (h === null || got === null) expect(got).toBe(h);
      else expect(Math.abs(got - h)).toBeLessThan(1e-10);
      checked += 1;
    }
    expect(checked).toBe(w);
    expect(pair.coint().value?.statistic).toBe(p2.coint().value?.statistic);
    expect(adf.result().value?.statistic).toBe(a2.result().value?.statistic);
  });

  it('answers degenerate windows with the refit’s null and reason', () => {
    const w = 40;
    const cases: Array<[string, (i: number) => [number, number]]> = [
      ['constant y', (i) => [100 + i * 0.5 + Math.sin(i), 7]],
      ['constant x', (i) => [5, 100 + Math.sin(i * 0.7) + i * 0.1]],
      ['exact linear', (i) => [100 + Math.sin(i) * 3 + i, 2 * (100 + Math.sin(i) * 3 + i) + 1]],
      ['both constant', () => [3, 4]],
    ];
    for (const [name, f] of cases) {
      const t = new RollingPairTests({ window: w });
      const a = new RollingAdf({ window: w });
      let nulls = 0;
      for (let i = 0; i < 3 * w; i++) {
        const [x, y] = f(i);
        t.update(x, y);
        a.update(y);
        const X: number[] = [];
        const Y: number[] = [];
        for (let k = Math.max(0, i - w + 1); k <= i; k++) {
          const [xk, yk] = f(k);
          X.push(xk);
          Y.push(yk);
        }
        const at = `${name} bar ${i}`;
        const exact = i < w - 1 ? null : cointTest(Y, X);
        const got = t.coint();
        if (exact === null) {
          expect(got.value === null ? got.reason : 'value').toBe('window-not-full');
          continue;
        }
        expectSame(got, exact, 1e-8, at);
        expectSame(a.result(), adfTest(Y), 1e-8, at);
        if (exact.value === null) nulls += 1;
      }
      expect(nulls).toBeGreaterThan(0);
    }
  });

  it('rejects non-finite bars and passes options it cannot answer to the refit', () => {
    const normal = normals(9);
    const w = 60;
    const t = new RollingPairTests({ window: w });
    const a = new RollingAdf({ window: w, regression: 'c', maxLag: 40, autoLag: null });
    const xs: number[] = [];
    const ys: number[] = [];
    let x = 100;
    for (let i = 0; i < 2 * w; i++) {
      x += normal();
      xs.push(x);
      ys.push(3 + 2 * x + normal());
      expect(t.update(x, ys[i] as number)).toBe(true);
      a.update(x);
      expect(t.update(Number.NaN, 1)).toBe(false);
      expect(a.update(Number.POSITIVE_INFINITY)).toBe(false);
    }
    const X = xs.slice(-w);
    const Y = ys.slice(-w);
    const options: AdfOptions = { regression: 'c', maxLag: 40, autoLag: null };
    expectSame(a.result(), adfTest(X, options), 1e-12, 'lag too large');
    expect(a.result().value === null ? a.result() : null).toMatchObject({
      reason: 'lag-too-large',
    });
    expectSame(t.coint({ trend: 'n' }), cointTest(Y, X, { trend: 'n' }), 1e-12, "trend 'n'");
    expectSame(t.coint({ maxLag: 20 }), cointTest(Y, X, { maxLag: 20 }), 1e-8, 'maxLag 20');
  });
});
