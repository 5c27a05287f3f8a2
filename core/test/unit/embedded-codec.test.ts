import {
  batchFormat,
  batchTimestamps,
  decodeBatchHeader,
  decodeRecords,
  encodeBatch,
  FORMAT_V1,
  KeyStrings,
  partitionFloorKey,
  recordKey,
  restampV1Batch,
  type PartitionTail,
} from '../../src/event-log/embedded-codec';
import type { LogRecord, ProduceRecord } from '../../src/event-log/port';

describe('embedded log record format', () => {
  it('round-trips keys and string and binary values of the routed records, stamped with the append time', () => {
    const records: ProduceRecord[] = [
      { key: 'binance-futures:BTCUSDT', value: '{"p":"65000.1"}' },
      { key: 'other', value: 'skipped: routed elsewhere' },
      { key: 'ключ-€', value: Buffer.from([0, 1, 2, 255]) },
      { key: '', value: '' },
    ];
    const tail: PartitionTail = { nextOffset: 40, maxTimestamp: 100, totalBytes: 1000 };
    const buffer = encodeBatch(records, [0, 2, 3], 1_700_000_000_123, tail);
    const out: LogRecord[] = [];
    expect(decodeRecords(buffer, 'topic', 3, 0, Infinity, 10, out)).toBe(3);
    expect(out.map((r) => [r.offset, r.key, r.value.toString('hex'), r.timestamp])).toEqual([
      [
        40,
        'binance-futures:BTCUSDT',
        Buffer.from('{"p":"65000.1"}').toString('hex'),
        1_700_000_000_123,
      ],
      [41, 'ключ-€', '000102ff', 1_700_000_000_123],
      [42, '', '', 1_700_000_000_123],
    ]);
    expect(out.every((r) => r.topic === 'topic' && r.partition === 3)).toBe(true);
    expect(batchTimestamps(buffer)).toEqual([
      1_700_000_000_123, 1_700_000_000_123, 1_700_000_000_123,
    ]);
  });

  it('never lets append times go back within a partition, even when the clock does', () => {
    const tail: PartitionTail = { nextOffset: 0, maxTimestamp: -Infinity, totalBytes: 0 };
    const first = decodeBatchHeader(encodeBatch([{ key: 'a', value: 'xy' }], [0], 50, tail));
    const second = encodeBatch([{ key: 'a', value: 'xyz' }], [0], 20, tail);
    expect(first.maxTimestampAfter).toBe(50);
    expect(batchTimestamps(second)).toEqual([50]);
  });

  it('migrates a version 1 batch: its event times become the migration time', () => {
    const tail: PartitionTail = { nextOffset: 7, maxTimestamp: -Infinity, totalBytes: 0 };
    const v2 = encodeBatch(
      [
        { key: 'a', value: 'one' },
        { key: 'b', value: 'two' },
      ],
      [0, 1],
      1_704_067_200_000, // a 2024 trade time, as version 1 stored it
      tail,
    );
    const v1 = Buffer.from(v2);
    v1.writeUInt32LE(FORMAT_V1, 0);
    expect(() => decodeBatchHeader(v1)).toThrow(
      expect.objectContaining({ code: 'EMBEDDED_LOG_NEEDS_MIGRATION' }),
    );
    const migrated = restampV1Batch(v1, 1_800_000_000_000, 1_799_000_000_000);
    expect(batchFormat(migrated)).not.toBe(FORMAT_V1);
    expect(decodeBatchHeader(migrated)).toMatchObject({
      baseOffset: 7,
      count: 2,
      maxTimestampBefore: 1_799_000_000_000,
      maxTimestampAfter: 1_800_000_000_000,
    });
    const out: LogRecord[] = [];
    decodeRecords(migrated, 't', 0, 0, Infinity, 10, out);
    expect(out.map((r) => [r.key, r.value.toString(), r.timestamp])).toEqual([
      ['a', 'one', 1_800_000_000_000],
      ['b', 'two', 1_800_000_000_000],
    ]);
  });

  it('carries the partition’s running offset, maximum timestamp and byte count across batches', () => {
    const tail: PartitionTail = { nextOffset: 0, maxTimestamp: -Infinity, totalBytes: 0 };
    const first = decodeBatchHeader(encodeBatch([{ key: 'a', value: 'xy' }], [0], 50, tail));
    const second = decodeBatchHeader(encodeBatch([{ key: 'a', value: 'xyz' }], [0], 20, tail));
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

  it('reads each key as the same text whether or not it was seen before, sharing one string per key', () => {
    const tail: PartitionTail = { nextOffset: 0, maxTimestamp: 0, totalBytes: 0 };
    const keys = ['binance-futures:BTCUSDT', 'ключ-€', 'binance-futures:ETHUSDT', ''];
    const records: ProduceRecord[] = [...keys, ...keys].map((key, i) => ({ key, value: `v${i}` }));
    const batch = encodeBatch(
      records,
      records.map((_, i) => i),
      1_000,
      tail,
    );
    const cache = new KeyStrings(2);
    const out: LogRecord[] = [];
    decodeRecords(batch, 't', 0, 0, 100, 100, out, cache);
    expect(out.map((r) => r.key)).toEqual([...keys, ...keys]);
    const plain: LogRecord[] = [];
    decodeRecords(batch, 't', 0, 0, 100, 100, plain);
    expect(plain.map((r) => r.key)).toEqual(out.map((r) => r.key));
  });
});
