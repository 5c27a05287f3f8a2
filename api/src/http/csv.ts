/** One CSV field: numbers as JavaScript prints them (they parse back to the same double), null empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\n`;

/**
 * A streamed CSV response: rows are pulled from the source as the client reads, so an
 * export never holds its result in memory and a client that stops reading stops the query.
 */
export function csvResponse<T>(
  filename: string,
  header: readonly string[],
  rows: AsyncIterator<T> | Iterator<T>,
  toValues: (row: T) => readonly unknown[],
  onError: (error: unknown) => void,
): Response {
  const encoder = new TextEncoder();
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = '';
        if (!headerSent) {
          text += csvLine(header);
          headerSent = true;
        }
        // Batches of rows per chunk: one enqueue per row would cost more than the row.
        for (let i = 0; i < 500; i++) {
          const next = await rows.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += csvLine(toValues(next.value));
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return?.();
    },
  });
  return new Response(stream, { status: 200, headers: csvHeaders(filename) });
}

// chDB hands over a whole result at once; slices of it (views, not copies) keep each write
// to the socket small.
const CHUNK_BYTES = 64 * 1024;

/**
 * A streamed CSV response of lines ClickHouse printed: the header, then the bytes as they
 * come, never decoded or re-encoded here. A client that stops reading stops the query.
 */
export function csvLinesResponse(
  filename: string,
  header: string,
  lines: AsyncIterable<Uint8Array> & { destroy(): void },
  onError: (error: unknown) => void,
): Response {
  const source = lines[Symbol.asyncIterator]();
  let chunk: Uint8Array | undefined;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(header));
    },
    async pull(controller) {
      try {
        if (chunk === undefined || at >= chunk.byteLength) {
          const next = await source.next();
          if (next.done) {
            controller.close();
            return;
          }
          chunk = next.value;
          at = 0;
        }
        const end = Math.min(chunk.byteLength, at + CHUNK_BYTES);
        controller.enqueue(chunk.subarray(at, end));
        at = end;
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    cancel() {
      lines.destroy();
    },
  });
  return new Response(stream, { status: 200, headers: csvHeaders(filename) });
}

function csvHeaders(filename: string): Record<string, string> {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  };
}
