import type { EventLog } from '@tickstream/core';
import type { TopicDefinition } from '@tickstream/schema';

/** Produces events to their topic, each keyed as the topic's contract says. */
export async function publish<T>(
  eventLog: EventLog,
  topic: TopicDefinition<T>,
  events: readonly T[],
): Promise<void> {
  await eventLog.produce(
    topic.name,
    events.map((event) => ({ key: topic.keyOf(event), value: JSON.stringify(event) })),
  );
}
