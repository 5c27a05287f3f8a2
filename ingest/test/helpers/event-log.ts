import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbeddedEventLog,
  createKafkaEventLog,
  type EventLog,
  type LogRecord,
} from '@tickstream/core';
import type { IngestTopics } from '../../src';
import { uniqueName, waitFor } from './wait';

export interface TestEventLog {
  readonly eventLog: EventLog;
  readonly kind: 'embedded' | 'kafka';
  /** Topic names owned by this test. */
  readonly topics: IngestTopics;
  /** Reads a topic from the start until `enough` holds for what was read (or times out). */
  read<T>(
    topic: string,
    enough: (values: readonly T[]) => boolean,
    timeoutMs?: number,
  ): Promise<T[]>;
  /** Everything in the topic now (end offsets read first, then consumed up to them). */
  readAll<T>(topic: string, timeoutMs?: number): Promise<T[]>;
  /** Closes the log and removes what the test created. */
  close(): Promise<void>;
  /** For embedded logs: the data directory (for tests that reopen it). */
  readonly dataDir?: string;
}

/**
 * The event log an integration test runs against: the embedded log in a fresh temporary
 * directory, or Kafka when KAFKA_BROKERS is set. Topic names are unique per test either way.
 */
export async function testEventLog(
  label: string,
  options: { dataDir?: string; adapter?: 'embedded' | 'kafka' } = {},
): Promise<TestEventLog> {
  const brokers = options.adapter === 'embedded' ? undefined : process.env['KAFKA_BROKERS'];
  if (options.adapter === 'kafka' && !brokers) throw new Error('a Kafka test needs KAFKA_BROKERS');
  const suffix = uniqueName(label);
  const topics: IngestTopics = {
    trades: `md.trades.v1.${suffix}`,
    deadLetter: `md.deadletter.v1.${suffix}`,
    tradeGaps: `md.trade-gaps.v1.${suffix}`,
    candles: `md.candles.v1.${suffix}`,
    history: `md.history.v1.${suffix}`,
  };
  let eventLog: EventLog;
  let dataDir: string | undefined;
  if (brokers) {
    eventLog = await createKafkaEventLog({
      brokers: brokers.split(',').map((b) => b.trim()),
      clientId: suffix,
    });
  } else {
    dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tickstream-ingest-'));
    eventLog = await createEmbeddedEventLog({ dataDir });
  }
  const consumeValues = async <T>(
    topic: string,
    enough: (values: readonly T[]) => boolean,
    timeoutMs: number,
  ): Promise<T[]> => {
    const collected: { partition: number; offset: number; value: T }[] = [];
    const values: T[] = [];
    const consumer = await eventLog.consume({
      groupId: uniqueName(`reader-${label}`),
      topics: [topic],
      start: 'earliest',
      handler: async (batch) => {
        for (const record of batch.records as readonly LogRecord[]) {
          const value = JSON.parse(record.value.toString('utf8')) as T;
          collected.push({ partition: record.partition, offset: record.offset, value });
          values.push(value);
        }
      },
    });
    try {
      await waitFor(
        () => enough(values),
        // Says at the timeout whether the reader was assigned the partitions at all.
        () =>
          `enough records in ${topic} (have ${values.length}; assigned ${JSON.stringify(consumer.assignments())})`,
        timeoutMs,
      );
    } finally {
      await consumer.stop();
    }
    return values;
  };
  return {
    eventLog,
    kind: brokers ? 'kafka' : 'embedded',
    topics,
    ...(dataDir !== undefined ? { dataDir } : {}),
    read: (topic, enough, timeoutMs = 60_000) => consumeValues(topic, enough, timeoutMs),
    readAll: async <T>(topic: string, timeoutMs = 60_000) => {
      const ends = await eventLog.endOffsets(topic);
      const total = [...ends.values()].reduce((a, b) => a + b, 0);
      return consumeValues<T>(topic, (values) => values.length >= total, timeoutMs);
    },
    close: async () => {
      await eventLog.close();
      if (dataDir !== undefined && options.dataDir === undefined)
        rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
