import type { BinanceHistory } from './history/binance-history';
import type { Trade } from '@tickstream/schema';

/** How a raw message is to be read; each format has one mapper in `mappers/`. */
export type MessageFormat = 'binance-ws' | 'binance-csv-trades' | 'binance-csv-aggtrades';

/** Why a connection (or other message origin) was opened; names the cause of a later gap. */
export type SessionCause = 'initial' | 'reconnect' | 'rotation' | 'replay' | 'synthetic';

/**
 * Where a message came from: one object per connection session (shared by its messages, so
 * it costs nothing per message). A new session starts on every reconnect and rotation.
 */
export interface MessageOrigin {
  /** Unique within the process. */
  readonly session: number;
  readonly cause: SessionCause;
  /** Label for logs and status, e.g. `binance-futures#2`. */
  readonly connection: string;
  /** `Trade.exchange` of the trades it carries, e.g. `binance-futures`. */
  readonly exchange: string;
  /** `DeadLetter.source` for what it sends that cannot be used, e.g. `ingest/binance`. */
  readonly deadLetterSource: string;
  /** Trades of other symbols are dead-lettered (UNKNOWN_SYMBOL). */
  isKnownSymbol(symbol: string): boolean;
  /** Where missing trade ids of this origin can be fetched, if anywhere. */
  readonly backfiller?: Backfiller;
}

/** One message exactly as a source received it, before mapping. */
export interface RawMessage {
  readonly format: MessageFormat;
  /** The text received (one WebSocket frame, one JSONL line, one CSV row). */
  readonly data: string;
  /** Local receive time, epoch ms: becomes `Trade.ingestTime`. */
  readonly receivedAt: number;
  readonly origin: MessageOrigin;
  /** For formats whose rows do not name their symbol (public-data CSV). */
  readonly symbol?: string;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionStatus {
  readonly id: string;
  readonly state: ConnectionState;
  readonly url: string;
  readonly streams: number;
  readonly reconnects: number;
  readonly rotations: number;
  readonly connectedAt?: number;
  readonly lastMessageAt?: number;
  /** While not open: since when no socket of this connection has been open. */
  readonly downSince?: number;
  /** The last failure seen (socket error, refused subscription, close code). */
  readonly lastError?: string;
  readonly messages: number;
}

/** A message the mappers could not turn into a trade: becomes a DeadLetter. */
export interface Rejection {
  readonly code: DeadLetterCode;
  readonly reason: string;
}

export type DeadLetterCode =
  | 'MALFORMED_JSON'
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_EVENT_TYPE'
  | 'INVALID_SYMBOL'
  | 'UNKNOWN_SYMBOL'
  | 'STREAM_MISMATCH'
  | 'INVALID_TRADE_ID'
  | 'INVALID_PRICE'
  | 'INVALID_QTY'
  | 'INVALID_TIME'
  | 'INVALID_SIDE'
  | 'INVALID_CSV_ROW'
  | 'SCHEMA_VIOLATION'
  | 'EXCHANGE_ERROR';

export type MapResult =
  | { readonly kind: 'trade'; readonly trade: Trade }
  | ({ readonly kind: 'reject' } & Rejection)
  /** Not a trade and not an error: a CSV header, a subscription acknowledgement. */
  | { readonly kind: 'ignore' };

/** One page of a backfill: the trades found and anything the exchange sent that was unusable. */
export interface BackfillPage {
  readonly trades: readonly Trade[];
  readonly rejected: readonly (Rejection & { readonly raw: string })[];
}

/**
 * Fetches missing trades by id from the exchange's history (REST). Resumable: a failed page
 * is retried from the last id received, never from the start of the range.
 */
export interface Backfiller {
  /** Trades with ids in [fromId, toId] that the exchange still has, in id order, page by page. */
  fetch(
    symbol: string,
    fromId: number,
    toId: number,
    signal: AbortSignal,
  ): AsyncIterable<BackfillPage>;
  /**
   * The id of the symbol's newest trade in the exchange's history (undefined: none yet). How
   * ingest finds a gap at the end of a connection, when no later trade arrives to show it.
   */
  latestTradeId?(symbol: string, signal: AbortSignal): Promise<number | undefined>;
}

/** The exchange's history for the symbols a live source carries. */
export interface HistorySource {
  readonly exchange: string;
  readonly fetcher: BinanceHistory;
  symbols(): readonly string[];
  /** REST requests sent so far (history and gap backfill share the budget). */
  requests(): number;
}

/** Told which symbols a socket (of `origin`) now carries: after a (re)connect or a subscription. */
export type SubscribedListener = (symbols: readonly string[], origin: MessageOrigin) => void;

/**
 * A source of raw messages: live exchange, replay of files, synthetic generator, or several
 * combined. Iterating starts it; `return()` closes it at once (idempotent), `stop()` stops
 * receiving but still yields what was already received.
 */
export interface IngestSource extends AsyncIterableIterator<RawMessage> {
  readonly name: string;
  readonly backfiller?: Backfiller;
  /** Live exchange sources: the exchange's bars and aggregate trades from before the start. */
  readonly history?: HistorySource;
  /** Stop receiving (close sockets, files); buffered messages are still yielded. Idempotent. */
  stop(): Promise<void>;
  return(): Promise<IteratorResult<RawMessage>>;
  connections(): readonly ConnectionStatus[];
  /** Messages received and not yet read. */
  readonly buffered?: number;
  /** Live sources can change their symbols at run time. */
  subscribe?(symbols: readonly string[]): Promise<void>;
  unsubscribe?(symbols: readonly string[]): Promise<void>;
  /** Live sources report each (re)connect and subscription, so ingest can look for trailing gaps. */
  onSubscribed?(listener: SubscribedListener): void;
}
