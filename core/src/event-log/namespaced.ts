import type { ConsumeOptions, Consumer, EventLog, LogRecord, RecordBatch } from './port';

/**
 * An EventLog whose topics and consumer groups live under a prefix on the underlying log,
 * while its users keep the canonical names (`md.trades.v1`). Lets several deployments or
 * test runs share one Kafka cluster without seeing each other.
 */
export function withNamespace(log: EventLog, namespace: string): EventLog {
  const prefix = `${namespace}.`;
  const outer = (topic: string) => `${prefix}${topic}`;
  const inner = (topic: string) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
  const unwrapRecord = (r: LogRecord): LogRecord => ({ ...r, topic: inner(r.topic) });
  const unwrapBatch = (b: RecordBatch): RecordBatch => ({
    ...b,
    topic: inner(b.topic),
    records: b.records.map(unwrapRecord),
  });

  return {
    kind: log.kind,
    createTopics: (specs) => log.createTopics(specs.map((s) => ({ ...s, name: outer(s.name) }))),
    async listTopics() {
      return (await log.listTopics()).filter((t) => t.startsWith(prefix)).map(inner);
    },
    produce: (topic, records) => log.produce(outer(topic), records),
    async consume(options: ConsumeOptions): Promise<Consumer> {
      const consumer = await log.consume({
        ...options,
        groupId: outer(options.groupId),
        topics: options.topics.map(outer),
        handler: (batch) => options.handler(unwrapBatch(batch)),
        ...(options.onHandlerError
          ? {
              onHandlerError: (error: unknown, batch: RecordBatch) =>
                options.onHandlerError?.(error, unwrapBatch(batch)),
            }
          : {}),
      });
      return {
        groupId: options.groupId,
        assignments: () => consumer.assignments().map((a) => ({ ...a, topic: inner(a.topic) })),
        ready: () => consumer.ready(),
        pause: () => consumer.pause(),
        resume: () => consumer.resume(),
        isPaused: () => consumer.isPaused(),
        stop: () => consumer.stop(),
      };
    },
    endOffsets: (topic) => log.endOffsets(outer(topic)),
    committedOffsets: (groupId, topic) => log.committedOffsets(outer(groupId), outer(topic)),
    deleteGroup: (groupId) => log.deleteGroup(outer(groupId)),
    close: () => log.close(),
  };
}
