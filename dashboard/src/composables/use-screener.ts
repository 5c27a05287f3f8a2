import { computed, onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import {
  PairScreenDocument,
  PairScreenUniverseDocument,
  PairScreenUpdatesDocument,
  type PairScreenRankingFieldsFragment,
} from '../generated/graphql';
import { screenFilters, SPARKLINE_POINTS, universeMatrix } from '../data/screener';
import { throttle } from '../data/throttle';
import type { ViewState } from '../data/url-state';
import { useQuery } from './use-query';
import { useSubscription } from './use-subscription';

export type ScreenRanking = PairScreenRankingFieldsFragment;

/** How often the API may push the ranking again, and the universe heatmap be asked again. */
const LIVE_EVERY_MS = 1_000;
const UNIVERSE_REFRESH_MS = 10_000;

/**
 * The Screener view's data, asked only while the view is open: one page of the ranking (the
 * query, then the subscription with the same sort, filters and top, whose every event
 * replaces the page), and the whole universe for the heatmap, asked again as the ranking
 * moves (at most every 10 s: 4,950 pairs are not worth more).
 */
export function useScreener(state: ShallowRef<ViewState>, open: Ref<boolean>) {
  const variables = () => {
    if (!open.value) return null;
    const s = state.value.screen;
    return {
      orderBy: s.orderBy,
      descending: s.descending,
      top: s.top,
      filters: screenFilters(s),
      points: SPARKLINE_POINTS,
    };
  };
  const ranking = shallowRef<ScreenRanking | null>(null);
  /** Rankings pushed by the subscription since the view opened (a live marker for the page). */
  const liveUpdates = ref(0);

  const query = useQuery(PairScreenDocument, variables, (data) => {
    ranking.value = data.pairScreen;
  });
  const universe = useQuery(PairScreenUniverseDocument, () => (open.value ? {} : null));
  const refreshUniverse = throttle(() => universe.refetch(), UNIVERSE_REFRESH_MS);
  const live = useSubscription(
    PairScreenUpdatesDocument,
    () => {
      const vars = variables();
      return vars === null ? null : { ...vars, everyMs: LIVE_EVERY_MS };
    },
    (data) => {
      ranking.value = data.pairScreen;
      liveUpdates.value++;
      refreshUniverse();
    },
  );
  onScopeDispose(() => refreshUniverse.cancel());

  const matrix = computed(() => {
    const data = universe.data.value?.pairScreen;
    return data ? universeMatrix(data.symbols, data.rows, state.value.screen.metric) : null;
  });

  const universeInterval = computed(() => universe.data.value?.pairScreen.interval ?? null);
  /** Pairs the heatmap leaves out: a universe above 141 symbols has more than 10,000. */
  const universeMissing = computed(() => {
    const data = universe.data.value?.pairScreen;
    return data ? Math.max(0, data.pairs - data.rows.length) : 0;
  });

  return {
    ranking,
    liveUpdates,
    loading: query.loading,
    error: computed(() => query.error.value ?? live.error.value),
    matrix,
    universeInterval,
    universeMissing,
    universeError: universe.error,
    universeLoading: universe.loading,
  };
}

export type ScreenerData = ReturnType<typeof useScreener>;
