import type { Logger } from '@tickstream/core';

/**
 * Logs at most `perInterval` lines per key per interval; the next line after a quiet spell
 * says how many were suppressed. Bad input can arrive thousands of times a second and must
 * not flood the log or slow ingest.
 */
export class RateLimitedLog {
  private readonly windows = new Map<
    string,
    { start: number; count: number; suppressed: number }
  >();

  constructor(
    private readonly logger: Logger,
    private readonly perInterval = 5,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, fields: object, message: string): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= this.intervalMs) {
      const suppressed = window?.suppressed ?? 0;
      window = { start: now, count: 0, suppressed: 0 };
      this.windows.set(key, window);
      if (suppressed > 0) {
        this.logger.warn({ key, suppressed }, `${suppressed} similar messages suppressed`);
      }
    }
    if (window.count < this.perInterval) {
      window.count++;
      this.logger.warn(fields, message);
    } else {
      window.suppressed++;
    }
  }
}
