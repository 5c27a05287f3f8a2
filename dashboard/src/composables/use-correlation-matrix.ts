import { computed, onScopeDispose, watch, type Ref, type ShallowRef } from 'vue';
import { CorrelationMatrixDocument } from '../generated/graphql';
import { LIMITS, type ViewState } from '../data/url-state';
import { throttle } from '../data/throttle';
import { toHeatmap } from '../data/correlation';
import type { CatalogHandle } from './use-catalog';
import { useQuery } from './use-query';

/** The heatmap's matrix, asked only while the correlation view is open, again as bars close. */
export function useCorrelationMatrix(
  state: ShallowRef<ViewState>,
  catalog: CatalogHandle,
  open: Ref<boolean>,
  barClosed: Ref<number>,
) {
  const symbols = computed(() =>
    state.value.heatmap.length > 0
      ? state.value.heatmap
      : catalog.symbols.value.slice(0, LIMITS.heatmap).map((s) => s.symbol),
  );
  const query = useQuery(CorrelationMatrixDocument, () =>
    open.value && catalog.loaded.value && symbols.value.length >= 2
      ? {
          symbols: [...symbols.value],
          interval: state.value.interval,
          window: state.value.window,
          method:
            state.value.correlation === 'returns' ? ('LOG_RETURNS' as const) : ('PRICES' as const),
        }
      : null,
  );
  const refresh = throttle(() => query.refetch(), 5_000);
  watch(barClosed, () => {
    if (open.value) refresh();
  });
  onScopeDispose(() => refresh.cancel());
  const heatmap = computed(() =>
    query.data.value ? toHeatmap(query.data.value.correlationMatrix) : null,
  );
  return { heatmap, symbols, error: query.error, loading: query.loading };
}
