import {
  patchCandle,
  summarizePrice,
  toPriceSeries,
  trimBefore,
  type CandleInput,
} from '../../src/data/candles';

const T0 = Date.UTC(2024, 6, 19, 0, 0, 0);

function candle(i: number, close: number, extra: Partial<CandleInput> = {}): CandleInput {
  return {
    start: T0 + i * 60_000,
    end: T0 + (i + 1) * 60_000,
    open: close - 1,
    high: close + 2,
    low: close - 3,
    close,
    volume: 10 + i,
    tradeCount: 5,
    final: true,
    version: 1,
    ...extra,
  };
}

describe('shaping candles for the price chart', () => {
  it('turns query results into candlestick points and volume bars in time order', () => {
    const series = toPriceSeries([candle(0, 100), candle(1, 101)]);
    expect(series.ohlc).toEqual([
      { x: T0, o: 99, h: 102, l: 97, c: 100 },
      { x: T0 + 60_000, o: 100, h: 103, l: 98, c: 101 },
    ]);
    expect(series.volume).toEqual([
      { x: T0, y: 10 },
      { x: T0 + 60_000, y: 11 },
    ]);
    expect(series.barMs).toBe(60_000);
  });

  it('replaces the open candle in place when a partial update of the same bar arrives', () => {
    const series = toPriceSeries([candle(0, 100), candle(1, 101, { final: false, version: 3 })]);
    const ohlc = series.ohlc;
    const result = patchCandle(
      series,
      candle(1, 105, { final: false, version: 4, tradeCount: 9 }),
      300,
    );
    expect(result).toBe('replaced');
    expect(series.ohlc).toBe(ohlc);
    expect(series.ohlc).toHaveLength(2);
    expect(series.ohlc[1]).toEqual({ x: T0 + 60_000, o: 104, h: 107, l: 102, c: 105 });
    expect(summarizePrice(series).lastTradeCount).toBe(9);
  });

  it('appends a new bar and drops the oldest beyond the bar limit', () => {
    const series = toPriceSeries([candle(0, 100), candle(1, 101), candle(2, 102)]);
    expect(patchCandle(series, candle(3, 103, { final: false }), 3)).toBe('appended');
    expect(series.ohlc.map((p) => p.c)).toEqual([101, 102, 103]);
    expect(series.volume.map((p) => p.x)).toEqual(series.ohlc.map((p) => p.x));
    expect(series.versions).toHaveLength(3);
  });

  it('ignores an update older than the revision it already holds', () => {
    const series = toPriceSeries([candle(0, 100, { version: 5 })]);
    expect(patchCandle(series, candle(0, 90, { version: 4 }), 300)).toBe('stale');
    expect(series.ohlc[0]?.c).toBe(100);
  });

  it('does not let a late partial update overwrite the final bar', () => {
    const series = toPriceSeries([candle(0, 100, { final: true, version: 2 })]);
    expect(patchCandle(series, candle(0, 90, { final: false, version: 2 }), 300)).toBe('stale');
    expect(patchCandle(series, candle(0, 99, { final: true, version: 3 }), 300)).toBe('replaced');
    expect(series.ohlc[0]?.c).toBe(99);
  });

  it('inserts a revised bar that was missing between two held bars', () => {
    const series = toPriceSeries([candle(0, 100), candle(2, 102)]);
    expect(patchCandle(series, candle(1, 101), 300)).toBe('inserted');
    expect(series.ohlc.map((p) => p.c)).toEqual([100, 101, 102]);
  });

  it('drops bars that fall out of a rolling range', () => {
    const series = toPriceSeries([candle(0, 100), candle(1, 101), candle(2, 102)]);
    expect(trimBefore(series, T0 + 60_000)).toBe(1);
    expect(series.ohlc.map((p) => p.c)).toEqual([101, 102]);
  });

  it('summarizes what is shown: extent, last close and the exclusive end of the newest bar', () => {
    const summary = summarizePrice(
      toPriceSeries([candle(0, 100), candle(1, 110, { final: false })]),
    );
    expect(summary).toEqual({
      bars: 2,
      firstStart: T0,
      lastStart: T0 + 60_000,
      lastEnd: T0 + 120_000,
      lastClose: 110,
      lastFinal: false,
      lastTradeCount: 5,
      low: 97,
      high: 112,
    });
    expect(summarizePrice(toPriceSeries([])).bars).toBe(0);
  });
});
