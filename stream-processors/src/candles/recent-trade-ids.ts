/**
 * The trade ids of one symbol seen within the lateness horizon, for de-duplication.
 *
 * An exchange sends a symbol's trades in id order, so nearly every id is above every id
 * before it: such ids are only appended to an ascending array, with no hashing (a Set add
 * and delete per trade were most of the aggregator's time). An id below the highest one
 * seen is looked up by binary search in that array and in a set of the ids that came out
 * of order.
 */
export class RecentTradeIds {
  // Ids that arrived above all earlier ones (ascending from `head`), with their trade times.
  private ids: number[] = [];
  private times: number[] = [];
  private head = 0;
  // Ids that arrived out of order, and the same in arrival order with times, for expiry.
  private readonly late = new Set<number>();
  private lateIds: number[] = [];
  private lateTimes: number[] = [];
  private lateHead = 0;

  /** Records an id; false when it was seen already. */
  add(id: number, time: number): boolean {
    const last = this.ids.length - 1;
    if (last < this.head || id > (this.ids[last] as number)) {
      this.ids.push(id);
      this.times.push(time);
      return true;
    }
    if (this.late.has(id) || this.hasInOrder(id)) return false;
    this.late.add(id);
    this.lateIds.push(id);
    this.lateTimes.push(time);
    return true;
  }

  /**
   * Forgets ids older than `horizon`, in arrival order up to the first newer one. A trade
   * older than the horizon is rejected as too late before it is looked up, so forgetting
   * its id cannot let a duplicate through.
   */
  forgetOlderThan(horizon: number): void {
    while (this.head < this.ids.length && (this.times[this.head] as number) < horizon) {
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    while (this.lateHead < this.lateIds.length) {
      if ((this.lateTimes[this.lateHead] as number) >= horizon) break;
      this.late.delete(this.lateIds[this.lateHead] as number);
      this.lateHead += 1;
    }
    if (this.lateHead > 4096 && this.lateHead * 2 > this.lateIds.length) {
      this.lateIds = this.lateIds.slice(this.lateHead);
      this.lateTimes = this.lateTimes.slice(this.lateHead);
      this.lateHead = 0;
    }
  }

  private hasInOrder(id: number): boolean {
    let lo = this.head;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.ids[mid] as number;
      if (value === id) return true;
      if (value < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
