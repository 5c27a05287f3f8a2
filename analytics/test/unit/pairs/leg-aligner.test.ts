import { LegAligner } from '../../../src/pairs/leg-aligner';

describe('the leg aligner', () => {
  it('emits a time only once both legs have reached it, carrying the last close of a leg without a bar', () => {
    const a = new LegAligner();
    expect(a.add('x', 0, 10)).toEqual([]);
    expect(a.add('x', 1000, 11)).toEqual([]);
    expect(a.add('x', 3000, 13)).toEqual([]);
    expect(a.add('y', 0, 100)).toEqual([{ time: 0, x: 10, y: 100 }]);
    expect(a.add('y', 2000, 102)).toEqual([
      { time: 1000, x: 11, y: 100 },
      { time: 2000, x: 11, y: 102 },
    ]);
    expect(a.add('y', 3000, 103)).toEqual([{ time: 3000, x: 13, y: 103 }]);
  });

  it('gives the same aligned bars whatever the interleaving of the legs', () => {
    const xs = [0, 1000, 2000, 5000, 6000, 9000].map((t, i) => [t, 10 + i] as const);
    const ys = [1000, 3000, 4000, 5000, 8000, 9000].map((t, i) => [t, 100 + i] as const);
    const run = (order: Array<'x' | 'y'>) => {
      const a = new LegAligner();
      const queues = { x: [...xs], y: [...ys] };
      const out = [];
      for (const leg of order) {
        const next = queues[leg].shift();
        if (next) out.push(...a.add(leg, next[0], next[1]));
      }
      return out;
    };
    const xFirst = run([...Array<'x'>(6).fill('x'), ...Array<'y'>(6).fill('y')]);
    const alternating = run(['y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x']);
    expect(alternating).toEqual(xFirst);
    expect(xFirst.map((b) => b.time)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 8000, 9000]);
    expect(xFirst[2]).toEqual({ time: 3000, x: 12, y: 101 });
  });

  it('ignores repeated and older bars of a leg', () => {
    const a = new LegAligner();
    a.add('x', 1000, 1);
    expect(a.add('y', 1000, 2)).toEqual([{ time: 1000, x: 1, y: 2 }]);
    expect(a.add('x', 1000, 99)).toEqual([]);
    expect(a.add('x', 0, 99)).toEqual([]);
    expect(a.add('y', 2000, 3)).toEqual([]);
    expect(a.add('x', 2000, 4)).toEqual([{ time: 2000, x: 4, y: 3 }]);
  });
});
