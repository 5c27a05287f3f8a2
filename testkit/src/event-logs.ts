import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbeddedEventLog,
  createKafkaEventLog,
  DEFAULT_KAFKA_CLIENT,
  KAFKA_CLIENTS,
  withNamespace,
  type EventLog,
  type KafkaClient,
  type KafkaEventLogOptions,
} from '@tickstream/core';
import { uniqueName } from './clickhouse';

export type AdapterName = 'embedded' | 'kafka';

/**
 * The adapters integration tests run against: always the embedded log, and Kafka whenever
 * a broker is given (npm test starts one). Under CI a missing broker is an error, not a skip.
 */
export function adaptersUnderTest(): AdapterName[] {
  if (process.env['KAFKA_BROKERS']) return ['embedded', 'kafka'];
  if (process.env['CI'])
    throw new Error('CI is set but KAFKA_BROKERS is not: run the tests through npm test');
  return ['embedded'];
}

/** The Kafka client the tests use: KAFKA_CLIENT, as the runtime reads it, or the default. */
export function kafkaClientUnderTest(): KafkaClient {
  const client = process.env['KAFKA_CLIENT'] ?? DEFAULT_KAFKA_CLIENT;
  if (!(KAFKA_CLIENTS as readonly string[]).includes(client)) {
    throw new Error(`KAFKA_CLIENT=${client} is not one of kafkajs, platformatic`);
  }
  return client as KafkaClient;
}

export interface TestLog {
  readonly log: EventLog;
  /** Another client of the same log (a second process, as far as the log can tell). */
  reopen(): Promise<EventLog>;
  cleanup(): Promise<void>;
}

/** A fresh, private event log: a temp dir for embedded, a unique namespace on Kafka. */
export async function openTestLog(
  adapter: AdapterName,
  kafkaOptions: Partial<KafkaEventLogOptions> = {},
): Promise<TestLog> {
  if (adapter === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-log-'));
    const log = await createEmbeddedEventLog({ dataDir });
    return {
      log,
      reopen: async () => log,
      async cleanup() {
        await log.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  const namespace = uniqueName('t');
  const open = async () =>
    withNamespace(
      await createKafkaEventLog({
        client: kafkaClientUnderTest(),
        brokers,
        compression: 'none',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 15_000,
        heartbeatIntervalMs: 1_000,
        ...kafkaOptions,
      }),
      namespace,
    );
  const log = await open();
  const others: EventLog[] = [];
  return {
    log,
    async reopen() {
      const other = await open();
      others.push(other);
      return other;
    },
    async cleanup() {
      await Promise.allSettled([log.close(), ...others.map((o) => o.close())]);
    },
  };
}
