import {
  markRaw,
  onBeforeUnmount,
  onMounted,
  shallowRef,
  watch,
  type Ref,
  type ShallowRef,
} from 'vue';
import { Chart, type ChartConfiguration, type ChartType, type DefaultDataPoint } from 'chart.js';
import { registerCharts } from '../charts/register';
import { chartColors, type ChartColors } from '../charts/theme-colors';

/**
 * A Chart.js instance bound to a canvas for the component's life: made on mount, kept in a
 * shallowRef (Vue must not proxy it), destroyed on unmount. Callers patch its datasets and
 * call `chart.update('none')`; it is never rebuilt for new data. A theme change re-colours it.
 */
export function useChart<TType extends ChartType, TData = DefaultDataPoint<TType>>(
  canvas: Ref<HTMLCanvasElement | null>,
  build: (colors: ChartColors) => ChartConfiguration<TType, TData>,
  recolor: (chart: Chart<TType, TData>, colors: ChartColors) => void,
  theme: Ref<string>,
): ShallowRef<Chart<TType, TData> | null> {
  const chart = shallowRef<Chart<TType, TData> | null>(null);
  onMounted(() => {
    registerCharts();
    if (canvas.value)
      chart.value = markRaw(new Chart<TType, TData>(canvas.value, build(chartColors())));
  });
  watch(
    theme,
    () => {
      const c = chart.value;
      if (!c) return;
      recolor(c, chartColors());
      c.update('none');
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => {
    chart.value?.destroy();
    chart.value = null;
  });
  return chart;
}
