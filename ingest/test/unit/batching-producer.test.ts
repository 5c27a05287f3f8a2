import { silentLogger } from '@tickstream/core';
import { BatchingProducer } from '../../src/pipeline/batching-producer';
import { MemoryEventLog } from '../helpers/memory-event-log';
import { waitFor } from '../helpers/wait';

async function setup(
  options: { maxBatchRecords?: number; lingerMs?: number; maxBuffered?: number } = {},
) {
  const log = new MemoryEventLog();
  await log.createTopics([{ name: 't', partitions: 1 }]);
  const flushed: number[] = [];
  const producer = new BatchingProducer<number>({
    eventLog: log,
    topic: 't',
    logger: silentLogger,
    toRecord: (n) => ({ key: 'k', value: String(n) }),
    onFlushed: (items) => flushed.push(items.length),
    ...options,
  });
  return { log, producer, flushed };
}

describe('the batching producer', () => {
  it('sends a full batch at once and the rest after the linger', async () => {
    const { log, producer, flushed } = await setup({ maxBatchRecords: 100, lingerMs: 30 });
    for (let i = 0; i < 250; i++) producer.add(i);
    await producer.flush();
    expect(flushed).toEqual([100, 100, 50]);
    expect(log.values<number>('t')).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('retries a retriable failure until the log takes the batch, keeping order', async () => {
    const { log, producer } = await setup({ lingerMs: 1 });
    log.failNext(3, true);
    for (let i = 0; i < 10; i++) producer.add(i);
    await producer.flush();
    expect(log.values<number>('t')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.produceCalls).toBe(4);
  });

  it('fails loudly, not silently, when the log keeps refusing for a non-retriable reason', async () => {
    const log = new MemoryEventLog();
    await log.createTopics([{ name: 't', partitions: 1 }]);
    let fatal: unknown;
    const producer = new BatchingProducer<number>({
      eventLog: log,
      topic: 't',
      logger: silentLogger,
      toRecord: (n) => ({ key: 'k', value: String(n) }),
      onFatal: (error) => (fatal = error),
      maxNonRetriableAttempts: 2,
    });
    log.failNext(5, false);
    producer.add(1);
    await expect(producer.flush()).rejects.toMatchObject({ code: 'TEST_FAILURE' });
    expect(fatal).toBeDefined();
  });

  it('holds writers back and says since when it waits while the log keeps failing, then writes everything in order', async () => {
    const { log, producer } = await setup({ maxBuffered: 5, maxBatchRecords: 5, lingerMs: 1 });
    log.failNext(4, true);
    for (let i = 0; i < 5; i++) producer.add(i);
    const wait = producer.waitForCapacity();
    expect(wait).toBeInstanceOf(Promise);
    await waitFor(() => log.produceCalls >= 2, 'a failed attempt');
    expect(producer.waiting).toMatchObject({ error: 'injected produce failure' });
    expect(producer.waiting?.since).toBeLessThanOrEqual(Date.now());
    await wait;
    await producer.flush();
    expect(producer.waiting).toBeUndefined();
    expect(log.values<number>('t')).toEqual([0, 1, 2, 3, 4]);
    expect(log.produceCalls).toBe(5);
  });

  it('asks writers to wait while the backlog is over its limit', async () => {
    const { log, producer } = await setup({ maxBuffered: 10, maxBatchRecords: 5, lingerMs: 1 });
    log.produceDelayMs = 30;
    for (let i = 0; i < 12; i++) producer.add(i);
    const wait = producer.waitForCapacity();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(producer.pending).toBeLessThan(10);
    await producer.flush();
    expect(log.values<number>('t')).toHaveLength(12);
  });
});
