import { createTtlCache } from '../../src/cache/ttl-cache';

describe('the TTL cache', () => {
  it('serves a result until its TTL passes', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache({ ttlMs: 1_000, now: () => now });
    const load = async () => ++loads;
    expect(await cache.get('k', [], load)).toBe(1);
    now = 999;
    expect(await cache.get('k', [], load)).toBe(1);
    now = 1_000;
    expect(await cache.get('k', [], load)).toBe(2);
  });

  it('drops entries whose tag new data invalidated, and only those', async () => {
    let loads = 0;
    const cache = createTtlCache({ ttlMs: 60_000 });
    const load = async () => ++loads;
    await cache.get('btc', ['candles:BTCUSDT'], load);
    await cache.get('eth', ['candles:ETHUSDT'], load);
    cache.invalidate('candles:BTCUSDT');
    expect(await cache.get('btc', ['candles:BTCUSDT'], load)).toBe(3);
    expect(await cache.get('eth', ['candles:ETHUSDT'], load)).toBe(2);
  });

  it('shares one load between concurrent callers and bypasses on request', async () => {
    let loads = 0;
    const cache = createTtlCache({ ttlMs: 60_000 });
    const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10));
    const [a, b] = await Promise.all([cache.get('k', [], load), cache.get('k', [], load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('k', [], load, true)).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const cache = createTtlCache({ ttlMs: 60_000 });
    const load = async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return calls;
    };
    await expect(cache.get('k', [], load)).rejects.toThrow('boom');
    expect(await cache.get('k', [], load)).toBe(2);
  });

  it('caches nothing with a TTL of 0', async () => {
    let loads = 0;
    const cache = createTtlCache({ ttlMs: 0 });
    await cache.get('k', [], async () => ++loads);
    await cache.get('k', [], async () => ++loads);
    expect(loads).toBe(2);
  });
});
