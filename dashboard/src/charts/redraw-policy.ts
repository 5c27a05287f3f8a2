/**
 * Least time between two redraws of a chart holding `points` points. A redraw costs about
 * linearly in points (10,000 candles took ~130 ms in headless Chromium's software canvas),
 * so small charts follow every update while large ones redraw at most once a second: the
 * page stays responsive and the newest bar is never more than a second stale on screen.
 */
export function redrawIntervalMs(points: number): number {
  return Math.min(1_000, Math.max(0, Math.round(points / 10)));
}
