import { StorageError, type Logger } from '@tickstream/core';
import { ApiError, isApiError } from '../errors';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The older platform's error body, `{"error": ...}`, with tickstream's code beside it. */
export function errorResponse(
  status: number,
  message: string,
  code?: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json({ error: message, ...(code ? { code } : {}), ...extra }, status, headers);
}

export const notFound = () => errorResponse(404, 'Endpoint not found', 'NOT_FOUND');

/** Domain errors with their status; storage trouble 503; anything else masked as 500. */
export function failureResponse(error: unknown, logger: Logger): Response {
  if (isApiError(error)) {
    const headers: Record<string, string> = {};
    const retry = error.details?.['retryAfterMs'];
    if (typeof retry === 'number') headers['retry-after'] = String(Math.ceil(retry / 1000));
    return errorResponse(error.status, error.message, error.code, {}, headers);
  }
  if (error instanceof StorageError) {
    logger.warn({ err: error }, 'storage error in a REST route');
    return errorResponse(503, 'storage is unavailable, try again', 'STORAGE_UNAVAILABLE');
  }
  logger.error({ err: error }, 'unexpected error in a REST route');
  return errorResponse(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Reads a request body, refusing it past `limit` bytes without reading the rest. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError('PAYLOAD_TOO_LARGE', `File too large: the limit is ${limit} bytes`, {
      limit,
    });
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError('PAYLOAD_TOO_LARGE', `File too large: the limit is ${limit} bytes`, {
        limit,
      });
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}
