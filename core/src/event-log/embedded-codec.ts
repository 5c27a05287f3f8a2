// The embedded log's on-disk format. Like Kafka, the unit of storage is a record batch: the
// records one produce call sent to one partition, stored as one lmdb value under the key
// topicId|partition|baseOffset (big-endian, so a cursor walks a partition in offset order).
// One put per partition per produce call, not per record, is what makes half a million
// records a second possible; raw binary rather than msgpack keeps encoding a memcpy.

import { EventLogError } from '../errors';
import type { LogRecord, ProduceRecord } from './port';
import type { BatchTimeSummary } from './timestamp-search';

// Version 2: every record's timestamp is the time the store appended it. Version 1 batches
// carried the producer's (event) time; embedded-migration.ts rewrites them once, at open.
const FORMAT = 0x54534202; // "TSB" + version 2
export const FORMAT_V1 = 0x54534201;
const BATCH_HEADER_BYTES = 48;
const RECORD_HEADER_BYTES = 16;
const TWO_32 = 2 ** 32;

export interface BatchHeader extends BatchTimeSummary {
  /** Bytes of the partition's records (as encoded) before this batch, ever produced. */
  readonly bytesBefore: number;
  /** The same, through the end of this batch; retention by size subtracts these. */
  readonly bytesAfter: number;
}

/** Running totals of a partition, carried from one batch to the next. */
export interface PartitionTail {
  nextOffset: number;
  maxTimestamp: number;
  totalBytes: number;
}

export function recordKey(topicId: number, partition: number, offset: number): Buffer {
  const key = Buffer.allocUnsafe(16);
  key.writeUInt32BE(topicId, 0);
  key.writeUInt32BE(partition, 4);
  key.writeUInt32BE(Math.floor(offset / TWO_32), 8);
  key.writeUInt32BE(offset >>> 0, 12);
  return key;
}

/** Sorts before every record key of the partition: the lower bound of reverse scans. */
export function partitionFloorKey(topicId: number, partition: number): Buffer {
  const key = Buffer.allocUnsafe(8);
  key.writeUInt32BE(topicId, 0);
  key.writeUInt32BE(partition, 4);
  return key;
}

/**
 * Encodes records (already routed to one partition) as a batch following `tail`, and
 * advances `tail` past it. Every record gets `appendTime`, raised to the partition's latest
 * so that append times never go back (a clock stepped back, or a migration time ahead).
 */
export function encodeBatch(
  records: readonly ProduceRecord[],
  indexes: readonly number[],
  appendTime: number,
  tail: PartitionTail,
): Buffer {
  let size = BATCH_HEADER_BYTES;
  const keyLengths = new Array<number>(indexes.length);
  const valueLengths = new Array<number>(indexes.length);
  for (let i = 0; i < indexes.length; i++) {
    const record = records[indexes[i] ?? -1];
    if (record === undefined) continue;
    const keyLength = Buffer.byteLength(record.key, 'utf8');
    const value = record.value;
    const valueLength = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
    keyLengths[i] = keyLength;
    valueLengths[i] = valueLength;
    size += RECORD_HEADER_BYTES + keyLength + valueLength;
  }
  const buffer = Buffer.allocUnsafe(size);
  const maxBefore = tail.maxTimestamp;
  const timestamp = Math.max(appendTime, maxBefore);
  const maxAfter = indexes.length > 0 ? timestamp : maxBefore;
  let pos = BATCH_HEADER_BYTES;
  for (let i = 0; i < indexes.length; i++) {
    const record = records[indexes[i] ?? -1];
    if (record === undefined) continue;
    const keyLength = keyLengths[i] ?? 0;
    const valueLength = valueLengths[i] ?? 0;
    buffer.writeDoubleLE(timestamp, pos);
    buffer.writeUInt32LE(keyLength, pos + 8);
    buffer.writeUInt32LE(valueLength, pos + 12);
    pos += RECORD_HEADER_BYTES;
    buffer.write(record.key, pos, keyLength, 'utf8');
    pos += keyLength;
    const value = record.value;
    if (typeof value === 'string') buffer.write(value, pos, valueLength, 'utf8');
    else buffer.set(value, pos);
    pos += valueLength;
  }
  const recordBytes = size - BATCH_HEADER_BYTES;
  buffer.writeUInt32LE(FORMAT, 0);
  buffer.writeUInt32LE(indexes.length, 4);
  buffer.writeDoubleLE(tail.nextOffset, 8);
  buffer.writeDoubleLE(maxBefore, 16);
  buffer.writeDoubleLE(maxAfter, 24);
  buffer.writeDoubleLE(tail.totalBytes, 32);
  buffer.writeDoubleLE(tail.totalBytes + recordBytes, 40);
  tail.nextOffset += indexes.length;
  tail.maxTimestamp = maxAfter;
  tail.totalBytes += recordBytes;
  return buffer;
}

/** The format version stamp of a stored batch (FORMAT_V1 needs the migration). */
export function batchFormat(buffer: Buffer): number | undefined {
  return buffer.length < BATCH_HEADER_BYTES ? undefined : buffer.readUInt32LE(0);
}

/**
 * A version 1 batch as version 2: every record's timestamp (an event time) becomes
 * `appendTime`, and the running maxima follow `maxBefore` (the partition's running maximum
 * before this batch, already migrated). Returns a new buffer.
 */
export function restampV1Batch(buffer: Buffer, appendTime: number, maxBefore: number): Buffer {
  if (batchFormat(buffer) !== FORMAT_V1) {
    throw new EventLogError('EMBEDDED_LOG_CORRUPT', 'Only a version 1 batch can be migrated');
  }
  const out = Buffer.from(buffer);
  const count = out.readUInt32LE(4);
  const timestamp = Math.max(appendTime, maxBefore);
  let pos = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    out.writeDoubleLE(timestamp, pos);
    pos += RECORD_HEADER_BYTES + out.readUInt32LE(pos + 8) + out.readUInt32LE(pos + 12);
  }
  out.writeUInt32LE(FORMAT, 0);
  out.writeDoubleLE(maxBefore, 16);
  out.writeDoubleLE(count > 0 ? timestamp : maxBefore, 24);
  return out;
}

export function decodeBatchHeader(buffer: Buffer): BatchHeader {
  if (buffer.length >= BATCH_HEADER_BYTES && buffer.readUInt32LE(0) === FORMAT_V1) {
    throw new EventLogError(
      'EMBEDDED_LOG_NEEDS_MIGRATION',
      'A stored record batch is of format version 1 (event-time timestamps); opening the log migrates it',
    );
  }
  if (buffer.length < BATCH_HEADER_BYTES || buffer.readUInt32LE(0) !== FORMAT) {
    throw new EventLogError(
      'EMBEDDED_LOG_CORRUPT',
      'A stored record batch has an unknown format; the data directory was written by something else',
    );
  }
  return {
    count: buffer.readUInt32LE(4),
    baseOffset: buffer.readDoubleLE(8),
    maxTimestampBefore: buffer.readDoubleLE(16),
    maxTimestampAfter: buffer.readDoubleLE(24),
    bytesBefore: buffer.readDoubleLE(32),
    bytesAfter: buffer.readDoubleLE(40),
  };
}

/** Timestamps of a batch's records, without materializing them. */
export function batchTimestamps(buffer: Buffer): number[] {
  const count = buffer.readUInt32LE(4);
  const timestamps = new Array<number>(count);
  let pos = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    timestamps[i] = buffer.readDoubleLE(pos);
    pos += RECORD_HEADER_BYTES + buffer.readUInt32LE(pos + 8) + buffer.readUInt32LE(pos + 12);
  }
  return timestamps;
}

/**
 * Record keys read before, by their bytes. A topic has few distinct keys (a symbol, a pair)
 * and every record of a batch names one: sharing one string per key spares a string per
 * record, and the consumer's hash of it. Bounded: past `limit` keys it starts over.
 */
export class KeyStrings {
  private readonly byHash = new Map<number, { bytes: Buffer; text: string }>();

  constructor(private readonly limit = 4_096) {}

  get(buffer: Buffer, start: number, end: number): string {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buffer[i] as number), 0x01000193);
    const known = this.byHash.get(hash);
    if (
      known &&
      known.bytes.length === end - start &&
      known.bytes.equals(buffer.subarray(start, end))
    ) {
      return known.text;
    }
    const text = buffer.toString('utf8', start, end);
    if (this.byHash.size >= this.limit) this.byHash.clear();
    this.byHash.set(hash, { bytes: Buffer.from(buffer.subarray(start, end)), text });
    return text;
  }
}

/**
 * Appends to `out` the batch's records with offset in [from, until), at most `limit` of
 * them; returns how many were appended. Values are views on `buffer` (a copy lmdb made).
 */
export function decodeRecords(
  buffer: Buffer,
  topic: string,
  partition: number,
  from: number,
  until: number,
  limit: number,
  out: LogRecord[],
  keys?: KeyStrings,
): number {
  const header = decodeBatchHeader(buffer);
  let pos = BATCH_HEADER_BYTES;
  let added = 0;
  for (let i = 0; i < header.count && added < limit; i++) {
    const offset = header.baseOffset + i;
    if (offset >= until) break;
    const keyLength = buffer.readUInt32LE(pos + 8);
    const valueLength = buffer.readUInt32LE(pos + 12);
    if (offset >= from) {
      const keyStart = pos + RECORD_HEADER_BYTES;
      const valueStart = keyStart + keyLength;
      out.push({
        topic,
        partition,
        offset,
        key: keys
          ? keys.get(buffer, keyStart, valueStart)
          : buffer.toString('utf8', keyStart, valueStart),
        value: buffer.subarray(valueStart, valueStart + valueLength),
        timestamp: buffer.readDoubleLE(pos),
      });
      added++;
    }
    pos += RECORD_HEADER_BYTES + keyLength + valueLength;
  }
  return added;
}
