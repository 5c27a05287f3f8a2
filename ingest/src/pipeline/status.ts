import type { HistoryStatus } from '../history/history-runner';
import type { ConnectionStatus } from '../types';

export type IngestState =
  'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface SymbolStatus {
  readonly exchange: string;
  /** Trades received from the source (duplicates included). */
  readonly received: number;
  /** Trades acknowledged by the event log. */
  readonly produced: number;
  readonly duplicates: number;
  readonly backfilled: number;
  /** Produced per second over the last status interval. */
  readonly ratePerSecond: number;
  readonly lastTradeId?: number;
  readonly lastTradeTime?: number;
}

export interface IngestStatus {
  readonly state: IngestState;
  readonly source: string;
  readonly startedAt?: number;
  readonly symbols: Readonly<Record<string, SymbolStatus>>;
  readonly connections: readonly ConnectionStatus[];
  readonly reconnects: number;
  readonly rotations: number;
  /** Messages received and waiting to be mapped. */
  readonly queued: number;
  /** Records accepted and not yet acknowledged by the event log. */
  readonly pendingProduce: number;
  readonly produced: number;
  readonly deadLetters: number;
  readonly deadLettersByCode: Readonly<Record<string, number>>;
  readonly gaps: {
    readonly detected: number;
    readonly backfilled: number;
    readonly unrecoverable: number;
    readonly open: number;
    readonly missingTrades: number;
  };
  readonly duplicates: number;
  /** The exchange's history fetched before the live stream, per symbol and series. */
  readonly history?: HistoryStatus;
  readonly error?: string;
}

/** The operator's line, every 10 s like the older platform's, with rates and connections. */
export function formatStatusLine(status: IngestStatus): string {
  const symbols = Object.entries(status.symbols)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([symbol, s]) => `${symbol}: ${s.produced} trades (${s.ratePerSecond.toFixed(1)}/s)`)
    .join(', ');
  const open = status.connections.filter((c) => c.state === 'open').length;
  const connections =
    status.connections.length === 0
      ? ''
      : ` | connections ${open}/${status.connections.length} open, ${status.reconnects} reconnects, ${status.rotations} rotations`;
  const gaps =
    status.gaps.detected === 0
      ? ''
      : ` | gaps ${status.gaps.detected} (${status.gaps.backfilled} backfilled, ${status.gaps.unrecoverable} unrecoverable)`;
  const dead = status.deadLetters === 0 ? '' : ` | dead letters ${status.deadLetters}`;
  const history =
    status.history?.state === 'running' ? ` | history ${status.history.percent}%` : '';
  return `Status - ${symbols || 'no trades yet'}${connections}${gaps}${dead}${history}`;
}
