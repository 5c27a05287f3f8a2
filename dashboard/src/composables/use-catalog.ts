import { computed, onScopeDispose, watch, type ComputedRef } from 'vue';
import { CatalogDocument, type CatalogQuery } from '../generated/graphql';
import type { ApiProblem } from '../apollo/api-problem';
import type { ShallowRef } from 'vue';
import { useQuery } from './use-query';

export type SymbolEntry = CatalogQuery['symbols'][number];
export type PairEntry = CatalogQuery['pairs'][number];

export interface CatalogHandle {
  readonly symbols: ComputedRef<readonly SymbolEntry[]>;
  readonly pairs: ComputedRef<readonly PairEntry[]>;
  /** True once the API has answered (so an empty list means "no data yet", not "loading"). */
  readonly loaded: ComputedRef<boolean>;
  readonly error: ShallowRef<ApiProblem | null>;
  symbol(name: string): SymbolEntry | undefined;
  /** Asks again; resolves once the new answer is in (after addPair / removePair, say). */
  refetch(): Promise<void>;
}

/** Asked again this often while fewer than two symbols are known, and this often after. */
const SPARSE_REFETCH_MS = 3_000;
const REFETCH_MS = 30_000;

/** Symbols and pairs the API knows, for the pickers; asked again while it runs (new symbols). */
export function useCatalog(): CatalogHandle {
  const query = useQuery(CatalogDocument, () => ({}));
  const symbols = computed(() => {
    const seen = new Map<string, SymbolEntry>();
    // One entry per symbol: live data wins over an imported copy of the same symbol.
    for (const s of query.data.value?.symbols ?? []) {
      const held = seen.get(s.symbol);
      if (!held || held.exchange === 'imported') seen.set(s.symbol, s);
    }
    return [...seen.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  });
  const pairs = computed(() => query.data.value?.pairs ?? []);
  const loaded = computed(() => query.data.value !== null);

  // Symbols appear as their first trades are stored: a dashboard opened while only some have
  // data would otherwise keep an incomplete list (a pair view of an "unknown" leg, a heatmap
  // with too few symbols). Asked again every few seconds while fewer than two symbols are
  // known, and every half minute after that.
  let timer: ReturnType<typeof setInterval> | null = null;
  let every = 0;
  const schedule = (ms: number) => {
    if (every === ms) return;
    if (timer !== null) clearInterval(timer);
    every = ms;
    timer = setInterval(query.refetch, ms);
  };
  watch(
    () => (loaded.value ? symbols.value.length : -1),
    (known) => {
      if (known < 0) return;
      schedule(known < 2 ? SPARSE_REFETCH_MS : REFETCH_MS);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    if (timer !== null) clearInterval(timer);
  });

  return {
    symbols,
    pairs,
    loaded,
    error: query.error,
    symbol: (name) => symbols.value.find((s) => s.symbol === name),
    refetch: query.refetch,
  };
}
