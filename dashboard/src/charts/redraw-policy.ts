/**
 * Least time between two redraws of a chart holding `points` points. Redrawing costs about
 * linearly in points (a 10,000-candle redraw takes ~100 ms on a laptop's software canvas), so
 * small charts follow every update while large ones redraw at most once a second: the page
 * stays responsive and the newest bar is never more than a second stale.
 */
export function redrawIntervalMs(points: number): number {
  return Math.min(1_000, Math.max(0, Math.round(points / 10)));
}
