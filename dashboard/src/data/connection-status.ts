/** The socket's state as the graphql-ws client reports it. */
export type SocketState = 'connecting' | 'connected' | 'reconnecting';

/** The fields of the ingest status the indicator needs (IngestStatusUpdates satisfies it). */
export interface IngestStatusInput {
  readonly available: boolean;
  readonly state: string | null;
  readonly connections: readonly { readonly state: string }[];
}

export type ConnectionKind =
  'connecting' | 'live' | 'reconnecting' | 'exchange-unreachable' | 'ingest-stopped';

export interface ConnectionStatus {
  readonly kind: ConnectionKind;
  readonly label: string;
  readonly detail: string;
}

/**
 * What the connection indicator says: the API's socket first (nothing else can be known
 * while it is down), then the exchange as ingest sees it.
 */
export function connectionStatus(
  socket: SocketState,
  ingest: IngestStatusInput | null,
): ConnectionStatus {
  if (socket === 'connecting') {
    return {
      kind: 'connecting',
      label: 'Connecting',
      detail: 'opening the live connection to the API',
    };
  }
  if (socket === 'reconnecting') {
    return {
      kind: 'reconnecting',
      label: 'Reconnecting',
      detail: 'the API is unreachable; retrying',
    };
  }
  if (ingest && ingest.available) {
    const open = ingest.connections.filter((c) => c.state === 'open').length;
    if (ingest.state !== null && ['stopped', 'failed', 'finished'].includes(ingest.state)) {
      return {
        kind: 'ingest-stopped',
        label: 'Ingest stopped',
        detail: `ingest is ${ingest.state}`,
      };
    }
    if (ingest.connections.length > 0 && open === 0) {
      return {
        kind: 'exchange-unreachable',
        label: 'Exchange unreachable',
        detail: `no open exchange connection (${ingest.connections.map((c) => c.state).join(', ')})`,
      };
    }
    return {
      kind: 'live',
      label: 'Live',
      detail:
        ingest.connections.length > 0
          ? `${open} of ${ingest.connections.length} exchange connections open`
          : `ingest ${ingest.state ?? 'running'}`,
    };
  }
  return { kind: 'live', label: 'Live', detail: 'connected to the API' };
}
