import type { LogRecord, RecordBatch } from '@tickstream/core';

export interface AcceptedBatch {
  /** Records not processed before (a redelivered batch may overlap what was processed). */
  readonly fresh: readonly LogRecord[];
  /** Record keys whose state must be dropped: the partition skipped ahead, so another consumer owned it meanwhile. */
  readonly staleKeys: readonly string[];
}

/**
 * Per partition, the next offset this processor expects and the record keys it has seen.
 * Redelivered records are skipped (state already holds them); a jump forward means the
 * partition was handled elsewhere meanwhile, so its keys' state is stale.
 */
export class PartitionProgress {
  private readonly next = new Map<string, number>();
  private readonly keys = new Map<string, Set<string>>();

  accept(batch: RecordBatch): AcceptedBatch {
    const id = `${batch.topic}:${batch.partition}`;
    const expected = this.next.get(id);
    const first = batch.records[0];
    let staleKeys: string[] = [];
    if (expected !== undefined && first !== undefined && first.offset > expected) {
      staleKeys = [...(this.keys.get(id) ?? [])];
      this.keys.delete(id);
    }
    // Only a redelivered batch overlaps what was processed: the others are taken as they are.
    const fresh =
      expected === undefined || staleKeys.length > 0 || (first?.offset ?? 0) >= expected
        ? batch.records
        : batch.records.filter((r) => r.offset >= expected);
    let keys = this.keys.get(id);
    if (!keys) {
      keys = new Set();
      this.keys.set(id, keys);
    }
    for (const r of fresh) keys.add(r.key);
    const last = batch.records[batch.records.length - 1];
    if (last && (expected === undefined || staleKeys.length > 0 || last.offset + 1 > expected)) {
      this.next.set(id, last.offset + 1);
    }
    return { fresh, staleKeys };
  }

  /** The next offset expected for a partition (undefined before its first batch). */
  nextOffset(topic: string, partition: number): number | undefined {
    return this.next.get(`${topic}:${partition}`);
  }

  keysOf(topic: string, partition: number): ReadonlySet<string> {
    return this.keys.get(`${topic}:${partition}`) ?? new Set();
  }

  /**
   * Forgets every partition, as a fresh member would start, and returns the record keys seen
   * so the stage can drop their state (built from records that may not be committed).
   */
  reset(): string[] {
    const keys = new Set<string>();
    for (const set of this.keys.values()) for (const key of set) keys.add(key);
    this.keys.clear();
    this.next.clear();
    return [...keys];
  }
}
