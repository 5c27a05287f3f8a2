import type { Logger } from '@tickstream/core';
import { TickstreamError } from '@tickstream/core';
import { SYMBOL } from '../mappers/mapper';
import type {
  Backfiller,
  ConnectionStatus,
  MessageOrigin,
  RawMessage,
  SessionCause,
} from '../types';
import {
  ManagedConnection,
  type ConnectionEvents,
  type ConnectionTuning,
  type Session,
} from './managed-connection';

// Binance USD-M futures market streams. Everything Binance-specific about the socket lives
// here: the combined-stream URL, the JSON-RPC SUBSCRIBE/UNSUBSCRIBE messages and their
// answers, and splitting streams across connections below the per-connection limit.
//
//   wss://fstream.binance.com/market/stream?streams=btcusdt@trade/ethusdt@trade
//   → {"method":"SUBSCRIBE","params":["solusdt@trade"],"id":1}
//   ← {"result":null,"id":1}          or   {"error":{"code":2,"msg":"..."},"id":1}

export type BinanceStreamKind = 'trade' | 'aggTrade';

export interface BinanceFeedOptions {
  readonly symbols: readonly string[];
  /** Default wss://fstream.binance.com. */
  readonly wsUrl?: string;
  /** Default /market/stream (Binance retired /stream for market data in 2026). */
  readonly streamPath?: string;
  /** Default 'trade' (see the README for why). */
  readonly stream?: BinanceStreamKind;
  /** `Trade.exchange` (default binance-futures). */
  readonly exchange?: string;
  /** Streams per connection (default 1000; Binance allows 1,024). */
  readonly maxStreamsPerConnection?: number;
  /** Streams named in the URL; the rest are subscribed by message (default 100, keeps URLs short). */
  readonly maxStreamsInUrl?: number;
  /** Streams per SUBSCRIBE message (default 200). */
  readonly maxParamsPerMessage?: number;
  /** Longest wait for a SUBSCRIBE/UNSUBSCRIBE answer (default 10 s). */
  readonly requestTimeoutMs?: number;
  readonly connection?: ConnectionTuning;
}

export interface BinanceFeedHooks {
  /** Attached to every message origin, so gaps of this feed are filled from its exchange. */
  backfiller?: Backfiller;
  /** Every market-data frame. A returned promise pauses the socket until it settles. */
  deliver(message: RawMessage): Promise<void> | undefined;
  events?: ConnectionEvents;
  /** Answers the exchange sent that report an error (logged and counted, never trades). */
  onExchangeError?(connection: string, text: string): void;
  /**
   * Symbols whose streams a socket now carries: after every (re)connect and every run-time
   * subscription (not after a rotation: the old socket carried them all along).
   */
  onSubscribed?(symbols: readonly string[], origin: MessageOrigin): void;
}

interface PendingRequest {
  readonly session: Session;
  resolve(): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

interface SessionState {
  readonly subscribed: Set<string>;
  reconciling: Promise<void>;
}

/** Upper-cased symbols, or a typed error naming those that cannot be Binance symbols. */
function checkedSymbols(symbols: readonly string[]): string[] {
  const upper = symbols.map((s) => s.toUpperCase());
  const bad = upper.filter((s) => !SYMBOL.test(s));
  if (bad.length > 0) {
    throw new TickstreamError('INVALID_SYMBOL', `not Binance symbols: ${bad.join(', ')}`);
  }
  return upper;
}

export function streamName(symbol: string, kind: BinanceStreamKind): string {
  return `${symbol.toLowerCase()}@${kind}`;
}

function symbolOf(stream: string): string {
  return (stream.split('@')[0] ?? stream).toUpperCase();
}

class BinanceConnection {
  readonly desired = new Set<string>();
  readonly managed: ManagedConnection;
  private readonly sessions = new Map<Session, SessionState>();
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;
  private urlStreams: string[] = [];

  constructor(
    readonly id: string,
    private readonly feed: BinanceFeed,
    private readonly options: Required<Omit<BinanceFeedOptions, 'symbols' | 'connection'>>,
    tuning: ConnectionTuning,
    private readonly logger: Logger,
    private readonly hooks: BinanceFeedHooks,
  ) {
    this.managed = new ManagedConnection(
      id,
      {
        url: () => this.buildUrl(),
        prepare: (session) => this.prepare(session),
        onFrame: (text, receivedAt, session) => this.onFrame(text, receivedAt, session),
        makeOrigin: (cause) => this.feed.makeOrigin(id, cause),
        onSessionEnd: (session) => {
          this.sessions.delete(session);
          // No answer will come on a closed socket: fail its requests now, not at their timeout.
          this.failPending(session);
        },
        streamCount: () => this.desired.size,
      },
      tuning,
      logger,
      hooks.events,
    );
  }

  private buildUrl(): string {
    this.urlStreams = [...this.desired].slice(0, this.options.maxStreamsInUrl);
    const base = `${this.options.wsUrl.replace(/\/+$/, '')}${this.options.streamPath}`;
    return this.urlStreams.length > 0 ? `${base}?streams=${this.urlStreams.join('/')}` : base;
  }

  private async prepare(session: Session): Promise<void> {
    const state: SessionState = {
      subscribed: new Set(this.urlStreams),
      reconciling: Promise.resolve(),
    };
    this.sessions.set(session, state);
    await this.reconcile(session, false);
    if (session.origin.cause !== 'rotation' && state.subscribed.size > 0)
      this.hooks.onSubscribed?.([...state.subscribed].map(symbolOf), session.origin);
  }

  /**
   * Brings one socket's subscriptions to the desired set; serialized per socket. `announce`
   * reports each acknowledged SUBSCRIBE (run time; at connect, prepare reports them all).
   */
  reconcile(session: Session, announce = true): Promise<void> {
    const state = this.sessions.get(session);
    if (state === undefined) return Promise.resolve();
    const run = state.reconciling.then(async () => {
      for (;;) {
        if (!session.isOpen()) return;
        const add = [...this.desired].filter((s) => !state.subscribed.has(s));
        const remove = [...state.subscribed].filter((s) => !this.desired.has(s));
        if (add.length === 0 && remove.length === 0) return;
        for (let i = 0; i < remove.length; i += this.options.maxParamsPerMessage) {
          const chunk = remove.slice(i, i + this.options.maxParamsPerMessage);
          await this.request(session, 'UNSUBSCRIBE', chunk);
          for (const s of chunk) state.subscribed.delete(s);
        }
        for (let i = 0; i < add.length; i += this.options.maxParamsPerMessage) {
          const chunk = add.slice(i, i + this.options.maxParamsPerMessage);
          await this.request(session, 'SUBSCRIBE', chunk);
          for (const s of chunk) state.subscribed.add(s);
          if (announce) this.hooks.onSubscribed?.(chunk.map(symbolOf), session.origin);
        }
      }
    });
    // A failed reconcile must not block the next one; the caller still sees the failure.
    state.reconciling = run.catch(() => undefined);
    return run;
  }

  async reconcileAll(): Promise<void> {
    await Promise.all(this.managed.sessions().map((s) => this.reconcile(s)));
  }

  private request(
    session: Session,
    method: 'SUBSCRIBE' | 'UNSUBSCRIBE',
    params: string[],
  ): Promise<void> {
    const id = this.nextRequestId++;
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new TickstreamError(
            'EXCHANGE_TIMEOUT',
            `${method} #${id} got no answer in ${this.options.requestTimeoutMs} ms`,
            { retriable: true },
          ),
        );
      }, this.options.requestTimeoutMs);
      this.pending.set(id, { session, resolve, reject, timer });
    });
    // It may be rejected (socket closed) while the send still waits for a slot; the chain
    // below reports it, so it must not count as unhandled meanwhile.
    answered.catch(() => undefined);
    return session.send(JSON.stringify({ method, params, id })).then(
      () => answered,
      (error: unknown) => {
        const entry = this.pending.get(id);
        if (entry) {
          clearTimeout(entry.timer);
          this.pending.delete(id);
        }
        throw new TickstreamError('EXCHANGE_SEND_FAILED', `${method} could not be sent`, {
          cause: error,
          retriable: true,
        });
      },
    );
  }

  private onFrame(text: string, receivedAt: number, session: Session): Promise<void> | undefined {
    // Market data is the hot path: recognize it without parsing; the mapper parses it once.
    if (text.startsWith('{"stream"')) {
      return this.hooks.deliver({
        format: 'binance-ws',
        data: text,
        receivedAt,
        origin: session.origin,
      });
    }
    const answer = this.parseAnswer(text);
    if (answer === undefined) {
      return this.hooks.deliver({
        format: 'binance-ws',
        data: text,
        receivedAt,
        origin: session.origin,
      });
    }
    const entry = answer.id === undefined ? undefined : this.pending.get(answer.id);
    if (answer.error !== undefined) this.hooks.onExchangeError?.(this.id, text);
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    if (answer.id !== undefined) this.pending.delete(answer.id);
    if (answer.error === undefined) entry.resolve();
    else
      entry.reject(
        new TickstreamError('EXCHANGE_REJECTED', `Binance refused the request: ${answer.error}`),
      );
    return undefined;
  }

  /** A JSON-RPC answer ({"result":..,"id":..} or an error), or undefined for anything else. */
  private parseAnswer(text: string): { id?: number; error?: string } | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    if (!('id' in record) || !('result' in record || 'error' in record || 'code' in record))
      return undefined;
    const rawId = record['id'];
    const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? rawId : undefined;
    const error = record['error'] ?? ('code' in record ? record : undefined);
    if (error === undefined || error === null) return id === undefined ? {} : { id };
    return { ...(id !== undefined ? { id } : {}), error: JSON.stringify(error) };
  }

  /** Rejects the requests waiting for an answer (of one socket, or all). */
  failPending(session?: Session): void {
    for (const [id, entry] of this.pending) {
      if (session !== undefined && entry.session !== session) continue;
      clearTimeout(entry.timer);
      this.pending.delete(id);
      entry.reject(
        new TickstreamError('EXCHANGE_CLOSED', `request #${id} abandoned: the connection closed`, {
          retriable: true,
        }),
      );
    }
  }
}

/**
 * A pool of Binance connections carrying the trade streams of any number of symbols, split
 * below the per-connection stream limit; symbols can be added and removed at run time.
 */
export class BinanceFeed {
  private readonly connections: BinanceConnection[] = [];
  private readonly known = new Set<string>();
  private readonly options: Required<Omit<BinanceFeedOptions, 'symbols' | 'connection'>>;
  private readonly tuning: ConnectionTuning;
  private sessionCounter = 0;
  private connectionCounter = 0;
  private started = false;
  private stopped: Promise<void> | undefined;
  private readonly isKnown = (symbol: string) => this.known.has(symbol);

  constructor(
    options: BinanceFeedOptions,
    private readonly logger: Logger,
    private readonly hooks: BinanceFeedHooks,
  ) {
    this.options = {
      wsUrl: options.wsUrl ?? 'wss://fstream.binance.com',
      streamPath: options.streamPath ?? '/market/stream',
      stream: options.stream ?? 'trade',
      exchange: options.exchange ?? 'binance-futures',
      maxStreamsPerConnection: Math.min(options.maxStreamsPerConnection ?? 1000, 1024),
      maxStreamsInUrl: options.maxStreamsInUrl ?? 100,
      maxParamsPerMessage: options.maxParamsPerMessage ?? 200,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    };
    this.tuning = options.connection ?? {};
    this.assign(checkedSymbols(options.symbols));
  }

  get stream(): BinanceStreamKind {
    return this.options.stream;
  }

  makeOrigin(connection: string, cause: SessionCause): MessageOrigin {
    return {
      session: ++this.sessionCounter,
      cause,
      connection,
      exchange: this.options.exchange,
      deadLetterSource: 'ingest/binance',
      isKnownSymbol: this.isKnown,
      ...(this.hooks.backfiller ? { backfiller: this.hooks.backfiller } : {}),
    };
  }

  /** Adds streams to connections with room, opening new connections as needed. */
  private assign(symbols: readonly string[]): { connection: BinanceConnection; stream: string }[] {
    const added: { connection: BinanceConnection; stream: string }[] = [];
    for (const symbol of symbols) {
      this.known.add(symbol);
      const name = streamName(symbol, this.options.stream);
      if (this.connections.some((c) => c.desired.has(name))) continue;
      let target = this.connections.find(
        (c) => c.desired.size < this.options.maxStreamsPerConnection,
      );
      const fresh = target === undefined;
      target ??= new BinanceConnection(
        `${this.options.exchange}#${++this.connectionCounter}`,
        this,
        this.options,
        this.tuning,
        this.logger,
        this.hooks,
      );
      target.desired.add(name);
      added.push({ connection: target, stream: name });
      if (fresh) {
        this.connections.push(target);
        if (this.started && !this.stopped) target.managed.start();
      }
    }
    return added;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.connections) c.managed.start();
  }

  symbols(): string[] {
    return this.connections.flatMap((c) => [...c.desired].map(symbolOf));
  }

  /** Subscribes at run time, within each connection's message budget. */
  async subscribe(symbols: readonly string[]): Promise<void> {
    const added = this.assign(checkedSymbols(symbols));
    const touched = [...new Set(added.map((a) => a.connection))];
    try {
      await Promise.all(touched.map((c) => c.reconcileAll()));
    } catch (error) {
      // Refused streams would be refused again on every reconnect: forget them. Timeouts and
      // closed sockets are not refusals; the next connection subscribes those.
      if (error instanceof TickstreamError && error.code === 'EXCHANGE_REJECTED') {
        for (const { connection, stream } of added) connection.desired.delete(stream);
      }
      throw error;
    }
  }

  async unsubscribe(symbols: readonly string[]): Promise<void> {
    const names = new Set(symbols.map((s) => streamName(s.toUpperCase(), this.options.stream)));
    const touched = this.connections.filter((c) => [...names].some((n) => c.desired.has(n)));
    for (const c of touched) for (const n of names) c.desired.delete(n);
    await Promise.all(touched.map((c) => c.reconcileAll()));
    for (const c of touched.filter((t) => t.desired.size === 0)) {
      this.connections.splice(this.connections.indexOf(c), 1);
      c.failPending();
      await c.managed.stop();
    }
  }

  status(): ConnectionStatus[] {
    return this.connections.map((c) => c.managed.status());
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await Promise.all(this.connections.map((c) => c.managed.stop()));
      for (const c of this.connections) c.failPending();
    })();
    return this.stopped;
  }
}
