import { dropOwnGroup, ownGroupId, type EventLog, type Logger } from '@tickstream/core';

export interface LastTradeId {
  readonly exchange: string;
  readonly symbol: string;
  readonly lastId: number;
}

export interface LastTradeIdsOptions {
  readonly eventLog: EventLog;
  readonly topic: string;
  /** Records with a timestamp (trade time) from here on are read. */
  readonly sinceMs: number;
  readonly logger: Logger;
  /** Longest the read may take; past it ingest starts without resuming (default 60 s). */
  readonly timeoutMs?: number;
}

/** The id fields of a trade record; anything else in the topic is skipped. */
function idsOf(value: Buffer): LastTradeId | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { exchange, symbol, tradeId, firstTradeId } = parsed as Record<string, unknown>;
  if (typeof exchange !== 'string' || typeof symbol !== 'string') return undefined;
  // History's aggregate trades are not where the live stream got to: history continues from
  // its own progress record, and the live stream after it.
  if (firstTradeId !== undefined) return undefined;
  if (typeof tradeId !== 'number' || !Number.isSafeInteger(tradeId)) return undefined;
  return { exchange, symbol, lastId: tradeId };
}

/**
 * The highest trade id per exchange and symbol among the trades the log holds since
 * `sinceMs`: where ingest stopped, so a restart can backfill what it missed. Reads with a
 * consumer group of its own from that time to the end offsets taken first.
 */
export async function readLastTradeIds(options: LastTradeIdsOptions): Promise<LastTradeId[]> {
  const { eventLog, topic } = options;
  const ends = await eventLog.endOffsets(topic);
  const last = new Map<string, LastTradeId>();
  if ([...ends.values()].every((end) => end === 0)) return [];
  const groupId = ownGroupId('ingest-resume');
  const consumer = await eventLog.consume({
    groupId,
    topics: [topic],
    start: { timestamp: options.sinceMs },
    handler: async (batch) => {
      for (const record of batch.records) {
        const ids = idsOf(record.value);
        if (ids === undefined) continue;
        const key = `${ids.exchange}:${ids.symbol}`;
        if ((last.get(key)?.lastId ?? -1) < ids.lastId) last.set(key, ids);
      }
    },
  });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      // The group's commits start where the timestamp put them and follow the handler.
      const committed = await eventLog.committedOffsets(groupId, topic);
      if ([...ends].every(([p, end]) => (committed.get(p) ?? 0) >= end)) break;
      if (Date.now() > deadline) {
        options.logger.warn(
          { topic, timeoutMs: options.timeoutMs ?? 60_000 },
          'could not read the last trade ids in time; starting without resuming (no restart gap backfill)',
        );
        return [];
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await consumer.stop();
    await dropOwnGroup(eventLog, groupId, options.logger);
  }
  return [...last.values()];
}
