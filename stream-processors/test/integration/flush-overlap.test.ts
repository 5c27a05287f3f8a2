import { silentLogger, type LogRecord } from '@tickstream/core';
import { adaptersUnderTest, openTestLog, uniqueName, type TestLog } from '@tickstream/testkit';
import { createLogProcessor, type ProcessorStage } from '../../src/runtime/log-processor';
import { waitFor } from '../helpers/tapes';

jest.retryTimes(0);

/** A gate a test opens by hand: flushes wait on it, so a write can be held in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A stage that buffers each record's offset and writes them in flush(), taking the buffer
 * when the flush starts (as the candles stage does): what it holds, written or not, is the
 * lowest offset it still needs.
 */
function recordingStage(writeGate: () => Promise<void>) {
  const written: number[] = [];
  const processedDuringFlush: number[] = [];
  let buffered: number[] = [];
  let writing: number[] = [];
  let flushing = false;
  let flushesStarted = 0;
  let failNext = 0;
  const stage: ProcessorStage = {
    processesWhileFlushing: true,
    process(records: readonly LogRecord[]) {
      for (const record of records) {
        if (flushing) processedDuringFlush.push(record.offset);
        buffered.push(record.offset);
      }
    },
    flushDue: () => buffered.length >= 50,
    hasPending: () => buffered.length > 0 || writing.length > 0,
    async flush() {
      writing = writing.concat(buffered);
      buffered = [];
      flushing = true;
      flushesStarted += 1;
      try {
        await writeGate();
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('sink down');
        }
        written.push(...writing);
        writing = [];
      } finally {
        flushing = false;
      }
    },
    commitOffset(_topic, _partition, _keys, lastOffset) {
      const held = [...writing, ...buffered];
      return held.length > 0 ? Math.min(...held) : lastOffset + 1;
    },
    forget: () => undefined,
  };
  return {
    stage,
    written,
    processedDuringFlush,
    failOnce: () => (failNext += 1),
    flushesStarted: () => flushesStarted,
  };
}

describe.each(adaptersUnderTest())(
  'a processor whose stage writes while it reads (%s)',
  (adapter) => {
    let t: TestLog;
    beforeEach(async () => {
      t = await openTestLog(adapter);
    });
    afterEach(async () => {
      await t.cleanup();
    });

    async function produce(topic: string, from: number, count: number) {
      const records = Array.from({ length: count }, (_, i) => ({
        key: 'k',
        value: JSON.stringify({ n: from + i }),
      }));
      for (let i = 0; i < records.length; i += 25) {
        await t.log.produce(topic, records.slice(i, i + 25));
      }
    }

    it('processes the next batches during a flush and commits nothing that flush has not written', async () => {
      const topic = uniqueName('overlap');
      const groupId = uniqueName('g');
      await t.log.createTopics([{ name: topic, partitions: 1 }]);
      let current = gate();
      const recorder = recordingStage(() => current.opened);
      const processor = createLogProcessor({
        name: 'overlap',
        eventLog: t.log,
        groupId,
        topic,
        stage: recorder.stage,
        logger: silentLogger,
        flushIntervalMs: 60_000,
        maxBatchSize: 25,
      });
      await processor.start();
      await produce(topic, 0, 50);
      // The first flush starts after 50 records and is held; the next 100 are still read.
      await waitFor(() => recorder.flushesStarted() === 1, 30_000, 'the first flush');
      await produce(topic, 50, 100);
      await waitFor(
        () => recorder.processedDuringFlush.length >= 50,
        30_000,
        'records processed while the flush is held',
      );
      const committed = await t.log.committedOffsets(groupId, topic);
      expect(committed.get(0) ?? 0).toBeLessThanOrEqual(0);
      expect(recorder.written).toEqual([]);

      current.open();
      current = { opened: Promise.resolve(), open: () => undefined };
      await processor.drained();
      expect(recorder.written).toEqual(Array.from({ length: 150 }, (_, i) => i));
      await processor.stop();
      expect((await t.log.committedOffsets(groupId, topic)).get(0)).toBe(150);
    });

    it('writes again what a failed flush in flight held, and loses nothing', async () => {
      const topic = uniqueName('overlap-fail');
      const groupId = uniqueName('g');
      await t.log.createTopics([{ name: topic, partitions: 1 }]);
      const recorder = recordingStage(() => Promise.resolve());
      recorder.failOnce();
      const processor = createLogProcessor({
        name: 'overlap-fail',
        eventLog: t.log,
        groupId,
        topic,
        stage: recorder.stage,
        logger: silentLogger,
        flushIntervalMs: 100,
        maxBatchSize: 25,
      });
      await processor.start();
      await produce(topic, 0, 200);
      await processor.drained();
      await processor.stop();
      expect([...new Set(recorder.written)].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 200 }, (_, i) => i),
      );
      const committed = (await t.log.committedOffsets(groupId, topic)).get(0) ?? 0;
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThanOrEqual(200);
    });
  },
);
