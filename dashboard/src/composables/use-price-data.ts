import {
  computed,
  onScopeDispose,
  ref,
  shallowRef,
  watch,
  type ComputedRef,
  type Ref,
  type ShallowRef,
} from 'vue';
import {
  CandlesDocument,
  CandleUpdatesDocument,
  type CandleFieldsFragment,
} from '../generated/graphql';
import type { ApiProblem } from '../apollo/api-problem';
import {
  emptyPriceSeries,
  patchCandle,
  summarizePrice,
  toPriceSeries,
  trimBefore,
  type PriceSeries,
  type PriceSummary,
} from '../data/candles';
import { finestOf, type Interval } from '../data/intervals';
import { resolveRange, type ResolvedRange } from '../data/time-range';
import { throttle } from '../data/throttle';
import type { ViewState } from '../data/url-state';
import type { CatalogHandle } from './use-catalog';
import { useQuery } from './use-query';
import { useSubscription } from './use-subscription';

/** How the price chart keeps up: every update patched in, a refetch per new bar, or not at all. */
export type LiveMode = 'streaming' | 'refreshing' | 'static';

export interface PriceData {
  readonly series: ShallowRef<PriceSeries>;
  /** Bumped on every change of `series` (its arrays are mutated in place). */
  readonly version: Ref<number>;
  readonly summary: ComputedRef<PriceSummary>;
  readonly range: ComputedRef<ResolvedRange>;
  readonly liveMode: ComputedRef<LiveMode>;
  readonly loading: Ref<boolean>;
  readonly error: ComputedRef<ApiProblem | null>;
  /** Bumped when a final bar of the shown symbol arrives: the cue for statistics to refresh. */
  readonly finalTick: Ref<number>;
}

/**
 * The price chart's candles: one query for the range, then the candles subscription patched
 * into the same arrays (partial bar replaced, new bar appended). An interval the processors do
 * not materialize has no subscription: its bars are asked again when a final bar of the finest
 * interval arrives.
 */
export function usePriceData(state: ShallowRef<ViewState>, catalog: CatalogHandle): PriceData {
  const series = shallowRef<PriceSeries>(emptyPriceSeries());
  const version = ref(0);
  const finalTick = ref(0);
  // Re-resolved whenever the view changes, so "last hour" means the hour before the change.
  const range = computed(() => resolveRange(state.value, Date.now()));
  const maxBars = computed(() => range.value.bars);
  const entry = computed(() => catalog.symbol(state.value.symbol));
  const streamable = computed(() => entry.value?.intervals.includes(range.value.interval) ?? false);
  const finest = computed(() => finestOf(entry.value?.intervals ?? []));

  // Updates that arrive before the query's answer are held and applied after it.
  let held: CandleFieldsFragment[] = [];
  let loaded = false;
  const apply = (candle: CandleFieldsFragment) => {
    if (!loaded) {
      held.push(candle);
      return;
    }
    const result = patchCandle(series.value, candle, maxBars.value);
    if (range.value.rollingMs !== null)
      trimBefore(series.value, Date.now() - range.value.rollingMs);
    if (result !== 'stale' && result !== 'too-old') {
      version.value++;
    }
  };

  const candles = useQuery(
    CandlesDocument,
    () => {
      const r = range.value;
      return {
        symbol: state.value.symbol,
        interval: r.interval,
        from: r.from,
        to: r.to,
        last: r.last,
      };
    },
    (data) => {
      series.value = toPriceSeries(data.candles);
      loaded = true;
      const pending = held;
      held = [];
      for (const c of pending) apply(c);
      version.value++;
    },
  );

  const refresh = throttle(() => candles.refetch(), 2_000);
  onScopeDispose(() => refresh.cancel());

  const liveMode = computed<LiveMode>(() => {
    if (!range.value.live) return 'static';
    return streamable.value ? 'streaming' : finest.value ? 'refreshing' : 'static';
  });

  const stream = useSubscription(
    CandleUpdatesDocument,
    () => {
      if (liveMode.value === 'static') return null;
      const interval: Interval =
        liveMode.value === 'streaming' ? range.value.interval : (finest.value as Interval);
      return {
        symbol: state.value.symbol,
        interval,
        includePartial: liveMode.value === 'streaming',
      };
    },
    (data) => {
      const candle = data.candles;
      if (candle.final) finalTick.value++;
      if (liveMode.value === 'streaming') apply(candle);
      else if (candle.final) refresh();
    },
  );

  // A new query starts from nothing: updates for the old symbol or interval must not leak in.
  watch(
    () => `${state.value.symbol}|${range.value.interval}|${range.value.from}|${range.value.to}`,
    () => {
      loaded = false;
      held = [];
      series.value = emptyPriceSeries();
      version.value++;
    },
  );
  const summary = computed(() => {
    void version.value;
    return summarizePrice(series.value);
  });

  const error = computed(() => candles.error.value ?? stream.error.value);
  return {
    series,
    version,
    summary,
    range,
    liveMode,
    loading: candles.loading,
    error,
    finalTick,
  };
}
