import { onScopeDispose, watch, type Ref, type ShallowRef } from 'vue';
import { StatsDocument } from '../generated/graphql';
import { throttle } from '../data/throttle';
import type { ViewState } from '../data/url-state';
import { useQuery } from './use-query';

/** Rolling statistics of the shown symbol over the chosen window, asked again as bars close. */
export function useStats(state: ShallowRef<ViewState>, finalTick: Ref<number>) {
  const query = useQuery(StatsDocument, () => ({
    symbol: state.value.symbol,
    interval: state.value.interval,
    window: state.value.window,
  }));
  const refresh = throttle(() => query.refetch(), 2_000);
  watch(finalTick, () => refresh());
  onScopeDispose(() => refresh.cancel());
  return query;
}
