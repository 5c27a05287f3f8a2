/** Chart colours, read from the page's CSS variables so charts follow the theme. */
export interface ChartColors {
  readonly text: string;
  readonly grid: string;
  readonly up: string;
  readonly down: string;
  readonly volume: string;
  readonly series: readonly string[];
  readonly band: string;
  readonly bandStrong: string;
}

export function chartColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--chart-text', '#c8ccd4'),
    grid: v('--chart-grid', 'rgba(255,255,255,0.08)'),
    up: v('--up', '#26a69a'),
    down: v('--down', '#ef5350'),
    volume: v('--chart-volume', 'rgba(120,140,170,0.35)'),
    series: [
      v('--series-1', '#4e9af1'),
      v('--series-2', '#f4a340'),
      v('--series-3', '#b48ef0'),
      v('--series-4', '#5cc98b'),
    ],
    band: v('--chart-band', 'rgba(200,200,200,0.45)'),
    bandStrong: v('--chart-band-strong', '#ef5350'),
  };
}
