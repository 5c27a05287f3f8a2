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
import { toApiProblem, type ApiProblem } from '../apollo/api-problem';
import { useApi } from '../apollo/injection';
import { AddPairDocument, RemovePairDocument } from '../generated/graphql';
import { analysedSettings, pairInputFromView, type PairSettingsInput } from '../data/live-analysis';
import { pairName, type ViewState } from '../data/url-state';
import type { CatalogHandle } from './use-catalog';

export type LiveAnalysisAction = 'start' | 'stop';

export interface LiveAnalysisFailure {
  readonly action: LiveAnalysisAction;
  readonly problem: ApiProblem;
}

export interface LiveAnalysisHandle {
  /** The settings the processors analyse the pair on screen with, or null when they do not. */
  readonly settings: ComputedRef<PairSettingsInput | null>;
  /** Whether the pairs list has answered: before that, "not analysed" would be a guess. */
  readonly known: ComputedRef<boolean>;
  /** The interval the pair view shows, which is the one started or stopped. */
  readonly interval: Readonly<Ref<string>>;
  /** The change under way, or null. */
  readonly busy: Ref<LiveAnalysisAction | null>;
  /** The last change that failed, for the pair and interval on screen. */
  readonly failure: ShallowRef<LiveAnalysisFailure | null>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts and stops the processors' continuous analysis of the pair on screen (addPair /
 * removePair). The status comes from the pairs list alone: after a change it is asked again,
 * and the change counts as done only once that answer is in, so the button never offers the
 * opposite of what the list says.
 */
export function useLiveAnalysis(
  state: ShallowRef<ViewState>,
  catalog: CatalogHandle,
  interval: Readonly<Ref<string>>,
): LiveAnalysisHandle {
  const { apollo, socket } = useApi();
  const busy = ref<LiveAnalysisAction | null>(null);
  const failure = shallowRef<LiveAnalysisFailure | null>(null);
  let disposed = false;

  const settings = computed(() =>
    analysedSettings(catalog.pairs.value, state.value, interval.value),
  );
  const target = computed(() => `${pairName(state.value)}@${interval.value}`);
  // A failure is about the pair and interval it was asked for; another one on screen clears it.
  watch(target, () => (failure.value = null));
  onScopeDispose(() => {
    disposed = true;
  });

  const change = async (action: LiveAnalysisAction, send: () => Promise<unknown>) => {
    if (busy.value !== null) return;
    const asked = target.value;
    failure.value = null;
    // While the socket is down a request would only fail (and the browser would log it).
    if (socket.value === 'reconnecting') {
      failure.value = {
        action,
        problem: { code: 'API_UNREACHABLE', message: 'the API cannot be reached', retriable: true },
      };
      return;
    }
    busy.value = action;
    try {
      await send();
      await catalog.refetch();
    } catch (e) {
      if (!disposed && target.value === asked) failure.value = { action, problem: toApiProblem(e) };
    } finally {
      busy.value = null;
    }
  };

  return {
    settings,
    known: catalog.loaded,
    interval,
    busy,
    failure,
    start: () =>
      change('start', () =>
        apollo.mutate({
          mutation: AddPairDocument,
          variables: { input: pairInputFromView(state.value, interval.value) },
          // Like every query here: nothing reads the cache back.
          fetchPolicy: 'no-cache',
        }),
      ),
    stop: () =>
      change('stop', () =>
        apollo.mutate({
          mutation: RemovePairDocument,
          variables: { symbolX: state.value.x, symbolY: state.value.y, interval: interval.value },
          fetchPolicy: 'no-cache',
        }),
      ),
  };
}
