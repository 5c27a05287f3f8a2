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

/** Symbols and pairs the API knows, for the pickers; asked again every few seconds while empty. */
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

  let timer: ReturnType<typeof setInterval> | null = null;
  watch(
    () => loaded.value && symbols.value.length === 0,
    (empty) => {
      if (empty && timer === null) timer = setInterval(query.refetch, 3_000);
      if (!empty && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
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
