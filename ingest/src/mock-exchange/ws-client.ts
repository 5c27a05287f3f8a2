import WebSocket from 'ws';

const STREAM = /^[a-z0-9]{2,30}@(trade|aggTrade)$/;

export function isStreamName(value: unknown): value is string {
  return typeof value === 'string' && STREAM.test(value);
}

export interface ClientLimits {
  readonly maxIncomingPerSecond: number;
  readonly maxStreams: number;
}

/** One client socket of the mock exchange, with Binance's per-connection rules. */
export class MockClient {
  readonly streams = new Set<string>();
  readonly openedAt = Date.now();
  stalled = false;
  lastPongAt = Date.now();
  incoming = 0;
  private readonly recent: number[] = [];
  timers: NodeJS.Timeout[] = [];

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly path: string,
  ) {}

  /** Counts a client message (JSON, ping or pong); false when over the per-second limit. */
  countIncoming(limit: number): boolean {
    const now = Date.now();
    this.incoming++;
    this.recent.push(now);
    while ((this.recent[0] ?? now) <= now - 1_000) this.recent.shift();
    return this.recent.length <= limit;
  }

  send(text: string): void {
    if (this.stalled || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
  }

  answer(body: unknown): void {
    this.send(JSON.stringify(body));
  }
}
