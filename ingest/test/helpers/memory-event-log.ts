import type {
  ConsumeOptions,
  Consumer,
  EventLog,
  LogRecord,
  ProduceRecord,
  TopicSpec,
} from '@tickstream/core';
import { EventLogError } from '@tickstream/core';

/**
 * An in-memory fake of OUR EventLog port (not of Kafka) for unit tests: topics, partitions by
 * key, offsets and a simple polling consumer. `failNext` makes produce calls fail on demand.
 */
export class MemoryEventLog implements EventLog {
  readonly kind = 'embedded' as const;
  private readonly topics = new Map<string, LogRecord[][]>();
  private closed = false;
  produceCalls = 0;
  private failures: { count: number; retriable: boolean } = { count: 0, retriable: true };
  /** Delay of every produce call, to simulate a slow log. */
  produceDelayMs = 0;

  failNext(count: number, retriable = true): void {
    this.failures = { count, retriable };
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      if (!this.topics.has(spec.name)) {
        this.topics.set(
          spec.name,
          Array.from({ length: spec.partitions }, () => []),
        );
      }
    }
  }

  async listTopics(): Promise<readonly string[]> {
    return [...this.topics.keys()];
  }

  private partitionOf(key: string, partitions: number): number {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    return Math.abs(h) % partitions;
  }

  async produce(topic: string, records: readonly ProduceRecord[]): Promise<void> {
    if (this.closed) throw new EventLogError('EVENT_LOG_CLOSED', 'closed');
    this.produceCalls++;
    if (this.produceDelayMs > 0) await new Promise((r) => setTimeout(r, this.produceDelayMs));
    if (this.failures.count > 0) {
      this.failures.count--;
      throw new EventLogError('TEST_FAILURE', 'injected produce failure', {
        retriable: this.failures.retriable,
      });
    }
    const partitions = this.topics.get(topic);
    if (partitions === undefined) throw new EventLogError('UNKNOWN_TOPIC', `no topic ${topic}`);
    for (const r of records) {
      const partition = this.partitionOf(r.key, partitions.length);
      const list = partitions[partition] ?? [];
      list.push({
        topic,
        partition,
        offset: list.length,
        key: r.key,
        value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value),
        timestamp: Date.now(),
      });
    }
  }

  /** Every record of a topic, partition by partition. */
  records(topic: string): LogRecord[] {
    return (this.topics.get(topic) ?? []).flat();
  }

  values<T>(topic: string): T[] {
    return this.records(topic).map((r) => JSON.parse(r.value.toString('utf8')) as T);
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const positions = new Map<string, number>();
    let stopped = false;
    let paused = false;
    const loop = async () => {
      while (!stopped) {
        let delivered = false;
        if (!paused) {
          for (const topic of options.topics) {
            const partitions = this.topics.get(topic) ?? [];
            for (let p = 0; p < partitions.length; p++) {
              const list = partitions[p] ?? [];
              const key = `${topic}/${p}`;
              const from = positions.get(key) ?? 0;
              if (from < list.length) {
                const records = list.slice(from, from + (options.maxBatchSize ?? 500));
                await options.handler({ topic, partition: p, records, highWatermark: list.length });
                positions.set(key, from + records.length);
                delivered = true;
              }
            }
          }
        }
        if (!delivered) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const running = loop();
    return {
      groupId: options.groupId,
      assignments: () => [],
      ready: async () => undefined,
      pause: () => {
        paused = true;
      },
      resume: () => {
        paused = false;
      },
      isPaused: () => paused,
      stop: async () => {
        stopped = true;
        await running;
      },
    };
  }

  async endOffsets(topic: string): Promise<ReadonlyMap<number, number>> {
    return new Map((this.topics.get(topic) ?? []).map((list, p) => [p, list.length]));
  }

  async committedOffsets(): Promise<ReadonlyMap<number, number>> {
    return new Map();
  }

  async deleteGroup(): Promise<void> {
    // This log keeps no group state.
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
