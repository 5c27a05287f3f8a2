import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

/**
 * Appends lines to a JSONL file (gzip when the name ends in .gz), respecting the stream's
 * backpressure: `write` returns a promise only when the file is behind.
 */
export class JsonlWriter {
  private readonly file: WriteStream;
  private readonly out: WriteStream | Gzip;
  private closed: Promise<void> | undefined;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path, { flags: 'a' });
    if (path.endsWith('.gz')) {
      const gzip = createGzip();
      gzip.pipe(this.file);
      this.out = gzip;
    } else {
      this.out = this.file;
    }
  }

  write(line: string): Promise<void> | undefined {
    this.lines++;
    this.bytes += line.length + 1;
    if (this.out.write(`${line}\n`)) return undefined;
    return once(this.out, 'drain').then(() => undefined);
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve, reject) => {
      this.file.once('close', () => resolve());
      this.file.once('error', reject);
      this.out.end();
    });
    return this.closed;
  }
}
