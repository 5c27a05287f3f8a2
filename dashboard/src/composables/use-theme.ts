import { inject, ref, watch, type InjectionKey, type Ref } from 'vue';

export type Theme = 'dark' | 'light';
const STORAGE_KEY = 'tickstream.theme';

/** Dark by default; a choice of light is remembered by the browser (it is not part of a shared view). */
export function useTheme(): { theme: Ref<Theme>; toggle(): void } {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private modes); the default applies.
  }
  const theme = ref<Theme>(stored === 'light' ? 'light' : 'dark');
  watch(
    theme,
    (value) => {
      document.documentElement.dataset['theme'] = value;
      try {
        window.localStorage.setItem(STORAGE_KEY, value);
      } catch {
        // As above: the choice then lasts for this page only.
      }
    },
    { immediate: true },
  );
  return {
    theme,
    toggle() {
      theme.value = theme.value === 'dark' ? 'light' : 'dark';
    },
  };
}

export const THEME: InjectionKey<Ref<Theme>> = Symbol('tickstream-theme');

/** The theme the app provides, for charts that re-colour themselves. */
export function useThemeContext(): Ref<Theme> {
  return inject(THEME, ref<Theme>('dark'));
}
