// Kafka-only behaviour: topics stamped with the broker's append time (and the migration of
// topics created before), and what clients do when their broker restarts or freezes. The
// fault tests start a broker of their own, never touching the shared one.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { createKafkaEventLog, KAFKA_CLIENTS } from '../../src/event-log/kafka';
import type { EventLog, LogRecord } from '../../src/event-log/port';
import { uniqueName, waitFor } from './event-log-contract';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS script
const { startKafka } = require('../../../scripts/kafka.js') as {
  startKafka(options: { dataDir?: string; port?: number; log?: (line: string) => void }): Promise<{
    brokers: string;
    pid: number;
    stop(): Promise<void>;
  }>;
};

const brokers = process.env['KAFKA_BROKERS'];
if (!brokers && process.env['CI'])
  throw new Error('CI is set but KAFKA_BROKERS is not: run the tests through npm test');
const describeKafka = brokers ? describe : describe.skip;

async function topicConfigs(broker: string, topic: string): Promise<Map<string, string>> {
  const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return new Map(
      (resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue ?? '']),
    );
  } finally {
    await admin.disconnect();
  }
}

// Every test below runs once per Kafka client library, unchanged.
describe.each(KAFKA_CLIENTS)('through %s', (client) => {
  describeKafka('Kafka topics keep append time', () => {
    const broker = (brokers ?? '').split(',')[0] as string;

    it('creates topics with LogAppendTime', async () => {
      const log = await createKafkaEventLog({ client, brokers: [broker], compression: 'none' });
      try {
        const name = uniqueName('append-time');
        await log.createTopics([{ name, partitions: 1, retentionMs: 604_800_000 }]);
        const configs = await topicConfigs(broker, name);
        expect(configs.get('message.timestamp.type')).toBe('LogAppendTime');
        expect(configs.get('retention.ms')).toBe('604800000');
      } finally {
        await log.close();
      }
    });

    it('migrates a topic created with CreateTime to LogAppendTime, keeping its own configs', async () => {
      const name = uniqueName('legacy-topic');
      const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        // As the version before created it: the producer's (event) time, a retention of its own.
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: name,
              numPartitions: 2,
              configEntries: [
                { name: 'retention.ms', value: '604800000' },
                { name: 'retention.bytes', value: '1073741824' },
                { name: 'message.timestamp.type', value: 'CreateTime' },
              ],
            },
          ],
        });
      } finally {
        await admin.disconnect();
      }
      const log = await createKafkaEventLog({ client, brokers: [broker], compression: 'none' });
      try {
        await log.createTopics([{ name, partitions: 2, retentionMs: 604_800_000 }]);
        const configs = await topicConfigs(broker, name);
        expect(configs.get('message.timestamp.type')).toBe('LogAppendTime');
        expect(configs.get('retention.ms')).toBe('604800000');
        expect(configs.get('retention.bytes')).toBe('1073741824');

        const before = Date.now();
        await log.produce(name, [
          { key: 'k', value: JSON.stringify({ tradeTime: Date.UTC(2024, 0, 1) }) },
        ]);
        const got: LogRecord[] = [];
        const consumer = await log.consume({
          groupId: uniqueName('group'),
          topics: [name],
          handler: async (batch) => {
            got.push(...batch.records);
          },
        });
        await waitFor('the record', () => got.length === 1, 60_000);
        await consumer.stop();
        expect(got[0]?.timestamp).toBeGreaterThanOrEqual(before - 1_000);
      } finally {
        await log.close();
      }
    });
  });

  describeKafka('Kafka clients through broker faults (a broker of their own)', () => {
    let dataDir: string;
    let broker: Awaited<ReturnType<typeof startKafka>> | undefined;
    let port: number;
    const opened: EventLog[] = [];

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'tickstream-kafka-faults-'));
      broker = await startKafka({ dataDir, log: () => undefined });
      port = Number(broker.brokers.split(':')[1]);
    }, 180_000);

    afterAll(async () => {
      await Promise.allSettled(opened.map((l) => l.close()));
      await broker?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    async function open(): Promise<EventLog> {
      const log = await createKafkaEventLog({
        client,
        brokers: [`127.0.0.1:${port}`],
        compression: 'none',
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1_000,
        rebalanceTimeoutMs: 15_000,
        startupRetryMs: 120_000,
        produceRetryMs: 180_000,
      });
      opened.push(log);
      return log;
    }

    async function restartBroker(downMs: number): Promise<void> {
      await broker?.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      broker = await startKafka({ dataDir, port, log: () => undefined });
    }

    /** Produces `count` records of one key per call, numbered, while `during` runs. */
    async function produceThrough(
      log: EventLog,
      topic: string,
      during: () => Promise<void>,
    ): Promise<number> {
      let n = 0;
      let faultDone = false;
      const fault = during().finally(() => {
        faultDone = true;
      });
      const sends: Array<Promise<void>> = [];
      while (!faultDone || n < 40) {
        const seq = n++;
        sends.push(
          log.produce(topic, [
            { key: `k${seq % 3}`, value: JSON.stringify({ seq, key: `k${seq % 3}` }) },
          ]),
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await fault;
      await Promise.all(sends);
      return n;
    }

    async function expectAllInOrder(log: EventLog, topic: string, count: number): Promise<void> {
      const got: LogRecord[] = [];
      const groupId = uniqueName('check');
      const consumer = await log.consume({
        groupId,
        topics: [topic],
        handler: async (batch) => {
          got.push(...batch.records);
        },
      });
      await waitFor('every record', () => got.length >= count, 120_000, 200);
      await consumer.stop();
      const seqs = got.map((r) => (JSON.parse(r.value.toString()) as { seq: number }).seq);
      expect([...new Set(seqs)].sort((a, b) => a - b)).toEqual(
        Array.from({ length: count }, (_, i) => i),
      );
      expect(seqs.length).toBe(count);
      for (const key of ['k0', 'k1', 'k2']) {
        const ofKey = got
          .filter((r) => r.key === key)
          .map((r) => (JSON.parse(r.value.toString()) as { seq: number }).seq);
        expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
      }
    }

    it('produce calls made while the broker is down for 20 s resolve once it is back, nothing lost, keys in order', async () => {
      const log = await open();
      const topic = uniqueName('outage');
      await log.createTopics([{ name: topic, partitions: 3 }]);
      const count = await produceThrough(log, topic, () => restartBroker(20_000));
      await expectAllInOrder(log, topic, count);
    }, 360_000);

    it('produce calls made while the broker is frozen for 20 s resolve after it resumes, nothing lost', async () => {
      const log = await open();
      const topic = uniqueName('frozen');
      await log.createTopics([{ name: topic, partitions: 3 }]);
      const count = await produceThrough(log, topic, async () => {
        const pid = broker?.pid as number;
        process.kill(-pid, 'SIGSTOP');
        try {
          await new Promise((resolve) => setTimeout(resolve, 20_000));
        } finally {
          process.kill(-pid, 'SIGCONT');
        }
      });
      await expectAllInOrder(log, topic, count);
    }, 360_000);

    it('a consumer either goes on after a broker restart or reports its crash once, and stops promptly', async () => {
      const log = await open();
      const topic = uniqueName('crash');
      await log.createTopics([{ name: topic, partitions: 2 }]);
      const crashes: Error[] = [];
      const got: LogRecord[] = [];
      const events: string[] = [];
      const consumer = await log.consume({
        groupId: uniqueName('group'),
        topics: [topic],
        handler: async (batch) => {
          got.push(...batch.records);
        },
        onCrash: (error) => crashes.push(error),
        onInterrupted: () => events.push('interrupted'),
        onRecovered: () => events.push('recovered'),
      });
      await consumer.ready();
      await log.produce(topic, [{ key: 'a', value: 'before' }]);
      await waitFor('the first record', () => got.length === 1, 60_000);
      await restartBroker(20_000);
      await log.produce(topic, [{ key: 'a', value: 'after' }]);
      // Either kafkajs rejoined by itself and delivers, or it reported that it will not.
      await waitFor(
        'delivery after the restart, or a crash report',
        () => got.length >= 2 || crashes.length > 0,
        180_000,
        200,
      );
      expect(crashes.length).toBeLessThanOrEqual(1);
      if (crashes.length === 1) expect(crashes[0]).toMatchObject({ retriable: true });
      else {
        expect(got.map((r) => String(r.value))).toContain('after');
        // It went on, and said so: interrupted while the broker was away, recovered after.
        expect(events).toContain('interrupted');
        expect(events[events.length - 1]).toBe('recovered');
      }
      const reported = crashes.length;
      await consumer.stop();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(crashes.length).toBe(reported);
    }, 360_000);
  });
});
