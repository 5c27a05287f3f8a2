import { TOPICS, type DeadLetter } from '@tickstream/schema';
import type { EventLog, LogRecord } from '../event-log/port';

export function deadLetterFor(
  source: string,
  record: LogRecord,
  code: string,
  reason: string,
  now: number,
): DeadLetter {
  return {
    type: 'dead-letter',
    source,
    code,
    reason,
    raw: record.value.toString('utf8'),
    time: now,
    topic: record.topic,
    key: record.key,
  };
}

export async function produceDeadLetters(
  eventLog: EventLog,
  letters: readonly DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  await eventLog.produce(
    TOPICS.deadLetter.name,
    letters.map((d) => ({
      key: TOPICS.deadLetter.keyOf(d),
      value: JSON.stringify(d),
    })),
  );
}
