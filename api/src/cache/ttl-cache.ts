export interface TtlCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  readonly onHit?: () => void;
  readonly onMiss?: () => void;
}

export interface TtlCache {
  /**
   * The cached result for `key`, or `load()`'s. Concurrent callers of one key share one load
   * (a burst of identical heavy queries costs one query); a failed load is not kept.
   * `tags` name the data the result depends on, for `invalidate`.
   */
  get<T>(
    key: string,
    tags: readonly string[],
    load: () => Promise<T>,
    bypass?: boolean,
  ): Promise<T>;
  /** Drops every entry depending on the tag. */
  invalidate(tag: string): void;
  clear(): void;
  readonly size: number;
}

interface Entry {
  readonly value: Promise<unknown>;
  readonly expires: number;
  readonly tags: readonly string[];
}

export function createTtlCache(options: TtlCacheOptions): TtlCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 2_000;
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();

  const remove = (key: string, entry: Entry) => {
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };

  return {
    get<T>(key: string, tags: readonly string[], load: () => Promise<T>, bypass = false) {
      if (options.ttlMs <= 0) return load();
      const found = entries.get(key);
      if (found && !bypass && found.expires > now()) {
        options.onHit?.();
        return found.value as Promise<T>;
      }
      options.onMiss?.();
      if (found) remove(key, found);
      const value = load();
      const entry: Entry = { value, expires: now() + options.ttlMs, tags };
      entries.set(key, entry);
      for (const tag of tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      value.catch(() => remove(key, entry));
      // Map order is insertion order: the first key is the oldest entry.
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        const e = entries.get(oldest.value);
        if (e) remove(oldest.value, e);
      }
      return value;
    },
    invalidate(tag: string) {
      const keys = byTag.get(tag);
      if (!keys) return;
      for (const key of [...keys]) {
        const entry = entries.get(key);
        if (entry) remove(key, entry);
      }
    },
    clear() {
      entries.clear();
      byTag.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
