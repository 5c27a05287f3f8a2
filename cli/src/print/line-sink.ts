import { once } from 'node:events';

/** Where printed lines go; write() resolves when the stream can take more (backpressure). */
export interface LineSink {
  write(text: string): Promise<void>;
  /**
   * Resolves when the reader went away (`tickstream tail trades | head` closes the pipe):
   * printing is pointless from then on (tail stops as on Ctrl-C; ingest goes on unprinted).
   */
  readonly closed: Promise<void>;
}

/** Lines to a writable stream (stdout); after a write error, writes are dropped. */
export function streamSink(stream: NodeJS.WritableStream): LineSink {
  let broken = false;
  const closed = new Promise<void>((resolve) => {
    // Without a listener, EPIPE on stdout would be an uncaught exception.
    stream.on('error', () => {
      broken = true;
      resolve();
    });
  });
  return {
    closed,
    async write(text) {
      if (broken || stream.write(text)) return;
      // A stream that fails while we wait rejects 'drain'; `closed` already says so.
      await Promise.race([once(stream, 'drain').catch(() => undefined), closed]);
    },
  };
}
