import { decodeRecord, type LogRecord } from '@tickstream/core';
import {
  TOPICS,
  validateAlert,
  validateCandle,
  validateTrade,
  validateTradeGap,
  type TopicDefinition,
  type Validator,
} from '@tickstream/schema';
import { alertLine, candleLine, gapLine, tradeLine } from './event-lines';

/** One record as `tail` prints it: a line, nothing (filtered out), or why it did not decode. */
export type Rendered =
  | { readonly ok: true; readonly line: string | undefined }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export interface RenderOptions {
  /** One JSON event per line instead of the readable line. */
  readonly json: boolean;
  /** Only events about one of these symbols (all when absent). */
  readonly symbols?: ReadonlySet<string>;
}

/** A topic `tail` can print; the event type stays inside, decoded by the schema's validator. */
export interface TailTopic {
  readonly definition: TopicDefinition<never>;
  render(record: LogRecord, options: RenderOptions): Rendered;
}

interface TailedEvents<T> {
  readonly definition: TopicDefinition<T>;
  readonly validator: Validator<T>;
  readonly line: (event: T) => string;
  /** The symbols an event is about, for --symbols. */
  readonly symbolsOf: (event: T) => readonly string[];
}

function tailed<T>(events: TailedEvents<T>): TailTopic {
  return {
    definition: events.definition,
    render(record, options) {
      const decoded = decodeRecord(record, events.validator);
      if (!decoded.ok) return decoded;
      const event = decoded.value;
      const { symbols } = options;
      if (symbols && !events.symbolsOf(event).some((s) => symbols.has(s))) {
        return { ok: true, line: undefined };
      }
      return { ok: true, line: options.json ? JSON.stringify(event) : events.line(event) };
    },
  };
}

/** The topics `tickstream tail` reads, by the name given on its command line. */
export const TAIL_TOPICS = {
  trades: tailed({
    definition: TOPICS.trades,
    validator: validateTrade,
    line: tradeLine,
    symbolsOf: (t) => [t.symbol],
  }),
  candles: tailed({
    definition: TOPICS.candles,
    validator: validateCandle,
    line: candleLine,
    symbolsOf: (c) => [c.symbol],
  }),
  // An alert is about a pair (SYMBOLY/SYMBOLX): --symbols shows it when either leg is listed.
  alerts: tailed({
    definition: TOPICS.alerts,
    validator: validateAlert,
    line: alertLine,
    symbolsOf: (a) => a.pair.split('/'),
  }),
  gaps: tailed({
    definition: TOPICS.tradeGaps,
    validator: validateTradeGap,
    line: gapLine,
    symbolsOf: (g) => [g.symbol],
  }),
} as const satisfies Record<string, TailTopic>;

export type TailTopicName = keyof typeof TAIL_TOPICS;
export const TAIL_TOPIC_NAMES = Object.keys(TAIL_TOPICS) as TailTopicName[];
