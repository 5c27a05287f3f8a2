import { TickstreamError } from '@tickstream/core';
import { malformedFrame, MALFORMED_KINDS, type MalformedKind } from './malformed';
import type { StreamServer } from './stream-server';

/**
 * The switches that make the failures ingest must survive happen on demand: cut connections,
 * a silent dead link (stall), and frames that are raw or malformed.
 */
export class Chaos {
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(private readonly streams: StreamServer) {}

  /** Cuts every client connection: abruptly by default, or with a close frame. Returns how many. */
  dropConnections(graceful: boolean | undefined): number {
    const clients = this.streams.clients;
    const count = clients.size;
    for (const client of clients) {
      if (graceful) client.ws.close(1001, 'going away');
      else client.ws.terminate();
    }
    return count;
  }

  stall(durationMs?: number): void {
    for (const client of this.streams.clients) client.stalled = true;
    clearTimeout(this.stallTimer);
    if (durationMs !== undefined) this.stallTimer = setTimeout(() => this.unstall(), durationMs);
  }

  unstall(): void {
    clearTimeout(this.stallTimer);
    for (const client of this.streams.clients) client.stalled = false;
  }

  sendRaw(text: string): void {
    for (const client of this.streams.clients) {
      client.send(text);
      this.streams.framesSent++;
    }
  }

  sendMalformed(kind: MalformedKind, symbol: string): string {
    if (!MALFORMED_KINDS.includes(kind))
      throw new TickstreamError('INVALID_OPTIONS', `unknown malformed kind ${String(kind)}`);
    const frame = malformedFrame(kind, symbol, Date.now());
    for (const client of this.streams.clients) {
      if (client.stalled || client.ws.readyState !== client.ws.OPEN) continue;
      if (kind === 'binary') client.ws.send(Buffer.from(frame, 'utf8'));
      else client.send(frame);
      this.streams.framesSent++;
    }
    return frame;
  }

  stop(): void {
    clearTimeout(this.stallTimer);
  }
}
