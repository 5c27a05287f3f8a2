import { createKafkaEventLog } from '../../src/event-log/kafka';
import { describeEventLogContract } from './event-log-contract';

// The same contract suite again, through the second Kafka client (@platformatic/kafka),
// against the same real broker: both clients must keep one behaviour behind the port.
const brokers = process.env['KAFKA_BROKERS'];
if (!brokers && process.env['CI'])
  throw new Error('CI is set but KAFKA_BROKERS is not: run the tests through npm test');

(brokers ? describe : describe.skip)('with a Kafka broker, through @platformatic/kafka', () => {
  describeEventLogContract(
    'kafka (platformatic)',
    () =>
      createKafkaEventLog({
        client: 'platformatic',
        brokers: (brokers ?? '').split(','),
        compression: 'gzip',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 15_000,
        heartbeatIntervalMs: 1_000,
      }),
    { rebalanceTimeoutMs: 90_000, deliveryTimeoutMs: 60_000, quietPeriodMs: 3_000 },
  );
});
