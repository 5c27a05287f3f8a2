import WebSocket from 'ws';
import type { Logger } from '@tickstream/core';
import { Backoff, type BackoffOptions } from '../util/backoff';
import { SlidingWindowLimiter } from '../util/rate-limiter';
import type { ConnectionState, ConnectionStatus, MessageOrigin, SessionCause } from '../types';

// The base every exchange adapter builds on: it owns the socket's life — reconnection with
// backoff, liveness (client pings, pong deadline, optional data idle limit), rotation before
// the exchange's maximum connection age, and the per-connection budget of client messages.
// Exchange files only say which URL to open, what to send once open, and how to read frames.

export interface ConnectionTuning {
  /** Client ping period (default 30 s). Binance pings every 3 min; ours find dead links sooner. */
  readonly pingIntervalMs?: number;
  /** A ping unanswered this long means a dead connection (default 10 s). */
  readonly pongTimeoutMs?: number;
  /** No frame at all for this long means a dead connection; 0 turns it off (default). */
  readonly idleTimeoutMs?: number;
  /** Longest wait for the WebSocket handshake and the subscriptions (default 10 s). */
  readonly openTimeoutMs?: number;
  /** Open a successor connection at this age (default 23 h; Binance cuts at 24 h). */
  readonly rotateAfterMs?: number;
  /** How long the old and the new connection both run before the old one closes (default 5 s). */
  readonly rotationOverlapMs?: number;
  /** Client messages (JSON, pings) per second per connection (default 8; Binance allows 10). */
  readonly maxClientMessagesPerSecond?: number;
  readonly backoff?: BackoffOptions;
}

/** One physical socket; a connection has one, or two while rotating. */
export interface Session {
  readonly origin: MessageOrigin;
  readonly url: string;
  /** Sends a client message within the per-connection budget (waits for a slot). */
  send(text: string): Promise<void>;
  isOpen(): boolean;
}

export interface ConnectionHandlers {
  /** The URL for the next socket (it may name the streams to start with). */
  url(): string;
  /** After the handshake: subscribe whatever the URL did not carry. Rejecting drops the socket. */
  prepare(session: Session): Promise<void>;
  /**
   * Every text frame, with its local receive time. A returned promise means "slow down": the
   * socket is paused (TCP backpressure to the exchange) until it settles.
   */
  onFrame(text: string, receivedAt: number, session: Session): Promise<void> | undefined;
  makeOrigin(cause: SessionCause): MessageOrigin;
  /** The session ended (closed, dropped, rotated away): forget its per-session state. */
  onSessionEnd?(session: Session): void;
  streamCount(): number;
}

export interface ConnectionEvents {
  onReconnectScheduled?(delayMs: number, reason: string): void;
  onRotated?(): void;
  onStateChange?(state: ConnectionState): void;
}

const CLOSE_GRACE_MS = 1_000;

class SocketSession implements Session {
  readonly openedAt = Date.now();
  readonly limiter: SlidingWindowLimiter;
  lastFrameAt = Date.now();
  awaitingPongSince: number | undefined;
  pauses = 0;
  retired = false;
  /** Prepared and carrying streams; its first frame after that resets the backoff. */
  ready = false;
  deliveredData = false;
  error: string | undefined;
  livenessTimer: NodeJS.Timeout | undefined;
  readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    readonly origin: MessageOrigin,
    readonly url: string,
    messagesPerSecond: number,
  ) {
    this.limiter = new SlidingWindowLimiter(messagesPerSecond, 1_000);
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  async send(text: string): Promise<void> {
    await this.limiter.acquire();
    if (!this.isOpen()) throw new Error('socket closed before the message could be sent');
    await new Promise<void>((resolve, reject) =>
      this.ws.send(text, (error) => (error ? reject(error) : resolve())),
    );
  }

  closeGracefully(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close(1000);
    const force = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    return this.closed.finally(() => clearTimeout(force));
  }
}

export class ManagedConnection {
  private primary: SocketSession | undefined;
  private successor: SocketSession | undefined;
  private state: ConnectionState = 'closed';
  private stopping: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private rotationTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private reconnects = 0;
  private rotations = 0;
  private messages = 0;
  private connectedAt: number | undefined;
  private lastMessageAt: number | undefined;
  /** Since when no socket has been open (from start() until the first one is). */
  private downSince: number | undefined;
  private lastError: string | undefined;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly openTimeoutMs: number;
  private readonly rotateAfterMs: number;
  private readonly overlapMs: number;
  private readonly messagesPerSecond: number;

  constructor(
    readonly id: string,
    private readonly handlers: ConnectionHandlers,
    tuning: ConnectionTuning,
    private readonly logger: Logger,
    private readonly events: ConnectionEvents = {},
  ) {
    this.backoff = new Backoff(tuning.backoff);
    this.pingIntervalMs = tuning.pingIntervalMs ?? 30_000;
    this.pongTimeoutMs = tuning.pongTimeoutMs ?? 10_000;
    this.idleTimeoutMs = tuning.idleTimeoutMs ?? 0;
    this.openTimeoutMs = tuning.openTimeoutMs ?? 10_000;
    this.rotateAfterMs = tuning.rotateAfterMs ?? 23 * 3_600_000;
    this.overlapMs = tuning.rotationOverlapMs ?? 5_000;
    this.messagesPerSecond = tuning.maxClientMessagesPerSecond ?? 8;
  }

  start(): void {
    if (this.stopping || this.state !== 'closed') return;
    this.downSince = Date.now();
    this.open('initial');
  }

  /** Sessions that currently carry data (one, or two while rotating). */
  sessions(): Session[] {
    const live: Session[] = [];
    if (this.primary?.isOpen()) live.push(this.primary);
    if (this.successor?.isOpen()) live.push(this.successor);
    return live;
  }

  status(): ConnectionStatus {
    return {
      id: this.id,
      state: this.state,
      url: this.primary?.url ?? this.handlers.url(),
      streams: this.handlers.streamCount(),
      reconnects: this.reconnects,
      rotations: this.rotations,
      ...(this.connectedAt !== undefined ? { connectedAt: this.connectedAt } : {}),
      ...(this.lastMessageAt !== undefined ? { lastMessageAt: this.lastMessageAt } : {}),
      ...(this.downSince !== undefined && this.state !== 'open'
        ? { downSince: this.downSince }
        : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      messages: this.messages,
    };
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.onStateChange?.(state);
  }

  /** Opens a socket; resolves with it once prepared, or undefined when it failed. */
  private open(cause: SessionCause): Promise<SocketSession | undefined> {
    const asPrimary = cause !== 'rotation';
    if (asPrimary) this.setState(this.reconnects > 0 ? 'reconnecting' : 'connecting');
    const url = this.handlers.url();
    const ws = new WebSocket(url, {
      handshakeTimeout: this.openTimeoutMs,
      perMessageDeflate: false,
    });
    const session = new SocketSession(
      ws,
      this.handlers.makeOrigin(cause),
      url,
      this.messagesPerSecond,
    );
    if (asPrimary) this.primary = session;
    else this.successor = session;

    ws.on('message', (data, isBinary) => this.onMessage(session, data, isBinary));
    ws.on('pong', () => {
      session.awaitingPongSince = undefined;
    });
    ws.on('ping', () => {
      session.lastFrameAt = Date.now();
    });
    ws.on('error', (error) => {
      session.error = error.message;
      this.logger.warn({ connection: this.id, err: error.message }, 'websocket error');
    });
    ws.on('close', (code, reason) => this.onClose(session, code, reason.toString()));

    return new Promise((resolve) => {
      const openTimer = setTimeout(() => {
        session.error = `not ready within ${this.openTimeoutMs} ms`;
        this.logger.warn({ connection: this.id }, 'connection not ready in time, dropping it');
        ws.terminate();
      }, this.openTimeoutMs);
      ws.once('close', () => {
        clearTimeout(openTimer);
        resolve(undefined);
      });
      ws.once('open', () => {
        this.handlers.prepare(session).then(
          () => {
            clearTimeout(openTimer);
            if (!session.isOpen() || this.stopping) return resolve(undefined);
            this.onReady(session, cause);
            resolve(session);
          },
          (error: unknown) => {
            clearTimeout(openTimer);
            session.error = `subscription failed: ${String(error)}`;
            this.logger.warn(
              { connection: this.id, err: String(error) },
              'subscription failed, dropping the connection',
            );
            ws.terminate();
            resolve(undefined);
          },
        );
      });
    });
  }

  private onReady(session: SocketSession, cause: SessionCause): void {
    session.lastFrameAt = Date.now();
    session.ready = true;
    this.startLiveness(session);
    if (cause === 'rotation') return;
    this.connectedAt = Date.now();
    this.downSince = undefined;
    this.backoff.succeeded(this.connectedAt);
    this.setState('open');
    this.logger.info({ connection: this.id, url: session.url, cause }, 'connected');
    this.scheduleRotation();
  }

  private onMessage(session: SocketSession, data: WebSocket.RawData, isBinary: boolean): void {
    const receivedAt = Date.now();
    session.lastFrameAt = receivedAt;
    this.lastMessageAt = receivedAt;
    this.messages++;
    if (session.ready && !session.deliveredData) {
      // Data flows: the exchange is reachable, so a later drop starts the backoff over.
      session.deliveredData = true;
      this.backoff.reset();
    }
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    // Binance sends text only; a binary frame is kept (base64) for its dead letter.
    const text = isBinary ? `binary:${bytes.toString('base64')}` : bytes.toString('utf8');
    const slow = this.handlers.onFrame(text, receivedAt, session);
    if (slow !== undefined) {
      if (session.pauses++ === 0) session.ws.pause();
      void slow.finally(() => {
        if (--session.pauses === 0) {
          // Time spent paused by our own backpressure says nothing about the peer's health.
          session.lastFrameAt = Date.now();
          session.awaitingPongSince = undefined;
          session.ws.resume();
        }
      });
    }
  }

  private startLiveness(session: SocketSession): void {
    const period = Math.max(
      10,
      Math.min(this.pingIntervalMs, this.pongTimeoutMs, this.idleTimeoutMs || Infinity) / 2,
    );
    let lastPing = Date.now();
    session.livenessTimer = setInterval(() => {
      if (!session.isOpen() || session.pauses > 0) return;
      const now = Date.now();
      if (
        session.awaitingPongSince !== undefined &&
        now - session.awaitingPongSince > this.pongTimeoutMs
      ) {
        return this.declareDead(session, `no pong within ${this.pongTimeoutMs} ms`);
      }
      if (this.idleTimeoutMs > 0 && now - session.lastFrameAt > this.idleTimeoutMs) {
        return this.declareDead(session, `no frame within ${this.idleTimeoutMs} ms`);
      }
      if (session.awaitingPongSince === undefined && now - lastPing >= this.pingIntervalMs) {
        lastPing = now;
        // Pings count against the exchange's message budget: take a slot, never wait for one.
        if (session.limiter.tryAcquire()) {
          session.awaitingPongSince = now;
          session.ws.ping();
        }
      }
    }, period);
  }

  private declareDead(session: SocketSession, why: string): void {
    this.logger.warn({ connection: this.id, why }, 'connection is silent, dropping it');
    session.ws.terminate();
  }

  private scheduleRotation(): void {
    clearTimeout(this.rotationTimer);
    if (!Number.isFinite(this.rotateAfterMs) || this.rotateAfterMs <= 0) return;
    this.rotationTimer = setTimeout(() => void this.rotate(), this.rotateAfterMs);
  }

  /** Opens a successor, lets both run for the overlap, then retires the old socket. */
  private async rotate(): Promise<void> {
    if (this.stopping || this.successor !== undefined || !this.primary?.isOpen()) return;
    this.logger.info({ connection: this.id }, 'rotating the connection before its maximum age');
    const next = await this.open('rotation');
    if (next === undefined || this.stopping) {
      if (!this.stopping) {
        // The old socket still works: try again a little later.
        this.rotationTimer = setTimeout(
          () => void this.rotate(),
          this.backoff.nextDelay(Date.now()),
        );
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, this.overlapMs));
    if (this.stopping || this.primary === next) return; // stopped, or promoted when the old one died
    if (!next.isOpen()) {
      // The successor died during the overlap; the old socket carries on and we try again.
      if (this.primary?.isOpen()) {
        this.rotationTimer = setTimeout(
          () => void this.rotate(),
          this.backoff.nextDelay(Date.now()),
        );
      }
      return;
    }
    const old = this.primary;
    this.primary = next;
    this.successor = undefined;
    this.connectedAt = Date.now();
    this.rotations++;
    this.events.onRotated?.();
    this.setState('open');
    this.scheduleRotation();
    if (old) {
      old.retired = true;
      void old.closeGracefully();
    }
  }

  private onClose(session: SocketSession, code: number, reason: string): void {
    clearInterval(session.livenessTimer);
    this.handlers.onSessionEnd?.(session);
    if (this.stopping || session.retired) return;
    if (session === this.successor) {
      this.successor = undefined;
      return; // rotate() sees the failed open and retries
    }
    if (session !== this.primary) return;
    this.primary = undefined;
    this.downSince ??= Date.now();
    this.lastError = session.error ?? `closed with code ${code}${reason ? ` (${reason})` : ''}`;
    clearTimeout(this.rotationTimer);
    if (this.successor?.isOpen()) {
      // The old socket died during the overlap: the successor takes over at once.
      this.primary = this.successor;
      this.successor = undefined;
      this.rotations++;
      this.events.onRotated?.();
      this.connectedAt = Date.now();
      this.scheduleRotation();
      return;
    }
    this.scheduleReconnect(`closed with code ${code}${reason ? ` (${reason})` : ''}`);
  }

  private scheduleReconnect(why: string): void {
    this.reconnects++;
    this.setState('reconnecting');
    const delay = this.backoff.nextDelay(Date.now());
    this.logger.warn(
      { connection: this.id, why, delayMs: delay, attempt: this.backoff.failures },
      'connection lost, reconnecting',
    );
    this.events.onReconnectScheduled?.(delay, why);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopping) void this.open('reconnect');
    }, delay);
  }

  /** Closes every socket and stops reconnecting. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.reconnectTimer);
      clearTimeout(this.rotationTimer);
      const sockets = [this.primary, this.successor].filter(
        (s): s is SocketSession => s !== undefined,
      );
      for (const s of sockets) clearInterval(s.livenessTimer);
      await Promise.all(sockets.map((s) => s.closeGracefully()));
      this.setState('closed');
    })();
    return this.stopping;
  }
}
