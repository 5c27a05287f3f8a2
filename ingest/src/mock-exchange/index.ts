import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '@tickstream/core';
import type { ReplaySpeed } from '../sources/pacer';
import type { TapeAggTrade, TapeTrade } from '../tape/tape-trade';
import { Chaos } from './chaos';
import type { MalformedKind } from './malformed';
import { handleRest, type BackfillMode, type RestState } from './rest';
import { RestLimits } from './rest-limits';
import { StreamServer } from './stream-server';
import { layOutTape, type MockTape } from './tape-source';
import { TapePlayer } from './tape-player';

export type { MalformedKind } from './malformed';
export { MALFORMED_KINDS } from './malformed';
export type { BackfillMode } from './rest';
export type { MockTape } from './tape-source';

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
  /**
   * The exchange has been trading this long before it starts: the tape (looped to fill the
   * time) is laid out at its own pace to end at the start, in the REST history (trades,
   * aggregates, klines) and never sent; the stream continues its ids. Default 0.
   */
  readonly prehistoryMs?: number;
  /** REST weight per minute per client IP (default 2,400, as Binance); 0 or Infinity: no limit. */
  readonly restWeightPerMinute?: number;
  /** How long a client that ignores a 429's Retry-After is banned, answered 418 (default 2 min, Binance's first ban). */
  readonly restBanMs?: number;
  /** Trades kept per symbol for the REST history (default 1,000,000, or the prehistory plus 1,000,000). */
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
  /** Trades of the prehistory (in the REST history, never sent). */
  readonly prehistoryTrades: number;
  readonly restRequests: number;
  /** Requests answered 429. */
  readonly restRateLimited: number;
  /** Requests answered 418 (a request inside a 429's Retry-After, and every one during the ban). */
  readonly restBanned: number;
  /** REST weight spent in the last minute (X-MBX-USED-WEIGHT-1m). */
  readonly restWeightUsed: number;
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
  /** REST weight spent in the last minute, as X-MBX-USED-WEIGHT-1m reports it. */
  restWeightUsed(): number;
  /** Every REST request so far, as `path?query` (for tests that check nothing is asked twice). */
  restLog(): readonly string[];
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

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function statsOf(streams: StreamServer, player: TapePlayer, limits: RestLimits): MockExchangeStats {
  return {
    connections: streams.clients.size,
    subscriptions: streams.subscriptions(),
    framesSent: streams.framesSent,
    tradesEmitted: player.emittedCount,
    tradesSkipped: player.skippedCount,
    incomingMessages: streams.incoming,
    rateLimitViolations: streams.violations,
    connectionsAccepted: streams.accepted,
    prehistoryTrades: player.pastCount,
    restRequests: limits.requests,
    restRateLimited: limits.rateLimited,
    restBanned: limits.banned,
    restWeightUsed: limits.used(),
    playing: player.isPlaying,
    finished: player.isFinished,
  };
}

/** Enough history to keep the whole prehistory plus a million trades played after it. */
function defaultHistoryLimit(past: readonly TapeTrade[]): number {
  const perSymbol = new Map<string, number>();
  for (const t of past) perSymbol.set(t.symbol, (perSymbol.get(t.symbol) ?? 0) + 1);
  return Math.max(0, ...perSymbol.values()) + 1_000_000;
}

/**
 * A local exchange speaking Binance's USD-M protocol: combined streams on /market/stream and
 * /stream, SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS, server pings, the per-connection message
 * limit and stream limit, the 24 h cut, and the REST market data (trade history, aggregate
 * trades, klines, with weights and bans) — with switches to make every failure ingest must
 * survive happen on demand.
 */
export async function startMockExchange(options: MockExchangeOptions = {}): Promise<MockExchange> {
  const logger = (options.logger ?? silentLogger).child({ component: 'mock-exchange' });
  const tape = await layOutTape(options.tape, options.prehistoryMs ?? 0);
  let played = false;
  const play = () => {
    played = true;
    player.play();
  };
  const streams = new StreamServer({
    logger,
    maxIncomingPerSecond: options.maxIncomingPerSecond ?? 10,
    maxStreams: options.maxStreamsPerConnection ?? 1024,
    pingIntervalMs: options.pingIntervalMs ?? 180_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 600_000,
    maxConnectionAgeMs: options.maxConnectionAgeMs ?? 86_400_000,
    onSubscribed: () => {
      if (!played && (options.autoplay ?? true)) play();
    },
  });
  const player = new TapePlayer(tape.stream, streams, {
    speed: options.speed ?? 1,
    ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}),
    timestamps: options.timestamps ?? 'recorded',
    extraFields: options.extraFields ?? false,
    historyLimit: options.historyLimit ?? defaultHistoryLimit(tape.past),
  });
  player.preload(tape.past);
  const limits = new RestLimits({
    weightPerMinute: options.restWeightPerMinute ?? 2400,
    banMs: options.restBanMs ?? 120_000,
  });
  const rest: RestState = { mode: 'available', limits, log: [] };
  const chaos = new Chaos(streams);
  const server: Server = createServer((request, response) =>
    handleRest(request, response, player, rest),
  );
  server.on('upgrade', streams.upgrade);

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  logger.info({ port, prehistoryTrades: tape.past.length }, 'mock exchange listening');
  let stopping: Promise<void> | undefined;

  return {
    url: `ws://${hostForUrl}:${port}`,
    restUrl: `http://${hostForUrl}:${port}`,
    port,
    finished: player.finished,
    play,
    pause: () => player.pause(),
    history: (symbol) => player.history(symbol),
    aggHistory: (symbol) => player.aggHistory(symbol),
    stats: () => statsOf(streams, player, limits),
    restLog: () => rest.log,
    restWeightUsed: () => limits.used(),
    dropConnections: (drop = {}) => chaos.dropConnections(drop.graceful),
    stall: (durationMs) => chaos.stall(durationMs),
    unstall: () => chaos.unstall(),
    sendRaw: (text) => chaos.sendRaw(text),
    sendMalformed: (kind, symbol) =>
      chaos.sendMalformed(kind, symbol ?? player.symbols()[0] ?? 'BTCUSDT'),
    skipTrades: (count, skip = {}) => player.skip(count, skip.symbol, skip.history ?? true),
    setBackfill: (mode) => {
      rest.mode = mode;
    },
    stop: () => {
      stopping ??= (async () => {
        player.stop();
        chaos.stop();
        await streams.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopping;
    },
  };
}
