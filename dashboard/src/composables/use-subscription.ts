import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { toApiProblem, type ApiProblem } from '../apollo/api-problem';
import { useApi } from '../apollo/injection';

export interface SubscriptionHandle<TData> {
  /** The newest event. */
  readonly result: ShallowRef<TData | null>;
  readonly error: ShallowRef<ApiProblem | null>;
  readonly active: Ref<boolean>;
  start(): void;
  stop(): void;
}

/**
 * A graphql-ws subscription whose variables follow reactive state (null: not subscribed).
 * Each event goes to `onData` as well as `result`, because charts patch every update in
 * rather than keep only the last. Changing variables resubscribes; leaving the component's
 * scope unsubscribes. A socket lost and regained keeps the subscription (graphql-ws
 * resubscribes it).
 */
export function useSubscription<TData, TVars extends OperationVariables>(
  document: TypedDocumentNode<TData, TVars>,
  variables: () => TVars | null,
  onData?: (data: TData) => void,
): SubscriptionHandle<TData> {
  const { apollo } = useApi();
  const result = shallowRef<TData | null>(null);
  const error = shallowRef<ApiProblem | null>(null);
  const active = ref(false);
  let subscription: { unsubscribe(): void } | null = null;

  const stop = () => {
    subscription?.unsubscribe();
    subscription = null;
    active.value = false;
  };

  const start = () => {
    stop();
    const vars = variables();
    if (vars === null) return;
    active.value = true;
    error.value = null;
    subscription = apollo
      .subscribe<TData, TVars>({ query: document, variables: vars } as never)
      .subscribe({
        next: (event) => {
          if (event.error) {
            error.value = toApiProblem(event.error);
            return;
          }
          if (event.data === undefined || event.data === null) return;
          const value = event.data as TData;
          result.value = value;
          onData?.(value);
        },
        error: (e: unknown) => {
          error.value = toApiProblem(e);
          active.value = false;
        },
        complete: () => {
          active.value = false;
        },
      });
  };

  watch(() => JSON.stringify(variables()), start, { immediate: true });
  onScopeDispose(stop);
  return { result, error, active, start, stop };
}
