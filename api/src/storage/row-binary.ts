import { toStorageError, type ClickHouseClient } from '@tickstream/core';
import type { Params } from './rows';

// Big reads as ClickHouse's RowBinary instead of JSONEachRow: a JSON line per row, parsed in
// JavaScript, cost several times what ClickHouse spent producing it (24 h of 1s candles:
// 0.5–1 s against 40 ms). The rows come out as the JSON path made them: the same column
// names and values, 64-bit integers as numbers, and NaN and infinities as null (which is
// how JSONEachRow printed them).

type Read = (view: Reader) => unknown;

class Reader {
  at = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Buffer) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at >= this.bytes.byteLength;
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }

  u8(): number {
    if (this.at >= this.bytes.byteLength) throw new RangeError('RowBinary ends inside a row');
    return this.bytes[this.at++] as number;
  }

  string(): string {
    const length = this.varint();
    const end = this.at + length;
    if (end > this.bytes.byteLength) throw new RangeError('RowBinary ends inside a string');
    const text = this.bytes.toString('utf8', this.at, end);
    this.at = end;
    return text;
  }

  fixed<T>(size: number, read: (view: DataView, at: number) => T): T {
    if (this.at + size > this.bytes.byteLength) throw new RangeError('RowBinary ends inside a row');
    const value = read(this.view, this.at);
    this.at += size;
    return value;
  }
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

// hi × 2^32 is exact and the sum rounds once, so a value past 2^53 becomes the same double
// JSON.parse made of its digits.
const READERS: Readonly<Record<string, Read>> = {
  Float64: (r) => r.fixed(8, (v, at) => finite(v.getFloat64(at, true))),
  Float32: (r) => r.fixed(4, (v, at) => finite(v.getFloat32(at, true))),
  Int64: (r) =>
    r.fixed(8, (v, at) => v.getInt32(at + 4, true) * 4_294_967_296 + v.getUint32(at, true)),
  UInt64: (r) =>
    r.fixed(8, (v, at) => v.getUint32(at + 4, true) * 4_294_967_296 + v.getUint32(at, true)),
  Int32: (r) => r.fixed(4, (v, at) => v.getInt32(at, true)),
  UInt32: (r) => r.fixed(4, (v, at) => v.getUint32(at, true)),
  Int16: (r) => r.fixed(2, (v, at) => v.getInt16(at, true)),
  UInt16: (r) => r.fixed(2, (v, at) => v.getUint16(at, true)),
  Int8: (r) => r.fixed(1, (v, at) => v.getInt8(at)),
  UInt8: (r) => r.u8(),
  Bool: (r) => r.u8() === 1,
  String: (r) => r.string(),
};

/**
 * A String column whose values repeat (an exchange, a source): the previous value is reused
 * when the bytes are the same, instead of decoding a new string per row.
 */
function repeatedString(): Read {
  let last = '';
  let lastBytes: Buffer | undefined;
  return (r) => {
    const length = r.varint();
    const start = r.at;
    const end = start + length;
    if (end > r.bytes.byteLength) throw new RangeError('RowBinary ends inside a string');
    r.at = end;
    if (lastBytes !== undefined && lastBytes.byteLength === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (lastBytes[i] !== r.bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    lastBytes = r.bytes.subarray(start, end);
    last = r.bytes.toString('utf8', start, end);
    return last;
  };
}

function readerOf(type: string): Read {
  const wrapped = /^(Nullable|LowCardinality)\((.*)\)$/.exec(type);
  if (wrapped) {
    const inner = readerOf(wrapped[2] as string);
    // LowCardinality is written as its plain type; Nullable as a null flag, then the value.
    return wrapped[1] === 'Nullable' ? (r) => (r.u8() === 1 ? null : inner(r)) : inner;
  }
  if (type === 'String') return repeatedString();
  const read = READERS[type];
  if (!read) throw new TypeError(`RowBinary reads no column of type ${type}; add it or use JSON`);
  return read;
}

/**
 * Rows of `RowBinaryWithNamesAndTypes`, each handed to `map` as one reused object keyed by
 * column name (valid only during the call): a big read makes one object per row, `map`'s.
 */
export function decodeRowBinary<R, T>(bytes: Buffer, map: (row: R) => T): T[] {
  const r = new Reader(bytes);
  if (r.done) return [];
  const count = r.varint();
  const names = Array.from({ length: count }, () => r.string());
  const reads = Array.from({ length: count }, () => readerOf(r.string()));
  const row: Record<string, unknown> = {};
  for (const name of names) row[name] = null;
  const out: T[] = [];
  while (!r.done) {
    for (let i = 0; i < count; i++) row[names[i] as string] = (reads[i] as Read)(r);
    out.push(map(row as R));
  }
  return out;
}

/** One SELECT with bound parameters, read as RowBinary; errors become StorageError here. */
export async function selectRowsBinary<R, T>(
  client: ClickHouseClient,
  query: string,
  params: Params,
  what: string,
  map: (row: R) => T,
): Promise<T[]> {
  try {
    const result = await client.exec({
      query: `${query}\nFORMAT RowBinaryWithNamesAndTypes`,
      query_params: params,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);
    return decodeRowBinary(
      chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
      map,
    );
  } catch (error) {
    throw toStorageError(error, what);
  }
}
