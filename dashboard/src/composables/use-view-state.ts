import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { parseViewState, serializeViewState, type ViewState } from '../data/url-state';

export interface ViewStateHandle {
  readonly state: ShallowRef<ViewState>;
  /** Parameters of the URL the page was opened with that could not be used. */
  readonly problems: ShallowRef<readonly string[]>;
  update(change: Partial<ViewState>): void;
}

/**
 * The view, read from and written back to the URL query. Changes replace the history entry
 * (a slider would otherwise fill the back button); going back to another entry re-reads it.
 */
export function useViewState(): ViewStateHandle {
  const initial = parseViewState(new URLSearchParams(window.location.search));
  const state = shallowRef<ViewState>(initial.state);
  const problems = shallowRef<readonly string[]>(initial.problems);

  const write = (next: ViewState) => {
    const query = serializeViewState(next).toString();
    const url = `${window.location.pathname}${query === '' ? '' : `?${query}`}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  };
  write(state.value);

  const onPopState = () => {
    const parsed = parseViewState(new URLSearchParams(window.location.search));
    state.value = parsed.state;
    problems.value = parsed.problems;
  };
  window.addEventListener('popstate', onPopState);
  onScopeDispose(() => window.removeEventListener('popstate', onPopState));

  return {
    state,
    problems,
    update(change) {
      const next = { ...state.value, ...change };
      if (next.range !== 'custom') {
        next.from = null;
        next.to = null;
      }
      state.value = next;
      write(next);
    },
  };
}
