import { shallowRef, watch, type ShallowRef } from 'vue';
import type { ApiProblem } from '../apollo/api-problem';
import {
  PaperSignalsDocument,
  PaperSignalUpdatesDocument,
  type SignalFieldsFragment,
} from '../generated/graphql';
import { addSignals, PAPER_LOG_SIZE } from '../data/paper';
import { useQuery } from './use-query';
import { useSubscription } from './use-subscription';

export interface PaperHandle {
  /** The pair's newest signals on the interval, in time order. */
  readonly signals: ShallowRef<SignalFieldsFragment[]>;
  /** False until the first answer of the query: "no signals" is not said before it. */
  readonly loaded: ShallowRef<boolean>;
  readonly error: ShallowRef<ApiProblem | null>;
}

/**
 * A pair's paper trading: the stored signals first, then each as the pair stage makes it.
 * `target` returns null to ask nothing (the pair view is not shown).
 */
export function usePaper(target: () => { pair: string; interval: string } | null): PaperHandle {
  const signals = shallowRef<SignalFieldsFragment[]>([]);
  const loaded = shallowRef(false);
  // The view the log holds: a change of pair or interval starts it again. Declared before the
  // query, so that its watcher runs first and the query's answer lands in the new log.
  let holds = '';
  watch(
    () => {
      const t = target();
      return t === null ? '' : `${t.pair}|${t.interval}`;
    },
    (key) => {
      holds = key;
      signals.value = [];
      loaded.value = false;
    },
    { immediate: true },
  );
  const query = useQuery(
    PaperSignalsDocument,
    () => {
      const t = target();
      if (t === null) return null;
      return { pair: t.pair, interval: t.interval, last: PAPER_LOG_SIZE };
    },
    (data, vars) => {
      if (`${vars.pair}|${vars.interval}` !== holds) return;
      // Merged, not replaced: live signals that came before the answer stay.
      signals.value = addSignals(signals.value, data.signals, vars.interval);
      loaded.value = true;
    },
  );
  useSubscription(
    PaperSignalUpdatesDocument,
    () => {
      const t = target();
      return t === null ? null : { pair: t.pair };
    },
    (data) => {
      const t = target();
      if (t === null || data.signals.pair !== t.pair) return;
      signals.value = addSignals(signals.value, [data.signals], t.interval);
      // A live signal is an answer too: the pair is paper-traded.
      loaded.value = true;
    },
  );
  return { signals, loaded, error: query.error };
}
