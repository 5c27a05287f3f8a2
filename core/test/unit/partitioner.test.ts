import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import {
  createKeyedPartitioner,
  murmur2,
  partitionFor,
  toPositive,
} from '../../src/event-log/partitioner';

// kafkajs's own murmur2, the one its DefaultPartitioner uses; loaded as untyped JS.
function loadKafkajsMurmur2(): (key: Buffer) => number {
  const load = createRequire(__filename);
  const loaded: unknown = load('kafkajs/src/producer/partitioners/default/murmur2.js');
  if (typeof loaded !== 'function') throw new Error('kafkajs murmur2 is not a function');
  return (key) => {
    const result: unknown = loaded(key);
    if (typeof result !== 'number') throw new Error('kafkajs murmur2 returned a non-number');
    return result;
  };
}

function randomKey(): string {
  const alphabet = [
    'a',
    'Z',
    '9',
    ':',
    '-',
    'é',
    'ü',
    '€',
    '中',
    '😀',
    'BTCUSDT',
    'binance-futures',
  ];
  const length = Math.floor(Math.random() * 12);
  let key = '';
  for (let i = 0; i < length; i++) {
    key += alphabet[Math.floor(Math.random() * alphabet.length)] ?? '';
  }
  return key;
}

/** What kafkajs knows of a topic's partitions, all led by broker 1. */
function metadataOf(partitions: number): PartitionMetadata[] {
  return Array.from({ length: partitions }, (_, p) => ({
    partitionErrorCode: 0,
    partitionId: p,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));
}

describe('partitioner', () => {
  it('computes the murmur2 values Kafka’s own Java test expects', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: Array<[Uint8Array, number]> = [
      [Buffer.from('21'), -973932308],
      [Buffer.from('foobar'), -790332482],
      [Buffer.from('a-little-bit-long-string'), -985981536],
      [Buffer.from('a-little-bit-longer-string'), -1486304829],
      [Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971],
      [Uint8Array.from([0x61, 0x62, 0x63]), 479470107],
    ];
    for (const [bytes, expected] of cases) expect(murmur2(bytes)).toBe(expected);
  });

  it('masks the sign bit rather than taking the absolute value', () => {
    expect(toPositive(-973932308)).toBe(-973932308 & 0x7fffffff);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(42)).toBe(42);
    expect(partitionFor('21', 7)).toBe((-973932308 & 0x7fffffff) % 7);
  });

  it('agrees with kafkajs murmur2 on every key length and on multi-byte UTF-8', () => {
    const kafkajsMurmur2 = loadKafkajsMurmur2();
    for (let length = 0; length < 64; length++) {
      const bytes = randomBytes(length);
      expect(murmur2(bytes)).toBe(kafkajsMurmur2(bytes));
    }
    for (let i = 0; i < 2000; i++) {
      const key = randomKey();
      expect(murmur2(Buffer.from(key, 'utf8'))).toBe(kafkajsMurmur2(Buffer.from(key, 'utf8')));
    }
  });

  it('picks the same partition as the kafkajs DefaultPartitioner for keyed records', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 2, 3, 6, 12, 64]) {
      const partitionMetadata = metadataOf(partitions);
      for (let i = 0; i < 300; i++) {
        const key = i % 3 === 0 ? `binance-futures:SYM${i}USDT` : randomKey();
        const expected = partitioner({
          topic: 'md.trades.v1',
          partitionMetadata,
          message: { key, value: 'x' },
        });
        expect(partitionFor(key, partitions)).toBe(expected);
      }
    }
  });

  it('gives kafkajs the partitions of its DefaultPartitioner, for string and Buffer keys', () => {
    const reference = Partitioners.DefaultPartitioner();
    const fast = createKeyedPartitioner(Partitioners.DefaultPartitioner(), 50);
    for (const partitions of [1, 3, 6, 64]) {
      const partitionMetadata = metadataOf(partitions);
      // Repeated keys (served from the cache, which is also cleared when full) and fresh ones.
      for (let i = 0; i < 500; i++) {
        const text = i % 2 === 0 ? `binance-futures:SYM${i % 80}USDT` : randomKey();
        for (const key of [text, Buffer.from(text, 'utf8')]) {
          const args = { topic: 't', partitionMetadata, message: { key, value: 'x' } };
          expect(fast(args)).toBe(reference(args));
        }
      }
      const explicit = {
        topic: 't',
        partitionMetadata,
        message: { key: 'k', value: 'x', partition: 0 },
      };
      expect(fast(explicit)).toBe(0);
    }
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionFor('k', 0)).toThrow(RangeError);
    expect(() => partitionFor('k', 1.5)).toThrow(RangeError);
  });
});
