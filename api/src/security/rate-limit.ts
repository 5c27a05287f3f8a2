export interface RateLimiter {
  /** Takes one token for `id`; when none is left, says how long until one is. */
  take(id: string): { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };
}

/**
 * Token buckets per identity (API key, or client address without keys): `perMinute` tokens
 * refilled continuously, bursts up to the same number. 0 turns limiting off.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return {
    take(id) {
      if (perMinute <= 0) return { ok: true };
      const t = now();
      let bucket = buckets.get(id);
      if (!bucket) {
        if (buckets.size > 50_000) {
          // Forget full buckets: a client that has been idle long enough to refill lost nothing.
          for (const [k, b] of buckets)
            if (b.tokens + (t - b.at) * ratePerMs >= perMinute) buckets.delete(k);
        }
        bucket = { tokens: perMinute, at: t };
        buckets.set(id, bucket);
      }
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * ratePerMs);
      bucket.at = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / ratePerMs) };
    },
  };
}
