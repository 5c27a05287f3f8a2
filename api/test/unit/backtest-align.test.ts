import { LegAligner, type AlignedBar } from '@tickstream/analytics';
import { mulberry32 } from '@tickstream/testkit';
import { alignLegs, pageOf, withDrawdown } from '../../src/operations/backtest';

/** A leg of `n` one-second bars with random holes, and its closes by time. */
function leg(seed: number, n: number, start: number) {
  const rand = mulberry32(seed);
  const bars: { start: number; close: number }[] = [];
  for (let i = 0; i < n; i++)
    if (rand() > 0.3) bars.push({ start: start + i * 1000, close: i + seed / 10 });
  return bars;
}

/** The as-of join written out: every time either leg has, up to where both have reached. */
function byHand(x: ReturnType<typeof leg>, y: ReturnType<typeof leg>): AlignedBar[] {
  const end = Math.min(x[x.length - 1]?.start ?? -1, y[y.length - 1]?.start ?? -1);
  const times = [...new Set([...x, ...y].map((b) => b.start))].sort((a, b) => a - b);
  const out: AlignedBar[] = [];
  let cx: number | undefined;
  let cy: number | undefined;
  for (const t of times) {
    if (t > end) break;
    cx = x.find((b) => b.start === t)?.close ?? cx;
    cy = y.find((b) => b.start === t)?.close ?? cy;
    if (cx !== undefined && cy !== undefined) out.push({ time: t, x: cx, y: cy });
  }
  return out;
}

describe('the backtest operation’s pure parts', () => {
  it('aligns the legs as of bar time exactly as the pair stage’s LegAligner, holes in both legs', () => {
    for (const [sx, sy, startY] of [
      [1, 2, 0],
      [3, 4, 5_000],
      [5, 6, -7_000],
    ] as const) {
      const x = leg(sx, 3_000, 0);
      const y = leg(sy, 3_000 - 4, startY);
      const got = alignLegs(x, y);
      expect(got).toEqual(byHand(x, y));
      // Fed one whole leg after the other (as the on-demand pair analysis feeds it): the same.
      const aligner = new LegAligner();
      const whole = [
        ...x.flatMap((b) => aligner.add('x', b.start, b.close)),
        ...y.flatMap((b) => aligner.add('y', b.start, b.close)),
      ];
      expect(got).toEqual(whole);
      expect(got.length).toBeGreaterThan(2_000);
    }
  });

  it('gives each equity point its fall from the running peak, which starts at capital', () => {
    const point = (index: number, equity: number) => ({
      index,
      time: index,
      equity,
      realized: 0,
      unrealized: equity - 100,
      position: 'flat' as const,
    });
    const out = withDrawdown([point(0, 90), point(1, 120), point(2, 90), point(3, 130)], 100);
    expect(out.map((p) => p.drawdown)).toEqual([0.1, 0, 0.25, 0]);
  });

  it('pages a list forward with index cursors and refuses a cursor past its end', () => {
    const items = Array.from({ length: 7 }, (_, i) => i * 10);
    const first = pageOf(items, { first: 3 }, 100);
    expect(first.edges.map((e) => e.node)).toEqual([0, 10, 20]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = pageOf(items, { first: 3, after: first.pageInfo.endCursor }, 100);
    expect(second.edges.map((e) => e.node)).toEqual([30, 40, 50]);
    const last = pageOf(items, { first: 3, after: second.pageInfo.endCursor }, 100);
    expect(last.edges.map((e) => e.node)).toEqual([60]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.totalCount).toBe(7);
    const beyond = pageOf(
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      { first: 1, after: last.pageInfo.endCursor },
      100,
    );
    expect(beyond.edges.map((e) => e.node)).toEqual([8]);
    expect(() => pageOf([1], { after: last.pageInfo.endCursor }, 100)).toThrow(
      'after is not a cursor of this backtest',
    );
    expect(() => pageOf(items, { first: 101 }, 100)).toThrow('first must be between 0 and 100');
  });
});
