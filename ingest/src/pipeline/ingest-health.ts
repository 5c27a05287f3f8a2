import type { ConnectionStatus } from '../types';
import type { IngestState } from './status';

export interface IngestHealth {
  readonly state: 'running' | 'degraded' | 'down';
  /** Why it is not running, in words an operator can act on. */
  readonly reason?: string;
}

export interface IngestHealthInput {
  readonly now: number;
  readonly state: IngestState;
  readonly startedAt?: number;
  readonly error?: string;
  readonly connections: readonly ConnectionStatus[];
  /** When the last trade arrived from the source. */
  readonly lastDataAt?: number;
  /** Since when a write to the event log keeps failing (undefined: writes go through). */
  readonly logFailingSince?: number;
  readonly logError?: string;
  /** Longer than this without a connection, data or a writable log is not healthy. */
  readonly staleAfterMs: number;
  readonly history?: { readonly state: string; readonly percent: number };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The URL without its stream list (which can name a thousand streams). */
const baseUrl = (url: string) => url.split('?')[0] ?? url;

function lifecycleHealth(input: IngestHealthInput): IngestHealth | undefined {
  switch (input.state) {
    case 'failed':
      return { state: 'down', reason: `ingest failed: ${input.error ?? 'unknown error'}` };
    case 'stopped':
      return { state: 'down', reason: 'ingest was stopped' };
    case 'stopping':
      return { state: 'degraded', reason: 'ingest is stopping' };
    case 'idle':
      return { state: 'down', reason: 'ingest has not been started' };
    case 'starting':
      return { state: 'degraded', reason: 'ingest is starting' };
    default:
      return undefined;
  }
}

function logHealth(input: IngestHealthInput): IngestHealth | undefined {
  if (input.logFailingSince === undefined) return undefined;
  const failing = input.now - input.logFailingSince;
  if (failing <= input.staleAfterMs) return undefined;
  return {
    state: 'down',
    reason: `cannot write to the event log for ${seconds(failing)} (retrying; last error: ${input.logError ?? 'unknown'}); the exchange is paused meanwhile`,
  };
}

function connectionHealth(input: IngestHealthInput): IngestHealth | undefined {
  const stale = input.connections.filter(
    (c) => c.state !== 'open' && input.now - (c.downSince ?? input.now) > input.staleAfterMs,
  );
  const first = stale[0];
  if (first === undefined) return undefined;
  const longest = Math.max(...stale.map((c) => input.now - (c.downSince ?? input.now)));
  const reason =
    `no connection to ${baseUrl(first.url)} open for ${seconds(longest)}` +
    (first.lastError !== undefined ? ` (last error: ${first.lastError})` : '') +
    (stale.length < input.connections.length
      ? `; ${stale.length} of ${input.connections.length} connections down`
      : '');
  return { state: stale.length === input.connections.length ? 'down' : 'degraded', reason };
}

function dataHealth(input: IngestHealthInput): IngestHealth | undefined {
  const since = input.lastDataAt ?? input.startedAt;
  if (since === undefined || input.now - since <= input.staleAfterMs) return undefined;
  // Open connections and no trades: a quiet market looks the same, so this is not 'down'.
  return {
    state: 'degraded',
    reason: `no market data for ${seconds(input.now - since)} on open connections`,
  };
}

/**
 * Ingest's health: 'down' when it cannot do its job (failed, stopped, no exchange connection
 * or no writable event log for longer than `staleAfterMs`), 'degraded' when it works with a
 * handicap. A source that ended normally (a replay ran out) is not down.
 */
export function ingestHealth(input: IngestHealthInput): IngestHealth {
  const lifecycle = lifecycleHealth(input);
  if (lifecycle !== undefined) return lifecycle;
  const log = logHealth(input);
  if (log !== undefined) return log;
  if (input.state === 'finished') {
    return { state: 'running', reason: 'the source ended; everything it gave was written' };
  }
  if (input.history?.state === 'running' || input.history?.state === 'pending') {
    // The live stream starts once history is written, so no connection is expected yet.
    return {
      state: 'degraded',
      reason: `fetching the exchange's history before the live stream, ${input.history.percent} %`,
    };
  }
  if (input.connections.length === 0) return { state: 'running' };
  return connectionHealth(input) ?? dataHealth(input) ?? { state: 'running' };
}
