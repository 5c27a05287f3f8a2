import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { toApiProblem, type ApiProblem } from '../apollo/api-problem';
import { useApi } from '../apollo/injection';

export interface QueryHandle<TData> {
  readonly data: ShallowRef<TData | null>;
  readonly error: ShallowRef<ApiProblem | null>;
  readonly loading: Ref<boolean>;
  /**
   * Runs the query again with the current variables (no-op while skipped). Resolves once its
   * answer is in `data` (or `error`), or at once when skipped or held back for an outage.
   */
  refetch(): Promise<void>;
}

/**
 * One query over HTTP whose variables follow reactive state: `variables` returning null skips
 * it. A newer run supersedes an older one still in flight (its answer is dropped), it runs
 * again when the socket comes back after a loss, and not while the API is known to be down,
 * so an outage costs no failed requests.
 */
export function useQuery<TData, TVars extends OperationVariables>(
  document: TypedDocumentNode<TData, TVars>,
  variables: () => TVars | null,
  onResult?: (data: TData, vars: TVars) => void,
): QueryHandle<TData> {
  const { apollo, socket, resync } = useApi();
  const data = shallowRef<TData | null>(null);
  const error = shallowRef<ApiProblem | null>(null);
  const loading = ref(false);
  let sequence = 0;
  let pending = false;
  let disposed = false;

  const run = async (vars: TVars) => {
    const mine = ++sequence;
    loading.value = true;
    try {
      const result = await apollo.query<TData, TVars>({
        query: document,
        variables: vars,
      } as never);
      if (mine !== sequence || disposed) return;
      const value = result.data as TData;
      data.value = value;
      error.value = null;
      onResult?.(value, vars);
    } catch (e) {
      if (mine !== sequence || disposed) return;
      error.value = toApiProblem(e);
    } finally {
      if (mine === sequence) loading.value = false;
    }
  };

  const refetch = async () => {
    const vars = variables();
    if (vars === null) {
      sequence++;
      loading.value = false;
      return;
    }
    if (socket.value === 'reconnecting') {
      pending = true;
      return;
    }
    await run(vars);
  };

  watch(() => JSON.stringify(variables()), refetch, { immediate: true });
  watch(resync, refetch);
  watch(socket, (state) => {
    if (state === 'connected' && pending) {
      pending = false;
      refetch();
    }
  });
  onScopeDispose(() => {
    disposed = true;
  });
  return { data, error, loading, refetch };
}
