export interface LagThreshold {
  /** Total lag (records behind the ends of the input partitions) above which it is watched. */
  readonly records: number;
  /** How long the lag must stay above `records` without shrinking to count as degraded. */
  readonly forMs: number;
}

export interface LagVerdict {
  readonly reason: string;
  readonly since: number;
}

/**
 * Tells a processor that keeps up from one that falls behind. A high lag that shrinks is a
 * catch-up (after a restart, a replay) and is fine; a lag that stays above the threshold and
 * has not gone below its level of `forMs` ago is degraded. Lag is sampled per partition as
 * batches arrive; the total is their sum.
 */
export class LagWatch {
  private readonly lags = new Map<string, number>();
  /** When the total went above the threshold, or last shrank below its earlier level. */
  private mark: { readonly time: number; readonly lag: number } | undefined;

  constructor(private readonly threshold: LagThreshold) {}

  observe(topic: string, partition: number, lag: number, now: number): void {
    this.lags.set(`${topic}:${partition}`, lag);
    const total = this.total();
    if (total <= this.threshold.records) this.mark = undefined;
    else if (!this.mark || total < this.mark.lag) this.mark = { time: now, lag: total };
  }

  total(): number {
    let sum = 0;
    for (const lag of this.lags.values()) sum += lag;
    return sum;
  }

  verdict(now: number): LagVerdict | undefined {
    if (!this.mark || now - this.mark.time < this.threshold.forMs) return undefined;
    const seconds = Math.round((now - this.mark.time) / 1000);
    return {
      reason: `falling behind: lag ${this.total()} records, above ${this.threshold.records} and not shrinking for ${seconds} s`,
      since: this.mark.time + this.threshold.forMs,
    };
  }

  /** Partitions may go to other members after a restart: forget what was sampled. */
  reset(): void {
    this.lags.clear();
    this.mark = undefined;
  }
}
