import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@tickstream/core';
import type { PlayerOutput } from './tape-player';
import { isStreamName, MockClient } from './ws-client';
import { answerRequest, type SubscriptionTarget } from './ws-requests';

const PATHS = new Set(['/stream', '/market/stream']);

export interface StreamServerOptions {
  readonly logger: Logger;
  readonly maxIncomingPerSecond: number;
  readonly maxStreams: number;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly maxConnectionAgeMs: number;
  /** A client now has streams (the tape may start playing). */
  readonly onSubscribed: (client: MockClient) => void;
}

/**
 * The WebSocket side of the mock exchange: combined-stream connections, their subscriptions,
 * and Binance's per-connection rules (message limit, server pings, the 24 h cut).
 */
export class StreamServer implements PlayerOutput, SubscriptionTarget {
  readonly clients = new Set<MockClient>();
  private readonly byStream = new Map<string, Set<MockClient>>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    autoPong: false,
    perMessageDeflate: false,
  });
  private nextClientId = 1;
  framesSent = 0;
  violations = 0;
  accepted = 0;
  incoming = 0;

  constructor(private readonly options: StreamServerOptions) {}

  get maxStreams(): number {
    return this.options.maxStreams;
  }

  send(stream: string, frame: string): void {
    const subscribers = this.byStream.get(stream);
    if (subscribers === undefined) return;
    for (const client of subscribers) {
      if (client.stalled) continue;
      client.send(frame);
      this.framesSent++;
    }
  }

  backlog(): number {
    let most = 0;
    for (const client of this.clients)
      if (!client.stalled) most = Math.max(most, client.ws.bufferedAmount);
    return most;
  }

  subscribe(client: MockClient, streams: readonly string[]): void {
    for (const stream of streams) {
      client.streams.add(stream);
      let set = this.byStream.get(stream);
      if (set === undefined) {
        set = new Set();
        this.byStream.set(stream, set);
      }
      set.add(client);
    }
    if (client.streams.size > 0) this.options.onSubscribed(client);
  }

  unsubscribe(client: MockClient, streams: readonly string[]): void {
    for (const stream of streams) {
      client.streams.delete(stream);
      this.byStream.get(stream)?.delete(client);
    }
  }

  subscriptions(): number {
    return [...this.clients].reduce((n, c) => n + c.streams.size, 0);
  }

  /** The HTTP server's 'upgrade' handler: a WebSocket on /market/stream or /stream. */
  readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://mock');
    const streams = (url.searchParams.get('streams') ?? '').split('/').filter((s) => s.length > 0);
    const fail = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!PATHS.has(url.pathname)) return fail('404 Not Found');
    if (streams.some((s) => !isStreamName(s)) || streams.length > this.options.maxStreams)
      return fail('400 Bad Request');
    this.wss.handleUpgrade(request, socket, head, (ws: WebSocket) =>
      this.accept(ws, url.pathname, streams),
    );
  };

  private accept(ws: WebSocket, path: string, streams: readonly string[]): void {
    const client = new MockClient(this.nextClientId++, ws, path);
    this.clients.add(client);
    this.accepted++;
    this.subscribe(client, streams);
    ws.on('message', (data, isBinary) => {
      if (this.overLimit(client) || client.stalled) return;
      if (isBinary)
        return client.answer({ error: { code: 3, msg: 'Invalid JSON: binary frame' }, id: null });
      answerRequest(client, Buffer.isBuffer(data) ? data.toString('utf8') : String(data), this);
    });
    ws.on('ping', (data) => {
      if (this.overLimit(client) || client.stalled) return;
      ws.pong(data);
    });
    ws.on('pong', () => {
      if (this.overLimit(client)) return;
      client.lastPongAt = Date.now();
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      for (const t of client.timers) clearTimeout(t);
      this.unsubscribe(client, [...client.streams]);
      this.clients.delete(client);
    });
    this.keepAlive(client);
  }

  /** Server pings, the pong deadline and the maximum connection age, as Binance's. */
  private keepAlive(client: MockClient): void {
    const { ws } = client;
    const { pongTimeoutMs, pingIntervalMs, maxConnectionAgeMs, logger } = this.options;
    const pinger = setInterval(() => {
      if (Date.now() - client.lastPongAt > pongTimeoutMs) {
        logger.info({ client: client.id }, 'client did not answer pings: disconnecting');
        ws.terminate();
        return;
      }
      if (!client.stalled) ws.ping();
    }, pingIntervalMs);
    client.timers.push(pinger as unknown as NodeJS.Timeout);
    client.timers.push(
      setTimeout(() => ws.close(1000, 'connection reached its maximum age'), maxConnectionAgeMs),
    );
  }

  private overLimit(client: MockClient): boolean {
    this.incoming++;
    if (client.countIncoming(this.options.maxIncomingPerSecond)) return false;
    this.violations++;
    this.options.logger.warn({ client: client.id }, 'client over the message limit: disconnecting');
    client.ws.close(1008, 'Too many messages');
    return true;
  }

  /** Cuts every client and closes the WebSocket server. */
  async close(): Promise<void> {
    for (const client of this.clients) {
      for (const t of client.timers) clearTimeout(t);
      client.ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
