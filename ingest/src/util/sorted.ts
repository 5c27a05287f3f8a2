/** The index of the first item whose key is ≥ `key` in a list sorted by that key (binary search). */
export function firstAtOrAfter<T>(
  list: readonly T[],
  key: number,
  keyOf: (item: T) => number,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item !== undefined && keyOf(item) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
