import { topicSpecOf, type EventLog } from '@tickstream/core';
import { TOPICS } from '@tickstream/schema';

export interface IngestTopics {
  readonly trades: string;
  readonly deadLetter: string;
  readonly tradeGaps: string;
}

/** The schema's topic names, unless the caller writes elsewhere (tests use their own). */
export function resolveTopics(names: Partial<IngestTopics> | undefined): IngestTopics {
  return {
    trades: names?.trades ?? TOPICS.trades.name,
    deadLetter: names?.deadLetter ?? TOPICS.deadLetter.name,
    tradeGaps: names?.tradeGaps ?? TOPICS.tradeGaps.name,
  };
}

/** Creates the schema's topics under the names this ingest writes, idempotently. */
export async function createIngestTopics(eventLog: EventLog, topics: IngestTopics): Promise<void> {
  await eventLog.createTopics([
    { ...topicSpecOf(TOPICS.trades), name: topics.trades },
    { ...topicSpecOf(TOPICS.deadLetter), name: topics.deadLetter },
    { ...topicSpecOf(TOPICS.tradeGaps), name: topics.tradeGaps },
  ]);
}
