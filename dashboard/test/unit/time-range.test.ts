import { intervalForSpan } from '../../src/data/intervals';
import { MAX_BARS, resolveRange } from '../../src/data/time-range';

const NOW = Date.UTC(2024, 6, 19, 12, 0, 0);

describe('resolving the chosen time range', () => {
  it('asks for the newest bars at the chosen interval in the live view', () => {
    const r = resolveRange({ range: 'live', interval: '1s', from: null, to: null, bars: 300 }, NOW);
    expect(r).toMatchObject({
      interval: '1s',
      last: 300,
      from: null,
      live: true,
      coarsened: false,
    });
  });

  it('asks for a long range at a coarser interval so the chart never holds too many candles', () => {
    const hour = resolveRange(
      { range: '1h', interval: '1s', from: null, to: null, bars: 300 },
      NOW,
    );
    expect(hour).toMatchObject({
      interval: '1m',
      coarsened: true,
      from: NOW - 3_600_000,
      bars: 60,
      live: true,
    });
    const day = resolveRange({ range: '1d', interval: '1m', from: null, to: null, bars: 300 }, NOW);
    expect(day).toMatchObject({
      interval: '1m',
      coarsened: false,
      bars: 1_440,
      rollingMs: 86_400_000,
    });
  });

  it('treats a custom range without an end as live and one with an end as fixed', () => {
    const from = NOW - 7_200_000;
    expect(
      resolveRange({ range: 'custom', interval: '1m', from, to: null, bars: 300 }, NOW),
    ).toMatchObject({ live: true, from, to: null, bars: 120 });
    expect(
      resolveRange({ range: 'custom', interval: '1m', from, to: NOW - 3_600_000, bars: 300 }, NOW),
    ).toMatchObject({
      live: false,
      bars: 60,
      rollingMs: null,
    });
  });

  it('picks the first interval whose bar count fits', () => {
    expect(intervalForSpan('1s', 1_000 * MAX_BARS, MAX_BARS)).toBe('1s');
    expect(intervalForSpan('1s', 1_000 * MAX_BARS + 1, MAX_BARS)).toBe('1m');
    expect(intervalForSpan('5m', 30 * 86_400_000, MAX_BARS)).toBe('1h');
    expect(intervalForSpan('1m', 10 * 365 * 86_400_000, MAX_BARS)).toBe('1d');
  });
});
