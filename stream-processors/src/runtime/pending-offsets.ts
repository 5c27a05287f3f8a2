/** Lowest offset per partition of records whose output is buffered but not yet written. */
export class PendingOffsets {
  private readonly lowest = new Map<string, number>();

  note(topic: string, partition: number, offset: number): void {
    const id = `${topic}:${partition}`;
    const current = this.lowest.get(id);
    if (current === undefined || offset < current) this.lowest.set(id, offset);
  }

  get(topic: string, partition: number): number | undefined {
    return this.lowest.get(`${topic}:${partition}`);
  }

  /** This and `other` together: the lower offset of each partition. */
  merge(other: PendingOffsets): PendingOffsets {
    const merged = new PendingOffsets();
    for (const source of [this, other]) {
      for (const [id, offset] of source.lowest) {
        const current = merged.lowest.get(id);
        if (current === undefined || offset < current) merged.lowest.set(id, offset);
      }
    }
    return merged;
  }

  clear(): void {
    this.lowest.clear();
  }
}
