import type { EventLog, Logger } from '@tickstream/core';
import { TOPICS, type DeadLetter, type Trade, type TradeGap } from '@tickstream/schema';
import { BatchingProducer } from './batching-producer';
import type { IngestTopics } from './ingest-topics';

export interface IngestProducersOptions {
  readonly eventLog: EventLog;
  readonly topics: IngestTopics;
  readonly logger: Logger;
  readonly batch?: {
    readonly maxRecords?: number;
    readonly lingerMs?: number;
    readonly maxBuffered?: number;
  };
  /** A batch of trades the log acknowledged. */
  readonly onTradesFlushed: (batch: readonly Trade[], startedAtMs: number, ackedAt: number) => void;
  /** A producer gave up (a non-retriable log error): ingest fails. */
  readonly onFatal: (error: unknown) => void;
}

/** The three topics ingest writes, each through its own batching producer. */
export interface IngestProducers {
  readonly trades: BatchingProducer<Trade>;
  readonly deadLetters: BatchingProducer<DeadLetter>;
  readonly gaps: BatchingProducer<TradeGap>;
  /** All three, for health (which one waits for the log, and since when). */
  readonly all: readonly BatchingProducer<unknown>[];
  /** Writes everything accepted so far. */
  flush(): Promise<void>;
}

export function createIngestProducers(options: IngestProducersOptions): IngestProducers {
  const { eventLog, topics, logger, batch, onFatal } = options;
  const trades = new BatchingProducer<Trade>({
    eventLog,
    topic: topics.trades,
    logger,
    toRecord: (t) => ({
      key: TOPICS.trades.keyOf(t),
      value: JSON.stringify(t),
    }),
    ...(batch?.maxRecords !== undefined ? { maxBatchRecords: batch.maxRecords } : {}),
    ...(batch?.lingerMs !== undefined ? { lingerMs: batch.lingerMs } : {}),
    ...(batch?.maxBuffered !== undefined ? { maxBuffered: batch.maxBuffered } : {}),
    onFlushed: options.onTradesFlushed,
    onFatal,
  });
  // Dead letters and gaps are rare and wanted soon; they do not wait for a batch to fill.
  const soon = <T>(topic: string, keyOf: (item: T) => string, lingerMs: number) =>
    new BatchingProducer<T>({
      eventLog,
      topic,
      logger,
      lingerMs,
      toRecord: (item) => ({ key: keyOf(item), value: JSON.stringify(item) }),
      onFatal,
    });
  const deadLetters = soon<DeadLetter>(topics.deadLetter, TOPICS.deadLetter.keyOf, 20);
  const gaps = soon<TradeGap>(topics.tradeGaps, TOPICS.tradeGaps.keyOf, 0);
  return {
    trades,
    deadLetters,
    gaps,
    all: [trades, deadLetters, gaps] as BatchingProducer<unknown>[],
    flush: async () => {
      await Promise.all([trades.flush(), gaps.flush(), deadLetters.flush()]);
    },
  };
}
