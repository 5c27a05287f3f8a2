import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Vite names built assets with a content hash; those never change and may be cached for good.
const HASHED = /[-.][A-Za-z0-9_-]{8,}\.(js|mjs|css|woff2?|svg|png|jpg)$/;

/**
 * Serves the built dashboard: files under `dir`, index.html for unknown paths without an
 * extension (the app routes them), 404 for missing files with one. index.html is never
 * cached (it names the current assets); hashed assets are cached for a year.
 */
export function createStaticFiles(dir: string) {
  const root = resolve(dir);
  const fileResponse = async (path: string, request: Request): Promise<Response | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const immutable = HASHED.test(path) || path.includes(`${sep}assets${sep}`);
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (request.headers.get('if-none-match') === etag)
      return new Response(null, { status: 304, headers });
    if (request.method === 'HEAD')
      return new Response(null, {
        status: 200,
        headers: { ...headers, 'content-length': String(info.size) },
      });
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'content-length': String(info.size) },
    });
  };

  return async (request: Request, url: URL): Promise<Response | undefined> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return undefined;
    }
    if (pathname.includes('\0')) return undefined;
    const target = resolve(join(root, pathname));
    if (target !== root && !target.startsWith(root + sep)) return undefined;
    const found = target === root ? undefined : await fileResponse(target, request);
    if (found) return found;
    if (extname(pathname) !== '' && extname(pathname) !== '.html') return undefined;
    return fileResponse(join(root, 'index.html'), request);
  };
}
