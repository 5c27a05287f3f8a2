import { PAIR_DEFAULTS, parsePairSpec, type Candle, type PairSpec } from '@tickstream/schema';
import { PairEngine } from '../../../src/pairs/pair-engine';
import { mulberry32 as seededRandom } from '@tickstream/testkit';

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

const spec: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1s',
  olsWindow: 30,
  zScoreWindow: 10,
  corrWindow: 20,
  testEvery: 5,
};

function feed(engine: PairEngine, xs: readonly number[], ys: readonly number[]) {
  return xs.flatMap((x, i) => {
    engine.addLegBar('x', candle('BTCUSDT', i * 1000, x));
    return engine.addLegBar('y', candle('ETHUSDT', i * 1000, ys[i]!));
  });
}

describe('the pair engine', () => {
  it('parses pair specs as y/x@interval and rejects malformed ones', () => {
    expect(parsePairSpec('ethusdt/BTCUSDT@1m')).toMatchObject({
      symbolY: 'ETHUSDT',
      symbolX: 'BTCUSDT',
      interval: '1m',
    });
    expect(parsePairSpec('ETHUSDT/ETHUSDT@1m')).toBeUndefined();
    expect(parsePairSpec('ETHUSDT/BTCUSDT@2m')).toBeUndefined();
    expect(parsePairSpec('ETHUSDT-BTCUSDT@1m')).toBeUndefined();
  });

  it('says why figures are null before the windows are full, and never emits NaN', () => {
    const rand = seededRandom(1);
    const xs = Array.from({ length: 80 }, (_, i) => 100 + i * 0.1 + rand());
    const outputs = feed(
      new PairEngine(spec),
      xs,
      xs.map((x) => 3 + 2 * x + rand()),
    );
    expect(outputs).toHaveLength(80);
    const first = outputs[0]!.analytics;
    expect(first.hedgeRatio).toBeNull();
    expect(first.nullReasons).toMatchObject({
      hedgeRatio: 'window not full yet',
      zScore: 'window not full yet',
    });
    expect(first.nullReasons['adf']).toBe('window not full yet');
    const last = outputs[79]!.analytics;
    expect(last.hedgeRatio).toBeCloseTo(2, 0);
    expect(last.zScore).not.toBeNull();
    expect(last.adf).not.toBeNull();
    expect(JSON.stringify(outputs)).not.toMatch(/NaN|Infinity/);
  });

  it('raises one z-score entry alert per crossing and an exit alert when the spread comes back', () => {
    const rand = seededRandom(2);
    const xs = Array.from({ length: 120 }, (_, i) => 100 + Math.sin(i / 7) * 5 + rand() * 0.01);
    const noise = xs.map(() => (rand() - 0.5) * 0.2);
    // A jump of the spread held for 3 bars, then back to normal.
    const ys = xs.map((x, i) => 1 + 2 * x + noise[i]! + (i >= 90 && i < 93 ? 3 : 0));
    const alerts = feed(new PairEngine(spec), xs, ys).flatMap((o) => o.alerts);
    const z = alerts.filter((a) => a.kind.startsWith('zscore'));
    expect(z.map((a) => [a.kind, a.time])).toEqual([
      ['zscore-entry', 90_000],
      ['zscore-exit', z[1]?.time],
    ]);
    expect(z[1]!.time).toBeGreaterThan(92_000);
    expect(z[0]!.message).toMatch(/^Z: \d+(\.\d+)? > 2$/);
    expect(z[0]!.id).toBe('zscore-entry:ETHUSDT/BTCUSDT:1s:90000');
    expect(z.map((a) => [a.fromState, a.toState])).toEqual([
      ['inside', 'above'],
      ['above', 'inside'],
    ]);
  });

  it('raises a correlation break once while the correlation stays low', () => {
    const rand = seededRandom(3);
    const xs = Array.from({ length: 140 }, (_, i) => 100 + i * 0.5 + rand() * 0.1);
    const ys = xs.map((x, i) => (i < 70 ? 2 * x + rand() * 0.1 : 300 + (rand() - 0.5) * 20));
    const breaks = feed(new PairEngine(spec), xs, ys)
      .flatMap((o) => o.alerts)
      .filter((a) => a.kind === 'correlation-break');
    expect(breaks).toHaveLength(1);
    expect(breaks[0]!.value).toBeLessThan(0.5);
    expect([breaks[0]!.fromState, breaks[0]!.toState]).toEqual(['correlated', 'broken']);
  });
});
