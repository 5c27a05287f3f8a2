import {
  lowerBound,
  offsetForTimestamp,
  type BatchTimeSummary,
  type TimeIndexSource,
} from '../../src/event-log/timestamp-search';

interface FakeBatch extends BatchTimeSummary {
  readonly timestamps: readonly number[];
}

/** A partition of batches with random sizes and out-of-order timestamps, as producers give. */
function makePartition(records: number, spread: number) {
  const timestamps = Array.from(
    { length: records },
    (_, i) => 1_000_000 + i * 10 + Math.floor((Math.random() - 0.5) * spread),
  );
  const batches: FakeBatch[] = [];
  let running = -Infinity;
  for (let base = 0; base < records;) {
    const count = Math.min(records - base, 1 + Math.floor(Math.random() * 7));
    const slice = timestamps.slice(base, base + count);
    const before = running;
    running = Math.max(running, ...slice);
    batches.push({
      baseOffset: base,
      count,
      maxTimestampBefore: before,
      maxTimestampAfter: running,
      timestamps: slice,
    });
    base += count;
  }
  return { timestamps, batches };
}

function sourceOf(batches: readonly FakeBatch[]): TimeIndexSource<FakeBatch> & { probes: number } {
  const source = {
    probes: 0,
    batchAtOrAfter(offset: number) {
      source.probes++;
      return batches.find((b) => b.baseOffset + b.count > offset);
    },
    timestamps: (batch: FakeBatch) => batch.timestamps,
  };
  return source;
}

describe('timestamp search', () => {
  it('finds the smallest offset where a monotonic predicate turns true', () => {
    expect(lowerBound(0, 10, (x) => x >= 7)).toBe(7);
    expect(lowerBound(0, 10, () => true)).toBe(0);
    expect(lowerBound(0, 10, () => false)).toBe(10);
    expect(lowerBound(5, 5, () => true)).toBe(5);
  });

  it('returns the first record whose own timestamp reaches the target, timestamps out of order', () => {
    for (let round = 0; round < 50; round++) {
      const { timestamps, batches } = makePartition(200, 400);
      const end = timestamps.length;
      for (let t = 0; t < 40; t++) {
        const target = 1_000_000 - 300 + Math.floor(Math.random() * 2_600);
        const firstAtOrAfter = timestamps.findIndex((ts) => ts >= target);
        const expected = firstAtOrAfter === -1 ? end : firstAtOrAfter;
        expect(offsetForTimestamp(sourceOf(batches), 0, end, target)).toBe(expected);
      }
    }
  });

  it('returns the end offset when every record is older than the target', () => {
    const { timestamps, batches } = makePartition(50, 0);
    const newest = Math.max(...timestamps);
    expect(offsetForTimestamp(sourceOf(batches), 0, 50, newest + 1)).toBe(50);
    expect(offsetForTimestamp(sourceOf(batches), 0, 50, newest)).toBe(timestamps.indexOf(newest));
  });

  it('searches logarithmically many batches rather than scanning them', () => {
    const { batches } = makePartition(100_000, 0);
    const source = sourceOf(batches);
    expect(offsetForTimestamp(source, 0, 100_000, 1_000_000 + 654_320)).toBe(65_432);
    expect(source.probes).toBeLessThan(25);
  });

  it('starts no earlier than the log start and skips gaps left by deleted batches', () => {
    const { timestamps, batches } = makePartition(300, 100);
    const start = (batches[10] as FakeBatch).baseOffset;
    const kept = batches.filter((b, i) => i >= 10 && i % 5 !== 0);
    const running: number[] = [];
    timestamps.reduce((max, ts, i) => (running[i] = Math.max(max, ts)), -Infinity);
    const stored = (offset: number) =>
      kept.some((b) => b.baseOffset <= offset && offset < b.baseOffset + b.count);
    for (let t = 0; t < 100; t++) {
      const target = 1_000_000 + Math.floor(Math.random() * 3_200);
      let expected = 300;
      for (let o = start; o < 300; o++) {
        if (stored(o) && (running[o] ?? -Infinity) >= target) {
          expected = o;
          break;
        }
      }
      expect(offsetForTimestamp(sourceOf(kept), start, 300, target)).toBe(expected);
    }
  });
});
