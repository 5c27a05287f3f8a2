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
  CandleUpdatesDocument,
  LatestPairAnalyticsDocument,
  PairAnalysisDocument,
  PairAnalyticsHistoryDocument,
  PairAnalyticsUpdatesDocument,
  type PairAnalysisQuery,
  type PairAnalyticsFieldsFragment,
} from '../generated/graphql';
import type { ApiProblem } from '../apollo/api-problem';
import { INTERVAL_MS } from '../data/intervals';
import {
  emptyPairSeries,
  patchPairSeries,
  toPairSeries,
  type PairSeries,
} from '../data/pair-series';
import { resolveRange, type ResolvedRange } from '../data/time-range';
import { throttle } from '../data/throttle';
import { pairName, type ViewState } from '../data/url-state';
import type { CatalogHandle } from './use-catalog';
import { useQuery } from './use-query';
import { useSubscription } from './use-subscription';

export type PairAnalysisResult = NonNullable<PairAnalysisQuery['pairAnalysis']>;

/** Where the pair charts' numbers come from. */
export type PairSource =
  /** pairAnalysis: the chosen windows, recomputed by the API when a new bar closes. */
  | 'on-demand'
  /** Stored rows of the pair processor (its own windows): Kalman, or a closed custom range. */
  | 'stored';

export interface PairData {
  readonly series: ShallowRef<PairSeries>;
  readonly version: Ref<number>;
  readonly analysis: ComputedRef<PairAnalysisResult | null>;
  /** The processor's newest row for this pair and interval (half-life, Kalman), if it analyses it. */
  readonly latest: ShallowRef<PairAnalyticsFieldsFragment | null>;
  readonly source: ComputedRef<PairSource>;
  /** Whether the pair processor analyses this pair at this interval. */
  readonly configured: ComputedRef<boolean>;
  readonly range: ComputedRef<ResolvedRange>;
  readonly loading: ComputedRef<boolean>;
  readonly error: ComputedRef<ApiProblem | null>;
  /** Why nothing is drawn although the API answered (too few bars, pair not analysed). */
  readonly emptyReason: ComputedRef<string | null>;
}

/**
 * The pair charts' data. `enabled` holds the queries back: on the price view they wait for the
 * price chart's first answer, so the chart a person is looking at is computed first.
 */
export function usePairData(
  state: ShallowRef<ViewState>,
  catalog: CatalogHandle,
  enabled: Ref<boolean>,
): PairData {
  const series = shallowRef<PairSeries>(emptyPairSeries());
  const version = ref(0);
  const latest = shallowRef<PairAnalyticsFieldsFragment | null>(null);
  const range = computed(() => resolveRange(state.value, Date.now()));
  const pair = computed(() => pairName(state.value));
  const configured = computed(() =>
    catalog.pairs.value.some(
      (p) => p.pair === pair.value && p.intervals.includes(range.value.interval),
    ),
  );
  const source = computed<PairSource>(() =>
    state.value.regression === 'kalman' ||
    (state.value.range === 'custom' && state.value.to !== null)
      ? 'stored'
      : 'on-demand',
  );
  const legs = computed(() => ({
    symbolX: state.value.x,
    symbolY: state.value.y,
    interval: range.value.interval,
  }));

  const onDemand = useQuery(
    PairAnalysisDocument,
    () =>
      !enabled.value || source.value !== 'on-demand'
        ? null
        : {
            ...legs.value,
            window: state.value.window,
            zScoreWindow: state.value.zWindow,
            correlationWindow: state.value.window,
            points: range.value.bars,
          },
    (data) => {
      series.value = toPairSeries(data.pairAnalysis?.series ?? [], 'ols', state.value.zWindow);
      version.value++;
    },
  );

  const stored = useQuery(
    PairAnalyticsHistoryDocument,
    () =>
      !enabled.value || source.value !== 'stored'
        ? null
        : {
            ...legs.value,
            from: range.value.from,
            to: range.value.to,
            last: range.value.bars,
          },
    (data) => {
      const rows = data.pairAnalyticsHistory.edges.map((e) => e.node);
      series.value = toPairSeries(rows, state.value.regression, state.value.zWindow);
      version.value++;
    },
  );

  useQuery(
    LatestPairAnalyticsDocument,
    () => (enabled.value && catalog.loaded.value && configured.value ? legs.value : null),
    (data) => {
      latest.value = data.pairAnalytics;
    },
  );

  // The processor's rows stream in; in "stored" mode each also extends the charts.
  useSubscription(
    PairAnalyticsUpdatesDocument,
    () => (configured.value && range.value.live ? legs.value : null),
    (data) => {
      const row = data.pairAnalytics;
      latest.value = row;
      if (source.value === 'stored' && stored.data.value !== null) {
        patchPairSeries(
          series.value,
          row,
          state.value.regression,
          state.value.zWindow,
          range.value.bars,
        );
        version.value++;
      }
    },
  );

  // On-demand analysis is recomputed when either leg closes a bar; 1 s bars close every
  // second, and each answer is a full recomputation, so at most one every two seconds.
  const refresh = throttle(
    () => onDemand.refetch(),
    Math.max(2_000, Math.min(10_000, INTERVAL_MS[range.value.interval])),
  );
  onScopeDispose(() => refresh.cancel());
  for (const leg of ['x', 'y'] as const) {
    useSubscription(
      CandleUpdatesDocument,
      () =>
        source.value === 'on-demand' &&
        range.value.live &&
        catalog.symbol(state.value[leg])?.intervals.includes(range.value.interval)
          ? { symbol: state.value[leg], interval: range.value.interval, includePartial: false }
          : null,
      () => refresh(),
    );
  }

  watch([pair, () => range.value.interval, source], () => {
    series.value = emptyPairSeries();
    latest.value = null;
    version.value++;
  });

  const analysis = computed(() =>
    source.value === 'on-demand' ? (onDemand.data.value?.pairAnalysis ?? null) : null,
  );
  const loading = computed(() =>
    source.value === 'on-demand' ? onDemand.loading.value : stored.loading.value,
  );
  const error = computed(() =>
    source.value === 'on-demand' ? onDemand.error.value : stored.error.value,
  );
  const emptyReason = computed(() => {
    if (source.value === 'on-demand') {
      if (onDemand.data.value === null) return null;
      return onDemand.data.value.pairAnalysis === null
        ? `${pair.value} has fewer than 30 aligned final ${range.value.interval} bars so far`
        : null;
    }
    if (!configured.value) {
      const analysed = catalog.pairs.value
        .map((p) => `${p.pair} @ ${p.intervals.join('/')}`)
        .join(', ');
      return `The pair processor does not analyse ${pair.value} at ${range.value.interval} (it analyses ${analysed || 'no pair'}); Kalman figures and stored rows exist only for those.`;
    }
    if (stored.data.value !== null && stored.data.value.pairAnalyticsHistory.edges.length === 0) {
      return `No stored analytics for ${pair.value} ${range.value.interval} in this range yet`;
    }
    return null;
  });

  return {
    series,
    version,
    analysis,
    latest,
    source,
    configured,
    range,
    loading,
    error,
    emptyReason,
  };
}
