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
import { redrawIntervalMs } from '../charts/redraw-policy';

export interface ChartOptions<TType extends ChartType, TData> {
  readonly build: (colors: ChartColors) => ChartConfiguration<TType, TData>;
  readonly recolor: (chart: Chart<TType, TData>, colors: ChartColors) => void;
  /** Points the datasets hold now (sets how often a redraw may happen). */
  readonly points: () => number;
  /** Brings the datasets up to date (new arrays after a reload) before a redraw. */
  readonly sync: (chart: Chart<TType, TData>) => void;
  readonly theme: Ref<string>;
  /** Whether the chart is on screen; a hidden chart only remembers that it must redraw. */
  readonly visible: Ref<boolean>;
}

export interface ChartHandle<TType extends ChartType, TData> {
  readonly chart: ShallowRef<Chart<TType, TData> | null>;
  /** Asks for a redraw: at the next frame, no sooner than the chart's size allows. */
  redraw(): void;
}

/**
 * A Chart.js instance bound to a canvas for the component's life: made on mount, kept in a
 * shallowRef (Vue must not proxy it), destroyed on unmount. Data changes are patched into its
 * datasets and drawn with `update('none')`; it is never rebuilt for new data. Redraws are
 * coalesced to animation frames and spaced by the chart's size, and a hidden chart (another
 * tab) is not drawn until it is shown again.
 */
export function useChart<TType extends ChartType, TData = DefaultDataPoint<TType>>(
  canvas: Ref<HTMLCanvasElement | null>,
  options: ChartOptions<TType, TData>,
): ChartHandle<TType, TData> {
  const chart = shallowRef<Chart<TType, TData> | null>(null);
  let dirty = false;
  let scheduled = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;

  const draw = () => {
    frame = null;
    scheduled = false;
    const c = chart.value;
    if (!c) return;
    if (!options.visible.value) {
      dirty = true;
      return;
    }
    dirty = false;
    lastDraw = performance.now();
    options.sync(c);
    c.update('none');
  };

  const redraw = () => {
    if (!chart.value) return;
    if (!options.visible.value) {
      dirty = true;
      return;
    }
    if (scheduled) return;
    scheduled = true;
    const wait = lastDraw + redrawIntervalMs(options.points()) - performance.now();
    const toFrame = () => {
      timer = null;
      frame = requestAnimationFrame(draw);
    };
    if (wait > 0) timer = setTimeout(toFrame, wait);
    else toFrame();
  };

  onMounted(() => {
    registerCharts();
    if (canvas.value) {
      chart.value = markRaw(new Chart<TType, TData>(canvas.value, options.build(chartColors())));
    }
  });
  watch(options.visible, (visible) => {
    if (visible && dirty) redraw();
  });
  watch(
    options.theme,
    () => {
      const c = chart.value;
      if (!c) return;
      options.recolor(c, chartColors());
      c.update('none');
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => {
    if (timer !== null) clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
    chart.value?.destroy();
    chart.value = null;
  });
  return { chart, redraw };
}
