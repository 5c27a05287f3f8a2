import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks presented keys in constant time per configured key: digests have equal length, so
 * the comparison leaks neither the key nor its length. Empty list: no key needed.
 */
export function createKeyCheck(keys: readonly string[]) {
  const digests = keys.map(digest);
  return {
    required: digests.length > 0,
    accepts(presented: string | null | undefined): boolean {
      if (digests.length === 0) return true;
      if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512)
        return false;
      const d = digest(presented);
      let ok = false;
      for (const k of digests) ok = timingSafeEqual(k, d) || ok;
      return ok;
    },
  };
}

export type KeyCheck = ReturnType<typeof createKeyCheck>;

/** The key of an HTTP request: header x-api-key, else query api_key. */
export function presentedKey(request: Request, url: URL): string | null {
  return request.headers.get('x-api-key') ?? url.searchParams.get('api_key');
}

/** A short, non-reversible name for a key, for rate-limit buckets and logs. */
export const keyId = (key: string) => `key:${digest(key).toString('hex').slice(0, 16)}`;
