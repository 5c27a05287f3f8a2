import { assignPartitions } from '../../src/event-log/range-assignor';

const format = (result: Map<string, Array<{ topic: string; partition: number }>>) =>
  Object.fromEntries(
    [...result].map(([id, list]) => [id, list.map((a) => `${a.topic}:${a.partition}`)]),
  );

describe('range assignment', () => {
  it('gives each member a contiguous range, the first members one extra', () => {
    const result = assignPartitions(
      [
        { memberId: 'm-2', topics: ['t'] },
        { memberId: 'm-1', topics: ['t'] },
        { memberId: 'm-3', topics: ['t'] },
      ],
      new Map([['t', 7]]),
    );
    expect(format(result)).toEqual({
      'm-1': ['t:0', 't:1', 't:2'],
      'm-2': ['t:3', 't:4'],
      'm-3': ['t:5', 't:6'],
    });
  });

  it('keeps the same partition numbers of co-partitioned topics on one member', () => {
    const result = assignPartitions(
      [
        { memberId: 'a', topics: ['x', 'y'] },
        { memberId: 'b', topics: ['x', 'y'] },
      ],
      new Map([
        ['x', 4],
        ['y', 4],
      ]),
    );
    expect(format(result)).toEqual({
      a: ['x:0', 'x:1', 'y:0', 'y:1'],
      b: ['x:2', 'x:3', 'y:2', 'y:3'],
    });
  });

  it('assigns a topic only among the members subscribed to it', () => {
    const result = assignPartitions(
      [
        { memberId: 'a', topics: ['x'] },
        { memberId: 'b', topics: ['x', 'y'] },
      ],
      new Map([
        ['x', 2],
        ['y', 3],
      ]),
    );
    expect(format(result)).toEqual({ a: ['x:0'], b: ['x:1', 'y:0', 'y:1', 'y:2'] });
  });

  it('leaves members beyond the partition count with an empty list', () => {
    const result = assignPartitions(
      [
        { memberId: 'a', topics: ['t'] },
        { memberId: 'b', topics: ['t'] },
        { memberId: 'c', topics: ['t'] },
      ],
      new Map([['t', 2]]),
    );
    expect(format(result)).toEqual({ a: ['t:0'], b: ['t:1'], c: [] });
  });

  it('covers every partition exactly once for any group size', () => {
    for (let members = 1; members <= 9; members++) {
      for (let partitions = 1; partitions <= 13; partitions++) {
        const result = assignPartitions(
          Array.from({ length: members }, (_, i) => ({ memberId: `m${i}`, topics: ['t'] })),
          new Map([['t', partitions]]),
        );
        const all = [...result.values()].flat().map((a) => a.partition);
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: partitions }, (_, p) => p));
        const sizes = [...result.values()].map((l) => l.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});
