import { topicSpecOf, type EventLog } from '@tickstream/core';
import { TOPICS } from '@tickstream/schema';

export interface IngestTopics {
  readonly trades: string;
  readonly deadLetter: string;
  readonly tradeGaps: string;
  /** History writes the exchange's bars here (md.candles.v1), before the trades they precede. */
  readonly candles: string;
  /** Where history records how far it got (md.history.v1, compacted). */
  readonly history: string;
}

/** The schema's topic names, unless the caller writes elsewhere (tests use their own). */
export function resolveTopics(names: Partial<IngestTopics> | undefined): IngestTopics {
  return {
    trades: names?.trades ?? TOPICS.trades.name,
    deadLetter: names?.deadLetter ?? TOPICS.deadLetter.name,
    tradeGaps: names?.tradeGaps ?? TOPICS.tradeGaps.name,
    candles: names?.candles ?? TOPICS.candles.name,
    history: names?.history ?? TOPICS.historyProgress.name,
  };
}

/** Creates the schema's topics under the names this ingest writes, idempotently. */
export async function createIngestTopics(eventLog: EventLog, topics: IngestTopics): Promise<void> {
  await eventLog.createTopics([
    { ...topicSpecOf(TOPICS.trades), name: topics.trades },
    { ...topicSpecOf(TOPICS.deadLetter), name: topics.deadLetter },
    { ...topicSpecOf(TOPICS.tradeGaps), name: topics.tradeGaps },
    { ...topicSpecOf(TOPICS.candles), name: topics.candles },
    { ...topicSpecOf(TOPICS.historyProgress), name: topics.history },
  ]);
}
