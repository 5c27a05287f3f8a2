import { createKafkaEventLog } from '../../src/event-log/kafka';
import { describeEventLogContract } from './event-log-contract';

// The same contract suite as the embedded log, against a real Apache Kafka broker (npm test
// starts one; KAFKA_BROKERS points elsewhere). Each test names its own topics and groups.
const brokers = process.env['KAFKA_BROKERS'];
if (!brokers && process.env['CI'])
  throw new Error('CI is set but KAFKA_BROKERS is not: run the tests through npm test');

(brokers ? describe : describe.skip)('with a Kafka broker', () => {
  describeEventLogContract(
    'kafka',
    () =>
      createKafkaEventLog({
        client: 'kafkajs',
        brokers: (brokers ?? '').split(','),
        compression: 'gzip',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 15_000,
        heartbeatIntervalMs: 1_000,
      }),
    { rebalanceTimeoutMs: 90_000, deliveryTimeoutMs: 60_000, quietPeriodMs: 3_000 },
  );
});
