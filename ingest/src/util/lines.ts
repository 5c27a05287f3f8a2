import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { TickstreamError } from '@tickstream/core';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(buffer: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, i) => buffer[i] === byte);
}

/**
 * The first entry of a zip archive as a stream. data.binance.vision ships one CSV per zip;
 * reading the local header is enough, and inflate stops by itself at the end of the entry.
 */
async function zipEntryStream(path: string): Promise<Readable> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, 0);
    const method = header.readUInt16LE(8);
    const compressedSize = header.readUInt32LE(18);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const dataStart = 30 + nameLength + extraLength;
    if (method === 8) return createReadStream(path, { start: dataStart }).pipe(createInflateRaw());
    if (method === 0 && compressedSize !== 0 && compressedSize !== 0xffffffff) {
      return createReadStream(path, { start: dataStart, end: dataStart + compressedSize - 1 });
    }
    throw new TickstreamError(
      'UNSUPPORTED_ARCHIVE',
      `${path}: zip entries must be deflated or stored with a known size (method ${method})`,
    );
  } finally {
    await handle.close();
  }
}

/** The decompressed byte stream of a plain, gzip or single-entry zip file (by content, not name). */
export async function openDecompressed(path: string): Promise<Readable> {
  const magic = Buffer.alloc(4);
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new TickstreamError('FILE_UNREADABLE', `Cannot open ${path}`, { cause: error });
  });
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (startsWith(magic, ZIP_MAGIC)) return zipEntryStream(path);
  const raw = createReadStream(path);
  // Several gzip members in one file (appended recordings) decompress as one stream.
  return startsWith(magic, GZIP_MAGIC) ? raw.pipe(createGunzip()) : raw;
}

/** The lines of a file (plain, .gz or .zip), without line endings; empty lines skipped. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = await openDecompressed(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.length > 0) yield line;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
