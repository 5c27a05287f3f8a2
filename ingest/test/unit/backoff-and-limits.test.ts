import { Backoff } from '../../src/util/backoff';
import { addDecimals, multiplyDecimals } from '../../src/util/decimal';
import { IdRanges } from '../../src/util/id-ranges';
import { RateLimitedLog } from '../../src/util/rate-limited-log';
import { SlidingWindowLimiter, WeightBudget } from '../../src/util/rate-limiter';

describe('reconnection backoff', () => {
  it('doubles from 1 s and stops at the cap, without jitter', () => {
    const backoff = new Backoff({ jitter: 0, maxMs: 8_000 });
    const delays = Array.from({ length: 6 }, () => backoff.nextDelay(0));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('spreads each delay by the jitter share', () => {
    const low = new Backoff({ jitter: 0.2, random: () => 0 });
    const high = new Backoff({ jitter: 0.2, random: () => 0.999999 });
    expect(low.nextDelay(0)).toBe(800);
    expect(high.nextDelay(0)).toBe(1_200);
  });

  it('starts over after a connection stayed up for the stable period', () => {
    const backoff = new Backoff({ jitter: 0, resetAfterMs: 60_000 });
    backoff.nextDelay(0);
    backoff.nextDelay(0);
    backoff.succeeded(10_000);
    expect(backoff.nextDelay(20_000)).toBe(4_000); // up 10 s only: keeps growing
    backoff.succeeded(30_000);
    expect(backoff.nextDelay(95_000)).toBe(1_000); // up 65 s: reset
  });
});

describe('reconnection backoff after data', () => {
  it('starts over at the first delay once a connection has delivered data', () => {
    const backoff = new Backoff({ jitter: 0 });
    expect([backoff.nextDelay(0), backoff.nextDelay(0), backoff.nextDelay(0)]).toEqual([
      1_000, 2_000, 4_000,
    ]);
    backoff.reset();
    expect(backoff.nextDelay(0)).toBe(1_000);
  });

  it('never waits longer than 8 s by default, jitter included', () => {
    const backoff = new Backoff({ jitter: 0.2, random: () => 0.999999 });
    const delays = Array.from({ length: 12 }, () => backoff.nextDelay(0));
    expect(Math.max(...delays)).toBe(8_000);
    expect(delays.slice(0, 3)).toEqual([1_200, 2_400, 4_800]);
  });
});

describe('the per-connection message limiter', () => {
  it('allows at most the limit in any sliding window', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(3, 1_000, () => now);
    expect([
      limiter.tryAcquire(),
      limiter.tryAcquire(),
      limiter.tryAcquire(),
      limiter.tryAcquire(),
    ]).toEqual([true, true, true, false]);
    now = 999;
    expect(limiter.tryAcquire()).toBe(false);
    now = 1_000;
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('makes queued senders wait their turn, never exceeding the rate', async () => {
    const limiter = new SlidingWindowLimiter(5, 200);
    const stamps: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () => limiter.acquire().then(() => stamps.push(Date.now()))),
    );
    for (let i = 5; i < stamps.length; i++) {
      expect((stamps[i] ?? 0) - (stamps[i - 5] ?? 0)).toBeGreaterThanOrEqual(199);
    }
  });

  it('spends REST weight per minute and pauses everyone on request', async () => {
    const budget = new WeightBudget(600_000); // 10 weight per ms
    await budget.take(600_000);
    let started = Date.now();
    await budget.take(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    budget.pauseUntil(Date.now() + 150);
    started = Date.now();
    await budget.take(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('exact decimals', () => {
  it('adds Binance decimal strings without float error', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('0.003', '1.25')).toBe('1.253');
    expect(addDecimals('7', '0.010')).toBe('7.010');
    expect(multiplyDecimals('63943.90', '0.003', 5)).toBe('191.83170');
  });
});

describe('id ranges', () => {
  it('splits, trims and counts missing ids', () => {
    const ranges = new IdRanges(10, 20);
    expect(ranges.delete(15)).toBe(true);
    expect(ranges.delete(10)).toBe(true);
    expect(ranges.delete(20)).toBe(true);
    expect(ranges.delete(99)).toBe(false);
    expect(ranges.list()).toEqual([
      [11, 14],
      [16, 19],
    ]);
    expect(ranges.count()).toBe(8);
    expect(ranges.has(16)).toBe(true);
    expect(ranges.has(15)).toBe(false);
  });
});

describe('rate-limited logging', () => {
  it('logs a few lines per interval and reports how many it suppressed', () => {
    const lines: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (_o: object, m?: string) => void lines.push(m ?? ''),
      child: () => logger,
    };
    let now = 0;
    const log = new RateLimitedLog(logger, 2, 1_000, () => now);
    for (let i = 0; i < 10; i++) log.warn('BAD', {}, 'bad input');
    now = 1_000;
    log.warn('BAD', {}, 'bad input');
    expect(lines).toEqual(['bad input', 'bad input', '8 similar messages suppressed', 'bad input']);
  });
});
