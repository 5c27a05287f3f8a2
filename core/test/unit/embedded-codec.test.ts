import {
  batchTimestamps,
  decodeBatchHeader,
  decodeRecords,
  encodeBatch,
  partitionFloorKey,
  recordKey,
  type PartitionTail,
} from '../../src/event-log/embedded-codec';
import type { LogRecord, ProduceRecord } from '../../src/event-log/port';

describe('embedded log record format', () => {
  it('round-trips keys, string and binary values and timestamps of the routed records', () => {
    const records: ProduceRecord[] = [
      { key: 'binance-futures:BTCUSDT', value: '{"p":"65000.1"}', timestamp: 1_700_000_000_123 },
      { key: 'other', value: 'skipped: routed elsewhere' },
      { key: 'ключ-€', value: Buffer.from([0, 1, 2, 255]), timestamp: 5 },
      { key: '', value: '' },
    ];
    const tail: PartitionTail = { nextOffset: 40, maxTimestamp: 100, totalBytes: 1000 };
    const buffer = encodeBatch(records, [0, 2, 3], 77, tail);
    const out: LogRecord[] = [];
    expect(decodeRecords(buffer, 'topic', 3, 0, Infinity, 10, out)).toBe(3);
    expect(out.map((r) => [r.offset, r.key, r.value.toString('hex'), r.timestamp])).toEqual([
      [
        40,
        'binance-futures:BTCUSDT',
        Buffer.from('{"p":"65000.1"}').toString('hex'),
        1_700_000_000_123,
      ],
      [41, 'ключ-€', '000102ff', 5],
      [42, '', '', 77],
    ]);
    expect(out.every((r) => r.topic === 'topic' && r.partition === 3)).toBe(true);
    expect(batchTimestamps(buffer)).toEqual([1_700_000_000_123, 5, 77]);
  });

  it('carries the partition’s running offset, maximum timestamp and byte count across batches', () => {
    const tail: PartitionTail = { nextOffset: 0, maxTimestamp: -Infinity, totalBytes: 0 };
    const first = decodeBatchHeader(
      encodeBatch([{ key: 'a', value: 'xy', timestamp: 50 }], [0], 0, tail),
    );
    const second = decodeBatchHeader(
      encodeBatch([{ key: 'a', value: 'xyz', timestamp: 20 }], [0], 0, tail),
    );
    expect(first).toMatchObject({ baseOffset: 0, count: 1, maxTimestampBefore: -Infinity });
    expect(first.maxTimestampAfter).toBe(50);
    expect(second).toMatchObject({ baseOffset: 1, count: 1, maxTimestampBefore: 50 });
    expect(second.maxTimestampAfter).toBe(50);
    expect(second.bytesBefore).toBe(first.bytesAfter);
    expect(second.bytesAfter - second.bytesBefore).toBe(16 + 1 + 3);
    expect(tail).toEqual({ nextOffset: 2, maxTimestamp: 50, totalBytes: second.bytesAfter });
  });

  it('decodes only the requested offset window and count', () => {
    const tail: PartitionTail = { nextOffset: 10, maxTimestamp: -Infinity, totalBytes: 0 };
    const records = Array.from({ length: 6 }, (_, i) => ({ key: 'k', value: String(i) }));
    const buffer = encodeBatch(records, [0, 1, 2, 3, 4, 5], 1, tail);
    const out: LogRecord[] = [];
    decodeRecords(buffer, 't', 0, 12, 15, 2, out);
    expect(out.map((r) => r.offset)).toEqual([12, 13]);
  });

  it('orders keys by topic, partition and offset as unsigned big-endian bytes', () => {
    const keys = [
      recordKey(1, 0, 2 ** 32 + 5),
      recordKey(1, 0, 7),
      recordKey(1, 1, 0),
      partitionFloorKey(1, 1),
      recordKey(2, 0, 0),
      recordKey(1, 0, 2 ** 40),
    ];
    const sorted = [...keys].sort(Buffer.compare).map((k) => k.toString('hex'));
    expect(sorted).toEqual(
      [keys[1], keys[0], keys[5], keys[3], keys[2], keys[4]].map((k) => k?.toString('hex')),
    );
  });

  it('refuses a value that is not a batch of this format', () => {
    expect(() => decodeBatchHeader(Buffer.alloc(64))).toThrow(
      expect.objectContaining({ code: 'EMBEDDED_LOG_CORRUPT' }),
    );
  });
});
