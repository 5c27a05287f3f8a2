import {
  KafkaJSConnectionError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { EventLogError } from '../../src/errors';
import { toEventLogError, withRetry } from '../../src/event-log/kafka-retry';
import { appendTimeConfigs } from '../../src/event-log/kafka-topic-migration';

const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError({ type, message: type, retriable } as unknown as Error);

describe('Kafka errors as EventLogErrors', () => {
  it('keeps the protocol error type as the code and treats leader elections as retriable', () => {
    const mapped = toEventLogError(protocolError('NOT_LEADER_OR_FOLLOWER', false), 'produce');
    expect(mapped).toMatchObject({ code: 'NOT_LEADER_OR_FOLLOWER', retriable: true });
    expect(toEventLogError(protocolError('TOPIC_AUTHORIZATION_FAILED', false), 'x')).toMatchObject({
      code: 'TOPIC_AUTHORIZATION_FAILED',
      retriable: false,
    });
  });

  it('classifies a wrapped error by its cause: a refused connection stays retriable', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
    // kafkajs passes the cause as a second argument its type declarations leave out.
    const NonRetriable = KafkaJSNonRetriableError as unknown as new (
      e: Error,
      options: { cause: Error },
    ) => KafkaJSNonRetriableError;
    const wrapped = new NonRetriable(refused, { cause: refused });
    expect(toEventLogError(wrapped, 'produce')).toMatchObject({
      code: 'KafkaJSConnectionError',
      retriable: true,
    });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(
      protocolError('COORDINATOR_LOAD_IN_PROGRESS', true),
      { retryCount: 5, retryTime: 100 },
    );
    expect(toEventLogError(exhausted, 'join')).toMatchObject({
      code: 'COORDINATOR_LOAD_IN_PROGRESS',
      retriable: true,
    });
    expect(
      toEventLogError(
        new (KafkaJSGroupCoordinatorNotFound as unknown as new (m: string) => Error)('none'),
        'join',
      ),
    ).toMatchObject({
      code: 'COORDINATOR_NOT_AVAILABLE',
      retriable: true,
    });
  });

  it('retries retriable errors until the operation succeeds, and gives up at once on others', async () => {
    let calls = 0;
    const result = await withRetry(
      'endOffsets',
      async () => {
        calls++;
        if (calls < 3) throw protocolError('LEADER_NOT_AVAILABLE', true);
        return 'ok';
      },
      { deadlineMs: 10_000, initialDelayMs: 1 },
    );
    expect([result, calls]).toEqual(['ok', 3]);

    let fatalCalls = 0;
    await expect(
      withRetry(
        'createTopics',
        async () => {
          fatalCalls++;
          throw protocolError('INVALID_REPLICATION_FACTOR', false);
        },
        { deadlineMs: 10_000, initialDelayMs: 1 },
      ),
    ).rejects.toBeInstanceOf(EventLogError);
    expect(fatalCalls).toBe(1);
  });
});

describe('topic migration to LogAppendTime', () => {
  const entry = (configName: string, configValue: string, configSource: number) => ({
    configName,
    configValue,
    configSource,
    isDefault: configSource === 5,
    isSensitive: false,
  });

  it('writes back every config the topic set itself, with the timestamp type switched', () => {
    const configs = appendTimeConfigs('md.trades.v1', [
      entry('retention.ms', '604800000', 1),
      entry('cleanup.policy', 'delete', 5),
      entry('message.timestamp.type', 'CreateTime', 5),
      entry('max.message.bytes', '2000000', 1),
      entry('log.segment.bytes', '1073741824', 4),
    ]);
    expect(configs).toEqual([
      { name: 'retention.ms', value: '604800000' },
      { name: 'max.message.bytes', value: '2000000' },
      { name: 'message.timestamp.type', value: 'LogAppendTime' },
    ]);
  });

  it('leaves a topic that already uses LogAppendTime alone', () => {
    expect(
      appendTimeConfigs('t', [entry('message.timestamp.type', 'LogAppendTime', 1)]),
    ).toBeUndefined();
  });
});
