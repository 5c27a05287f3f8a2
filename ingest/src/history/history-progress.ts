import { dropOwnGroup, ownGroupId, type EventLog, type Logger } from '@tickstream/core';
import { TOPICS, validateHistoryProgress, type HistoryProgress } from '@tickstream/schema';

export type ProgressBySymbol = Map<string, Map<HistoryProgress['series'], HistoryProgress>>;

export const progressKey = (exchange: string, symbol: string) => `${exchange}:${symbol}`;

/**
 * Everything earlier runs recorded in the history topic (compacted: the latest record per
 * symbol and series wins), read from its start to the end offsets taken first.
 */
export async function readHistoryProgress(
  eventLog: EventLog,
  topic: string,
  logger: Logger,
  timeoutMs = 60_000,
): Promise<ProgressBySymbol> {
  const progress: ProgressBySymbol = new Map();
  const ends = await eventLog.endOffsets(topic);
  if ([...ends.values()].every((end) => end === 0)) return progress;
  const groupId = ownGroupId('ingest-history');
  const consumer = await eventLog.consume({
    groupId,
    topics: [topic],
    start: 'earliest',
    handler: async (batch) => {
      for (const record of batch.records) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(record.value.toString('utf8'));
        } catch {
          continue;
        }
        if (!validateHistoryProgress.is(parsed)) continue;
        const key = progressKey(parsed.exchange, parsed.symbol);
        let series = progress.get(key);
        if (series === undefined) {
          series = new Map();
          progress.set(key, series);
        }
        series.set(parsed.series, parsed);
      }
    },
  });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = await eventLog.committedOffsets(groupId, topic);
      if ([...ends].every(([p, end]) => (committed.get(p) ?? 0) >= end)) break;
      if (Date.now() > deadline) {
        logger.warn(
          { topic, timeoutMs },
          'could not read the history progress in time; history starts over (rows are replaced, not doubled)',
        );
        return new Map();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await consumer.stop();
    await dropOwnGroup(eventLog, groupId, logger);
  }
  return progress;
}

export async function writeHistoryProgress(
  eventLog: EventLog,
  topic: string,
  record: HistoryProgress,
): Promise<void> {
  await eventLog.produce(topic, [
    { key: TOPICS.historyProgress.keyOf(record), value: JSON.stringify(record) },
  ]);
}
