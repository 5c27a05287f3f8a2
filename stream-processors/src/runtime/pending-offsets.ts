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

  clear(): void {
    this.lowest.clear();
  }
}
