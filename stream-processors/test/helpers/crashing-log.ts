import { EventLogError, type ConsumeOptions, type Consumer, type EventLog } from '@tickstream/core';

/**
 * A real event log with faults injected into its consumers, as a broker restart causes
 * them: a consumer that ends by itself (onCrash, as kafkajs's "Failed to find group
 * coordinator" does), one that rejoins by itself (onInterrupted, then onRecovered), or a
 * consume() that fails while the broker is still electing.
 */
export interface CrashingLog extends EventLog {
  /** Stops the live consumer of the group and reports the crash to its owner. */
  crash(groupId: string): Promise<void>;
  /**
   * Reports to the live consumer of the group what kafkajs reports when it rejoins by itself
   * after a broker error (onInterrupted), then, on `recover`, that it has joined again.
   */
  interrupt(groupId: string, error: Error): void;
  recover(groupId: string): void;
  /** The next `times` consume() calls of the group fail with a retriable error. */
  failConsumes(groupId: string, times: number): void;
  /** consume() calls per group, failed ones included. */
  readonly consumeCalls: ReadonlyMap<string, number>;
}

interface Live {
  readonly consumer: Consumer;
  readonly options: ConsumeOptions;
}

export function withCrashes(log: EventLog): CrashingLog {
  const live = new Map<string, Live>();
  const failures = new Map<string, number>();
  const calls = new Map<string, number>();
  return {
    kind: log.kind,
    createTopics: (specs) => log.createTopics(specs),
    listTopics: () => log.listTopics(),
    produce: (topic, records) => log.produce(topic, records),
    endOffsets: (topic) => log.endOffsets(topic),
    committedOffsets: (groupId, topic) => log.committedOffsets(groupId, topic),
    deleteGroup: (groupId) => log.deleteGroup(groupId),
    close: () => log.close(),
    consumeCalls: calls,
    async consume(options) {
      calls.set(options.groupId, (calls.get(options.groupId) ?? 0) + 1);
      const failing = failures.get(options.groupId) ?? 0;
      if (failing > 0) {
        failures.set(options.groupId, failing - 1);
        throw new EventLogError(
          'LEADER_NOT_AVAILABLE',
          `consumer group ${options.groupId}: There is no leader for this topic-partition as we are in the middle of a leadership election`,
          { retriable: true },
        );
      }
      const consumer = await log.consume(options);
      live.set(options.groupId, { consumer, options });
      return consumer;
    },
    async crash(groupId) {
      const entry = live.get(groupId);
      if (!entry) throw new Error(`no live consumer of ${groupId}`);
      live.delete(groupId);
      await entry.consumer.stop();
      entry.options.onCrash?.(
        new EventLogError(
          'CONSUMER_CRASHED',
          'KafkaJSNonRetriableError: Failed to find group coordinator',
        ),
      );
    },
    interrupt(groupId, error) {
      const entry = live.get(groupId);
      if (!entry) throw new Error(`no live consumer of ${groupId}`);
      entry.options.onInterrupted?.(error);
    },
    recover(groupId) {
      const entry = live.get(groupId);
      if (!entry) throw new Error(`no live consumer of ${groupId}`);
      entry.options.onRecovered?.();
    },
    failConsumes(groupId, times) {
      failures.set(groupId, times);
    },
  };
}
