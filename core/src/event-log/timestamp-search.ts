// Seeking by time when timestamps are producer-given, hence not monotonic in offset order.
// Like Kafka's time index, every stored batch carries the running maximum timestamp of its
// partition before and after it; the running maximum is monotonic, so a binary search over
// it finds the first record whose own timestamp is >= the target (the first record at
// which the running maximum reaches the target is exactly that record).

export interface BatchTimeSummary {
  readonly baseOffset: number;
  readonly count: number;
  /** Running maximum timestamp of the partition before this batch (-Infinity if none). */
  readonly maxTimestampBefore: number;
  /** Running maximum timestamp of the partition through the end of this batch. */
  readonly maxTimestampAfter: number;
}

export interface TimeIndexSource<B extends BatchTimeSummary> {
  /** The stored batch holding `offset`, else the first one after it, else undefined. */
  batchAtOrAfter(offset: number): B | undefined;
  /** Timestamps of the batch's records, in offset order. */
  timestamps(batch: B): readonly number[];
}

/** Smallest x in [lo, hi) with pred(x), or hi; pred must be monotonic (false…false true…). */
export function lowerBound(lo: number, hi: number, pred: (x: number) => boolean): number {
  let low = lo;
  let high = hi;
  while (low < high) {
    const mid = low + Math.floor((high - low) / 2);
    if (pred(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The first offset in [start, end) whose record has a timestamp >= target, or `end` when
 * there is none (a consumer starting there sees only newer records), as Kafka's
 * ListOffsets by timestamp answers.
 */
export function offsetForTimestamp<B extends BatchTimeSummary>(
  source: TimeIndexSource<B>,
  start: number,
  end: number,
  target: number,
): number {
  const reaches = (offset: number): boolean => {
    const batch = source.batchAtOrAfter(offset);
    return batch === undefined || batch.maxTimestampAfter >= target;
  };
  const offset = lowerBound(start, end, reaches);
  if (offset >= end) return end;
  const batch = source.batchAtOrAfter(offset);
  if (batch === undefined) return end;
  let running = batch.maxTimestampBefore;
  const timestamps = source.timestamps(batch);
  for (let i = 0; i < timestamps.length; i++) {
    running = Math.max(running, timestamps[i] ?? -Infinity);
    if (running >= target) return Math.max(start, batch.baseOffset + i);
  }
  return Math.min(end, batch.baseOffset + batch.count);
}
