import {
  BarController,
  BarElement,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeScale,
  Tooltip,
} from 'chart.js';
import { CandlestickController, CandlestickElement } from 'chartjs-chart-financial';
import 'chartjs-adapter-date-fns';

let registered = false;

/** Registers only what the dashboard draws (tree-shaken Chart.js), once. */
export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    BarController,
    BarElement,
    CandlestickController,
    CandlestickElement,
    Decimation,
    Filler,
    Legend,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    TimeScale,
    Tooltip,
  );
}
