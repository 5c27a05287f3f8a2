/** A set of integer ids kept as sorted, disjoint, inclusive ranges (missing trade ids). */
export class IdRanges {
  private ranges: [number, number][] = [];

  constructor(from?: number, to?: number) {
    if (from !== undefined && to !== undefined && from <= to) this.ranges.push([from, to]);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  count(): number {
    return this.ranges.reduce((sum, [a, b]) => sum + b - a + 1, 0);
  }

  list(): readonly (readonly [number, number])[] {
    return this.ranges;
  }

  private indexOf(id: number): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = this.ranges[mid];
      if (range === undefined) break;
      if (id < range[0]) hi = mid - 1;
      else if (id > range[1]) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Removes one id; true when it was in the set. */
  delete(id: number): boolean {
    const index = this.indexOf(id);
    const range = this.ranges[index];
    if (range === undefined) return false;
    const [a, b] = range;
    if (a === b) this.ranges.splice(index, 1);
    else if (id === a) range[0] = a + 1;
    else if (id === b) range[1] = b - 1;
    else this.ranges.splice(index, 1, [a, id - 1], [id + 1, b]);
    return true;
  }
}
