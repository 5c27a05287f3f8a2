import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger, TickstreamError, type Logger } from '@tickstream/core';
import type { ReplaySpeed } from '../sources/pacer';
import { SyntheticTrades, type SyntheticOptions } from '../synthetic/generator';
import { DEFAULT_TAPE, loadCapture, loopTape } from '../tape/load-capture';
import type { TapeAggTrade, TapeTrade } from '../tape/tape-trade';
import { malformedFrame, MALFORMED_KINDS, type MalformedKind } from './malformed';
import { handleRest, type BackfillMode, type RestState } from './rest';
import { TapePlayer } from './tape-player';
import { isStreamName, MockClient } from './ws-client';

export type { MalformedKind } from './malformed';
export { MALFORMED_KINDS } from './malformed';
export type { BackfillMode } from './rest';

export type MockTape =
  /** A JSONL capture of @trade frames (plain or gzip), default the USD-M capture in ingest/tapes. */
  | { readonly kind: 'file'; readonly path: string; readonly loop?: boolean }
  | ({ readonly kind: 'synthetic'; readonly maxTrades?: number } & SyntheticOptions)
  | { readonly kind: 'trades'; readonly trades: readonly TapeTrade[]; readonly loop?: boolean };

export interface MockExchangeOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly tape?: MockTape;
  /** 1 = recorded pace (default), N = N×, 'max' = as fast as clients read. */
  readonly speed?: ReplaySpeed;
  /** Trades per second regardless of the tape's timing (overrides speed). */
  readonly ratePerSecond?: number;
  /** Start the tape when the first client subscribes (default true); else call play(). */
  readonly autoplay?: boolean;
  /** 'live' stamps trades with the time they are sent (default 'recorded'). */
  readonly timestamps?: 'recorded' | 'live';
  /** Render frames with the keys 2026 frames carry (`st`, `nq`). */
  readonly extraFields?: boolean;
  /** Server ping period (default 3 min, as Binance). */
  readonly pingIntervalMs?: number;
  /** A client that does not answer pings this long is dropped (default 10 min, as Binance). */
  readonly pongTimeoutMs?: number;
  /** Connections are cut at this age (default 24 h, as Binance). */
  readonly maxConnectionAgeMs?: number;
  /** Client messages per second per connection before it is cut (default 10, as Binance). */
  readonly maxIncomingPerSecond?: number;
  /** Streams per connection (default 1,024, as Binance). */
  readonly maxStreamsPerConnection?: number;
  /** REST weight per minute per client IP (default 2,400, as Binance). */
  readonly restWeightPerMinute?: number;
  /** Trades kept per symbol for the REST history (default 1,000,000). */
  readonly historyLimit?: number;
  readonly logger?: Logger;
}

export interface MockExchangeStats {
  readonly connections: number;
  readonly subscriptions: number;
  readonly framesSent: number;
  readonly tradesEmitted: number;
  readonly tradesSkipped: number;
  readonly incomingMessages: number;
  readonly rateLimitViolations: number;
  readonly connectionsAccepted: number;
  readonly restRequests: number;
  readonly restRateLimited: number;
  readonly playing: boolean;
  readonly finished: boolean;
}

export interface MockExchange {
  /** Base WebSocket URL (ws://host:port); clients add /market/stream or /stream. */
  readonly url: string;
  /** Base REST URL (http://host:port). */
  readonly restUrl: string;
  readonly port: number;
  /** Settles when a finite tape has been played to its end. */
  readonly finished: Promise<void>;
  stop(): Promise<void>;
  play(): void;
  pause(): void;
  /** Every trade the exchange "executed" so far for a symbol, in id order (the REST history). */
  history(symbol: string): readonly TapeTrade[];
  /** The same history as @aggTrade aggregates. */
  aggHistory(symbol: string): readonly TapeAggTrade[];
  stats(): MockExchangeStats;
  /** Cuts every client connection: abruptly by default, or with a close frame. Returns how many. */
  dropConnections(options?: { readonly graceful?: boolean }): number;
  /** Current clients stop receiving anything and stop answering pings (a silent dead link). */
  stall(durationMs?: number): void;
  unstall(): void;
  /** Sends a frame as is to every client. */
  sendRaw(text: string): void;
  /** Sends one kind of bad frame to every client; returns what was sent. */
  sendMalformed(kind: MalformedKind, symbol?: string): string;
  /** The next `count` trades (of `symbol`, or any) are not sent on sockets; with history false, not kept for REST either. */
  skipTrades(
    count: number,
    options?: { readonly symbol?: string; readonly history?: boolean },
  ): void;
  /** REST history: available, unavailable (HTTP 503) or empty. */
  setBackfill(mode: BackfillMode): void;
}

const PATHS = new Set(['/stream', '/market/stream']);

async function tapeIterator(tape: MockTape | undefined): Promise<Iterator<TapeTrade>> {
  const spec = tape ?? { kind: 'file', path: DEFAULT_TAPE };
  switch (spec.kind) {
    case 'file': {
      const trades = await loadCapture(spec.path);
      if (trades.length === 0)
        throw new TickstreamError('EMPTY_TAPE', `${spec.path} holds no @trade messages`);
      return spec.loop ? loopTape(trades) : trades[Symbol.iterator]();
    }
    case 'trades':
      return spec.loop ? loopTape(spec.trades) : spec.trades[Symbol.iterator]();
    case 'synthetic': {
      const generator = new SyntheticTrades(spec);
      const max = spec.maxTrades ?? Number.POSITIVE_INFINITY;
      let count = 0;
      return { next: () => (count++ < max ? generator.next() : { value: undefined, done: true }) };
    }
  }
}

/**
 * A local exchange speaking Binance's USD-M protocol: combined streams on /market/stream and
 * /stream, SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS, server pings, the per-connection message
 * limit and stream limit, the 24 h cut, and the REST trade history — with switches to make
 * every failure ingest must survive happen on demand.
 */
export async function startMockExchange(options: MockExchangeOptions = {}): Promise<MockExchange> {
  const logger = (options.logger ?? silentLogger).child({ component: 'mock-exchange' });
  const clients = new Set<MockClient>();
  const byStream = new Map<string, Set<MockClient>>();
  const limits = {
    maxIncomingPerSecond: options.maxIncomingPerSecond ?? 10,
    maxStreams: options.maxStreamsPerConnection ?? 1024,
  };
  let framesSent = 0;
  let violations = 0;
  let accepted = 0;
  let incoming = 0;
  let nextClientId = 1;
  let stallTimer: NodeJS.Timeout | undefined;
  let played = false;

  const player = new TapePlayer(
    await tapeIterator(options.tape),
    {
      send(stream, frame) {
        const subscribers = byStream.get(stream);
        if (subscribers === undefined) return;
        for (const client of subscribers) {
          if (client.stalled) continue;
          client.send(frame);
          framesSent++;
        }
      },
      backlog() {
        let most = 0;
        for (const client of clients)
          if (!client.stalled) most = Math.max(most, client.ws.bufferedAmount);
        return most;
      },
    },
    {
      speed: options.speed ?? 1,
      ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}),
      timestamps: options.timestamps ?? 'recorded',
      extraFields: options.extraFields ?? false,
      historyLimit: options.historyLimit ?? 1_000_000,
    },
  );
  const rest: RestState = {
    mode: 'available',
    requests: 0,
    rateLimited: 0,
    weightPerMinute: options.restWeightPerMinute ?? 2400,
    weights: [],
  };

  const subscribe = (client: MockClient, streams: readonly string[]) => {
    for (const stream of streams) {
      client.streams.add(stream);
      let set = byStream.get(stream);
      if (set === undefined) {
        set = new Set();
        byStream.set(stream, set);
      }
      set.add(client);
    }
    if (!played && (options.autoplay ?? true) && client.streams.size > 0) {
      played = true;
      player.play();
    }
  };
  const unsubscribe = (client: MockClient, streams: readonly string[]) => {
    for (const stream of streams) {
      client.streams.delete(stream);
      byStream.get(stream)?.delete(client);
    }
  };

  const onRequest = (client: MockClient, text: string) => {
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      return client.answer({
        error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' },
        id: null,
      });
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return client.answer({
        error: { code: 2, msg: 'Invalid request: expected an object' },
        id: null,
      });
    }
    const { method, params, id } = request as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      return client.answer({
        error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
        id: null,
      });
    }
    const list = Array.isArray(params) ? (params as unknown[]) : [];
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        const bad = list.find((p) => !isStreamName(p));
        if (!Array.isArray(params) || bad !== undefined) {
          return client.answer({
            error: { code: 2, msg: `Invalid request: invalid stream name ${JSON.stringify(bad)}` },
            id,
          });
        }
        const streams = list as string[];
        if (method === 'SUBSCRIBE') {
          const after = new Set([...client.streams, ...streams]).size;
          if (after > limits.maxStreams) {
            return client.answer({
              error: {
                code: 2,
                msg: `Invalid request: more than ${limits.maxStreams} streams on one connection`,
              },
              id,
            });
          }
          subscribe(client, streams);
        } else {
          unsubscribe(client, streams);
        }
        return client.answer({ result: null, id });
      }
      case 'LIST_SUBSCRIPTIONS':
        return client.answer({ result: [...client.streams], id });
      case 'SET_PROPERTY':
        return client.answer({ result: null, id });
      case 'GET_PROPERTY':
        return client.answer({ result: true, id });
      default:
        return client.answer({
          error: {
            code: 2,
            msg: `Invalid request: unknown variant ${JSON.stringify(method)}, expected one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY`,
          },
          id,
        });
    }
  };

  const overLimit = (client: MockClient): boolean => {
    incoming++;
    if (client.countIncoming(limits.maxIncomingPerSecond)) return false;
    violations++;
    logger.warn({ client: client.id }, 'client over the message limit: disconnecting');
    client.ws.close(1008, 'Too many messages');
    return true;
  };

  const wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false });
  const server: Server = createServer((request, response) =>
    handleRest(request, response, player, rest),
  );

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://mock');
    const streams = (url.searchParams.get('streams') ?? '').split('/').filter((s) => s.length > 0);
    const fail = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!PATHS.has(url.pathname)) return fail('404 Not Found');
    if (streams.some((s) => !isStreamName(s)) || streams.length > limits.maxStreams)
      return fail('400 Bad Request');
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const client = new MockClient(nextClientId++, ws, url.pathname);
      clients.add(client);
      accepted++;
      subscribe(client, streams);
      ws.on('message', (data, isBinary) => {
        if (overLimit(client) || client.stalled) return;
        if (isBinary)
          return client.answer({ error: { code: 3, msg: 'Invalid JSON: binary frame' }, id: null });
        onRequest(client, Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
      });
      ws.on('ping', (data) => {
        if (overLimit(client) || client.stalled) return;
        ws.pong(data);
      });
      ws.on('pong', () => {
        if (overLimit(client)) return;
        client.lastPongAt = Date.now();
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        for (const t of client.timers) clearTimeout(t);
        unsubscribe(client, [...client.streams]);
        clients.delete(client);
      });
      const pingEvery = options.pingIntervalMs ?? 180_000;
      const pongTimeout = options.pongTimeoutMs ?? 600_000;
      const pinger = setInterval(() => {
        if (Date.now() - client.lastPongAt > pongTimeout) {
          logger.info({ client: client.id }, 'client did not answer pings: disconnecting');
          ws.terminate();
          return;
        }
        if (!client.stalled) ws.ping();
      }, pingEvery);
      client.timers.push(pinger as unknown as NodeJS.Timeout);
      const age = options.maxConnectionAgeMs ?? 86_400_000;
      client.timers.push(
        setTimeout(() => ws.close(1000, 'connection reached its maximum age'), age),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  logger.info({ port: address.port }, 'mock exchange listening');

  const stall = (durationMs?: number) => {
    for (const client of clients) client.stalled = true;
    clearTimeout(stallTimer);
    if (durationMs !== undefined) stallTimer = setTimeout(() => unstall(), durationMs);
  };
  const unstall = () => {
    clearTimeout(stallTimer);
    for (const client of clients) client.stalled = false;
  };
  let stopping: Promise<void> | undefined;

  return {
    url: `ws://${hostForUrl}:${address.port}`,
    restUrl: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    finished: player.finished,
    play: () => {
      played = true;
      player.play();
    },
    pause: () => player.pause(),
    history: (symbol) => player.history(symbol),
    aggHistory: (symbol) => player.aggHistory(symbol),
    stats: () => ({
      connections: clients.size,
      subscriptions: [...clients].reduce((n, c) => n + c.streams.size, 0),
      framesSent,
      tradesEmitted: player.emittedCount,
      tradesSkipped: player.skippedCount,
      incomingMessages: incoming,
      rateLimitViolations: violations,
      connectionsAccepted: accepted,
      restRequests: rest.requests,
      restRateLimited: rest.rateLimited,
      playing: player.isPlaying,
      finished: player.isFinished,
    }),
    dropConnections: (drop = {}) => {
      const count = clients.size;
      for (const client of clients) {
        if (drop.graceful) client.ws.close(1001, 'going away');
        else client.ws.terminate();
      }
      return count;
    },
    stall,
    unstall,
    sendRaw: (text) => {
      for (const client of clients) {
        client.send(text);
        framesSent++;
      }
    },
    sendMalformed: (kind, symbol) => {
      if (!MALFORMED_KINDS.includes(kind))
        throw new TickstreamError('INVALID_OPTIONS', `unknown malformed kind ${String(kind)}`);
      const target = symbol ?? player.symbols()[0] ?? 'BTCUSDT';
      const frame = malformedFrame(kind, target, Date.now());
      for (const client of clients) {
        if (client.stalled || client.ws.readyState !== client.ws.OPEN) continue;
        if (kind === 'binary') client.ws.send(Buffer.from(frame, 'utf8'));
        else client.send(frame);
        framesSent++;
      }
      return frame;
    },
    skipTrades: (count, skip = {}) => player.skip(count, skip.symbol, skip.history ?? true),
    setBackfill: (mode) => {
      rest.mode = mode;
    },
    stop: () => {
      stopping ??= (async () => {
        player.stop();
        clearTimeout(stallTimer);
        for (const client of clients) {
          for (const t of client.timers) clearTimeout(t);
          client.ws.terminate();
        }
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopping;
    },
  };
}
