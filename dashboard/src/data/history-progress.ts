// What the dashboard says while ingest fetches the exchange's history before the live stream:
// a progress bar, and empty states that say "backfilling, 37 %" rather than "no data".

export interface HistoryProgressInput {
  readonly state: string;
  readonly percent: number;
  readonly series: readonly {
    readonly symbol: string;
    readonly series: string;
    readonly percent: number;
    readonly state: string;
  }[];
}

export interface Backfilling {
  readonly percent: number;
  /** e.g. "backfilling, 37 %" */
  readonly label: string;
  /** What is being fetched now, e.g. "BTCUSDT trades 62 %". */
  readonly detail: string;
}

/** Undefined unless history is being fetched now. */
export function backfillingOf(
  history: HistoryProgressInput | null | undefined,
): Backfilling | undefined {
  if (history === null || history === undefined) return undefined;
  if (history.state !== 'running' && history.state !== 'pending') return undefined;
  const percent = Math.floor(history.percent);
  const active = history.series
    .filter((s) => s.state === 'fetching')
    .map(
      (s) =>
        `${s.symbol} ${s.series === 'trades' ? 'trades' : `${s.series} bars`} ${Math.floor(s.percent)} %`,
    );
  return {
    percent,
    label: `backfilling, ${percent} %`,
    detail: active.length > 0 ? `fetching ${active.join(', ')}` : 'waiting for the exchange',
  };
}
