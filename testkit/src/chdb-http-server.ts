/**
 * TEST FIXTURE — never part of the product. A small HTTP server that speaks the part of
 * ClickHouse's HTTP interface that `@clickhouse/client` (node) uses, executing every
 * statement in chDB sessions in this process. It exists because no usable ClickHouse server
 * can be installed on these machines, and the distributed topology (several processes
 * sharing one ClickHouse) and outage handling (ClickHouse gone for a while, then back) still
 * need tests. See testkit/README.md for the supported subset and its limits.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import {
  Session,
  drainPending,
  version as chdbVersion,
  type ChdbResult,
  type RawInsertFormat,
} from 'chdb';

export interface ChdbHttpServerOptions {
  /** chDB's data directory. chDB binds one directory per process while a session is open. */
  readonly dataDir: string;
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * When given, requests must authenticate as one of these users (name → password), as a
   * server with configured users would demand; otherwise any credentials are accepted.
   */
  readonly users?: Readonly<Record<string, string>>;
}

export interface ChdbHttpServerStats {
  /** SQL requests handed to chDB (INSERTs included, pings excluded), whatever their outcome. */
  readonly queries: number;
  /** The INSERT statements among them. */
  readonly inserts: number;
}

export interface ChdbHttpServer {
  readonly url: string;
  readonly port: number;
  /** Closes the listener, every connection and every chDB session. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stops accepting connections and destroys the open ones, so clients see ECONNREFUSED or
   * ECONNRESET like a server that went away. Queries already running inside chDB still
   * finish (their effects persist, as on a real server that dies after committing), but
   * their responses are lost.
   */
  pause(): Promise<void>;
  /** Listens again on the same port; the data is intact. */
  resume(): Promise<void>;
  stats(): ChdbHttpServerStats;
}

const ENGINE_VERSION = chdbVersion().libchdb.replace(/"/g, '');

/** An error to answer with ClickHouse's text format: `Code: N. DB::Exception: … (TYPE)`. */
class ServerError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  toClickHouseText(): string {
    return `Code: ${this.code}. DB::Exception: ${this.message}. (${this.type}) (version ${ENGINE_VERSION})\n`;
  }
}

// ClickHouse's HTTP handler picks the status from the exception code (HTTPHandler.cpp);
// @clickhouse/client treats every non-2xx alike, but other HTTP tools may not.
const BAD_REQUEST_TYPES = new Set([
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_PARSE_QUOTED_STRING',
  'CANNOT_PARSE_DATE',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING',
  'CANNOT_PARSE_IPV4',
  'CANNOT_PARSE_IPV6',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  'CANNOT_PARSE_UUID',
  'DUPLICATE_COLUMN',
  'ILLEGAL_COLUMN',
  'UNKNOWN_ELEMENT_IN_AST',
  'UNKNOWN_TYPE_OF_AST_NODE',
  'THERE_IS_NO_COLUMN',
  'TOO_DEEP_AST',
  'TOO_BIG_AST',
  'UNEXPECTED_AST_STRUCTURE',
  'SYNTAX_ERROR',
  'INCORRECT_DATA',
  'TYPE_MISMATCH',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
]);
const NOT_FOUND_TYPES = new Set([
  'UNKNOWN_TABLE',
  'UNKNOWN_FUNCTION',
  'UNKNOWN_IDENTIFIER',
  'UNKNOWN_TYPE',
  'UNKNOWN_STORAGE',
  'UNKNOWN_DATABASE',
  'UNKNOWN_SETTING',
  'UNKNOWN_DIRECTION_OF_SORTING',
  'UNKNOWN_AGGREGATE_FUNCTION',
  'UNKNOWN_FORMAT',
  'UNKNOWN_DATABASE_ENGINE',
  'UNKNOWN_TYPE_OF_QUERY',
  'UNKNOWN_ROLE',
]);
const FORBIDDEN_TYPES = new Set(['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED']);

function httpStatusFor(type: string): number {
  if (BAD_REQUEST_TYPES.has(type)) return 400;
  if (NOT_FOUND_TYPES.has(type)) return 404;
  if (FORBIDDEN_TYPES.has(type)) return 403;
  if (type === 'REQUIRED_PASSWORD') return 401;
  if (type === 'NOT_IMPLEMENTED') return 501;
  if (type === 'TIMEOUT_EXCEEDED') return 408;
  return 500;
}

/** chDB throws the engine's own text; anything else becomes a generic engine error. */
function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // The same shape @clickhouse/client parses; the innermost exception names the type.
  const match = /^Code: (\d+)\..*Exception: (.+?)\(([A-Z0-9_]*[A-Z]{3}[A-Z0-9_]*)\)/s.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined && match[3] !== undefined) {
    return new ServerError(Number(match[1]), match[3], match[2].replace(/\.\s*$/, ''));
  }
  return new ServerError(1001, 'STD_EXCEPTION', text);
}

// ---------------------------------------------------------------------------------------
// What the fixture needs to know about a statement, from a light scan that skips string
// literals, quoted identifiers and comments. It is not a SQL parser: the engine still
// parses everything; this only finds placeholders, the FORMAT clause, the statement kind
// and a second statement (which ClickHouse's HTTP interface refuses and chDB would run).

interface SqlShape {
  /** The first two words, upper-cased ('' when absent). */
  readonly words: readonly [string, string];
  /** Placeholder name → declared type, e.g. `ids` → `Array(String)`. */
  readonly placeholders: ReadonlyMap<string, string>;
  /** The output format named by a trailing FORMAT clause, for non-INSERT statements. */
  readonly format: string | undefined;
  /** Offset of a `;` that is followed by another statement. */
  readonly secondStatementAt: number | undefined;
}

const PLACEHOLDER_HEAD = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*/y;

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

/** Skips whitespace and comments from `start`; returns the next significant offset. */
function skipInsignificant(sql: string, start: number): number {
  let i = start;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (/\s/.test(c)) i += 1;
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else break;
  }
  return i;
}

/** Reads `{name:Type}` at `start`; undefined when the brace opens something else. */
function readPlaceholder(
  sql: string,
  start: number,
): { name: string; type: string; end: number } | undefined {
  PLACEHOLDER_HEAD.lastIndex = start;
  const head = PLACEHOLDER_HEAD.exec(sql);
  if (head?.[1] === undefined) return undefined;
  let depth = 0;
  let i = PLACEHOLDER_HEAD.lastIndex;
  const typeStart = i;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(sql, i, c);
      continue;
    }
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === '}' && depth === 0) {
      return { name: head[1], type: sql.slice(typeStart, i).trim(), end: i + 1 };
    }
    i += 1;
  }
  return undefined;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

function scanSql(sql: string): SqlShape {
  const words: string[] = [];
  const placeholders = new Map<string, string>();
  let format: string | undefined;
  let previousWord = '';
  let i = 0;
  const shape = (secondStatementAt?: number): SqlShape => ({
    words: [words[0] ?? '', words[1] ?? ''],
    placeholders,
    format,
    secondStatementAt,
  });
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(sql, i, c);
    } else if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) {
      i = skipInsignificant(sql, i);
    } else if (c === '{') {
      const placeholder = readPlaceholder(sql, i);
      if (placeholder === undefined) i += 1;
      else {
        if (!placeholders.has(placeholder.name)) {
          placeholders.set(placeholder.name, placeholder.type);
        }
        i = placeholder.end;
      }
    } else if (c === ';') {
      let j = i + 1;
      while (j < sql.length) {
        const next = skipInsignificant(sql, j);
        if (sql[next] === ';') j = next + 1;
        else {
          j = next;
          break;
        }
      }
      return shape(j < sql.length ? i : undefined);
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const word = (WORD.exec(sql)?.[0] ?? c).toUpperCase();
      i = WORD.lastIndex;
      if (words.length < 2) words.push(word);
      const isInsert = words[0] === 'INSERT';
      if (word === 'FORMAT') {
        const nameAt = skipInsignificant(sql, i);
        WORD.lastIndex = nameAt;
        const name = nameAt > i ? WORD.exec(sql)?.[0] : undefined;
        if (name !== undefined) {
          // Everything after an INSERT's FORMAT name is data, never SQL.
          if (isInsert) return shape();
          const after = sql.slice(WORD.lastIndex);
          if (/^\s*(;[\s;]*)?$/.test(after) || /^\s+SETTINGS\b/i.test(after)) format = name;
        }
      } else if (isInsert && word === 'VALUES' && previousWord !== 'FROM') {
        return shape();
      }
      previousWord = word;
    } else {
      i += 1;
    }
  }
  return shape();
}

// ---------------------------------------------------------------------------------------
// Query parameters. The client sends each `param_<name>` already formatted the way the
// server's binder reads it: scalars TSV-escaped, composites as literals whose nested strings
// are quoted. chDB's public bind API takes JS values and TSV-escapes strings itself, so a
// value is decoded into the string whose re-escaping reaches the engine with the same
// meaning. (The engine reads scalars TSV-unescaped, but Array/Tuple/Map and Identifier
// verbatim.) The few values with no such string are refused with BAD_QUERY_PARAMETER.

type Transport = 'escaped' | 'verbatim';

const TSV_SPECIAL = /[\\\0\b\f\n\r\t]/;
const VERBATIM_TYPES =
  /^(Array|Tuple|Map|Nested|Point|Ring|LineString|MultiLineString|Polygon|MultiPolygon|Identifier)\b/i;

function transportOf(type: string): Transport {
  let inner = type.trim();
  for (;;) {
    const wrapped = /^(?:Nullable|LowCardinality)\s*\((.*)\)$/is.exec(inner);
    if (wrapped?.[1] === undefined) break;
    inner = wrapped[1].trim();
  }
  return VERBATIM_TYPES.test(inner) ? 'verbatim' : 'escaped';
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  e: 0x1b,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '0': 0x00,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '`': 0x60,
  '/': 0x2f,
};

function unrepresentable(name: string, why: string): ServerError {
  return new ServerError(
    457,
    'BAD_QUERY_PARAMETER',
    `Value for query parameter '${name}' ${why}; the chdb-http-server test fixture cannot ` +
      `pass it to chDB's bind API with the same meaning`,
  );
}

/** Reads one backslash escape at `at` (pointing at the backslash) as a byte. */
function escapeByte(value: string, at: number): { byte: number; end: number } | undefined {
  const next = value[at + 1];
  if (next === undefined) return undefined;
  if (next === 'x') {
    const hex = value.slice(at + 2, at + 4);
    return /^[0-9A-Fa-f]{2}$/.test(hex) ? { byte: parseInt(hex, 16), end: at + 4 } : undefined;
  }
  const byte = SIMPLE_ESCAPES[next];
  return byte === undefined ? undefined : { byte, end: at + 2 };
}

/** The engine's TSV reading of a scalar parameter, as a JS string. */
function unescapeScalar(name: string, value: string): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < value.length) {
    const slash = value.indexOf('\\', i);
    if (slash === -1) {
      parts.push(Buffer.from(value.slice(i), 'utf8'));
      break;
    }
    parts.push(Buffer.from(value.slice(i, slash), 'utf8'));
    const escaped = escapeByte(value, slash);
    if (escaped !== undefined) {
      parts.push(Buffer.from([escaped.byte]));
      i = escaped.end;
    } else if (
      value[slash + 1] === undefined ||
      value[slash + 1] === 'N' ||
      value[slash + 1] === 'x'
    ) {
      throw unrepresentable(name, 'holds an escape sequence the engine reads irregularly');
    } else {
      // The engine keeps an unknown escape as written, backslash included.
      parts.push(Buffer.from(value.slice(slash, slash + 2), 'utf8'));
      i = slash + 2;
    }
  }
  const bytes = Buffer.concat(parts);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw unrepresentable(name, 'decodes to bytes that are not UTF-8');
  }
  return text;
}

/**
 * Rewrites a composite literal so that it holds no backslash, keeping its meaning: inside
 * quoted strings `\'` becomes `''` and control-character escapes become the raw characters
 * (chDB escapes those again and the engine reads them back). A literal backslash inside a
 * nested string has no backslash-free spelling, so it cannot be passed.
 */
function requoteComposite(name: string, value: string): string {
  let out = '';
  let inString = false;
  let i = 0;
  while (i < value.length) {
    const c = value[i] ?? '';
    if (!inString) {
      if (c === '\\' || TSV_SPECIAL.test(c)) {
        throw unrepresentable(name, 'has an escape outside a quoted string');
      }
      if (c === "'") inString = true;
      out += c;
      i += 1;
      continue;
    }
    if (c === "'") {
      if (value[i + 1] === "'") {
        out += "''";
        i += 2;
      } else {
        inString = false;
        out += c;
        i += 1;
      }
      continue;
    }
    if (c !== '\\') {
      out += c;
      i += 1;
      continue;
    }
    const escaped = escapeByte(value, i);
    if (escaped === undefined || escaped.byte === 0x5c || escaped.byte >= 0x80) {
      throw unrepresentable(name, 'has a backslash inside a nested string');
    }
    out += escaped.byte === 0x27 ? "''" : String.fromCharCode(escaped.byte);
    i = escaped.end;
  }
  return out;
}

function decodeParam(name: string, value: string, type: string | undefined): string | null {
  // The TSV NULL marker: chDB formats a JS null as exactly these bytes.
  if (value === '\\N') return null;
  // Nothing chDB would escape: the bytes reach the engine unchanged.
  if (!TSV_SPECIAL.test(value)) return value;
  const transport = type === undefined ? 'escaped' : transportOf(type);
  return transport === 'escaped' ? unescapeScalar(name, value) : requoteComposite(name, value);
}

// ---------------------------------------------------------------------------------------
// Requests.

// URL parameters the HTTP layer consumes; every other one is a setting for this query only.
const HTTP_LAYER_PARAMS = new Set([
  'query',
  'database',
  'query_id',
  'default_format',
  'session_id',
  'session_timeout',
  'session_check',
  'role',
  'user',
  'password',
  'quota_key',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'http_wait_end_of_query',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_native_compression_disable_checksumming_on_decompress',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'send_progress_in_http_headers',
  'http_write_exception_in_output_format',
  'add_http_cors_header',
  'cancel_http_readonly_queries_on_client_close',
  'stacktrace',
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface ParsedRequest {
  readonly sql: string;
  /** Insert data sent apart from the statement (the `query` parameter carried the SQL). */
  readonly data: Buffer | undefined;
  readonly database: string;
  readonly queryId: string;
  readonly defaultFormat: string;
  readonly params: ReadonlyMap<string, string>;
  readonly settings: ReadonlyArray<readonly [string, string]>;
}

function credentialsOf(req: IncomingMessage, url: URL): { user: string; password: string } {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1
      ? { user: decoded, password: '' }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const headerUser = req.headers['x-clickhouse-user'];
  if (typeof headerUser === 'string') {
    const key = req.headers['x-clickhouse-key'];
    return { user: headerUser, password: typeof key === 'string' ? key : '' };
  }
  return {
    user: url.searchParams.get('user') ?? 'default',
    password: url.searchParams.get('password') ?? '',
  };
}

function decompressorFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    await pipeline(req, sink);
  } else {
    const decompressor = decompressorFor(encoding);
    if (decompressor === undefined) {
      req.resume();
      throw new ServerError(
        48,
        'NOT_IMPLEMENTED',
        `Request body Content-Encoding '${encoding}' is not supported by the chdb-http-server test fixture (gzip, deflate, br are)`,
      );
    }
    await pipeline(req, decompressor, sink).catch((error: unknown) => {
      throw new ServerError(
        354,
        'CANNOT_DECOMPRESS',
        `Cannot decompress the request body: ${String(error)}`,
      );
    });
  }
  return Buffer.concat(chunks);
}

/** The `query` and `param_*` parts of a multipart/form-data body (the client's big params). */
function multipartFields(body: Buffer, contentType: string): Map<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  const fields = new Map<string, string>();
  if (marker === undefined) return fields;
  const text = body.toString('utf8');
  for (const part of text.split(`--${marker}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
    if (name === undefined) continue;
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    fields.set(name, value);
  }
  return fields;
}

function parseRequest(req: IncomingMessage, url: URL, body: Buffer): ParsedRequest {
  const search = url.searchParams;
  if (search.get('session_id')) {
    throw new ServerError(
      48,
      'NOT_IMPLEMENTED',
      'HTTP sessions (session_id) are not implemented by the chdb-http-server test fixture',
    );
  }
  if (search.get('compress') === '1' || search.get('decompress') === '1') {
    throw new ServerError(
      48,
      'NOT_IMPLEMENTED',
      "ClickHouse's native HTTP compression (compress/decompress) is not implemented by the chdb-http-server test fixture",
    );
  }
  const params = new Map<string, string>();
  const settings = new Map<string, string>();
  for (const [key, value] of search) {
    if (key.startsWith('param_')) params.set(key.slice('param_'.length), value);
    else if (!HTTP_LAYER_PARAMS.has(key)) settings.set(key, value);
  }
  // GET is read-only on a real server unless the client asked for something else.
  if (req.method === 'GET' && !settings.has('readonly')) settings.set('readonly', '2');

  let sql: string;
  let data: Buffer | undefined;
  const contentType = req.headers['content-type'] ?? '';
  const queryParam = search.get('query');
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const fields = multipartFields(body, contentType);
    for (const [key, value] of fields) {
      if (key.startsWith('param_')) params.set(key.slice('param_'.length), value);
    }
    sql = [queryParam, fields.get('query')].filter((s) => s !== null && s !== undefined).join('\n');
  } else if (queryParam !== null) {
    sql = queryParam;
    data = body.length > 0 ? body : undefined;
  } else {
    sql = body.toString('utf8');
  }
  if (sql.trim() === '') {
    throw new ServerError(62, 'SYNTAX_ERROR', 'Empty query');
  }
  const headerFormat = req.headers['x-clickhouse-format'];
  const headerDatabase = req.headers['x-clickhouse-database'];
  return {
    sql,
    data,
    database:
      search.get('database') ?? (typeof headerDatabase === 'string' ? headerDatabase : 'default'),
    queryId: search.get('query_id') || randomUUID(),
    defaultFormat:
      search.get('default_format') ??
      (typeof headerFormat === 'string' ? headerFormat : 'TabSeparated'),
    params,
    settings: [...settings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

// ---------------------------------------------------------------------------------------
// chDB sessions. A real server gives every request a fresh context: its database and its
// settings, nothing left over from earlier requests. A chDB session keeps USE and SET for
// its lifetime, so sessions are pooled by (database, settings) and configured once when
// opened; a request that changes a session's state (USE, SET) retires it afterwards.

function quoteIdentifier(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

function quoteString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

class SessionPool {
  private readonly idle = new Map<string, Session[]>();
  private readonly open = new Set<Session>();
  private static readonly IDLE_PER_KEY = 4;

  constructor(private readonly dataDir: string) {}

  async acquire(
    database: string,
    settings: ReadonlyArray<readonly [string, string]>,
  ): Promise<{ session: Session; key: string }> {
    const key = JSON.stringify([database, settings]);
    const reused = this.idle.get(key)?.pop();
    if (reused !== undefined) return { session: reused, key };
    const session = new Session(this.dataDir);
    this.open.add(session);
    try {
      for (const [name] of settings) {
        if (!SETTING_NAME.test(name)) {
          throw new ServerError(115, 'UNKNOWN_SETTING', `Unknown setting '${name}'`);
        }
      }
      await session.queryAsync(`USE ${quoteIdentifier(database)}`);
      if (settings.length > 0) {
        const assignments = settings.map(([name, value]) => `${name} = ${quoteString(value)}`);
        // readonly last: it would forbid the SET of anything after it.
        assignments.sort(
          (a, b) => Number(a.startsWith('readonly ')) - Number(b.startsWith('readonly ')),
        );
        await session.queryAsync(`SET ${assignments.join(', ')}`);
      }
    } catch (error) {
      this.retire(session);
      throw error;
    }
    return { session, key };
  }

  release(lease: { session: Session; key: string }, reusable: boolean): void {
    const list = this.idle.get(lease.key) ?? [];
    if (!reusable || list.length >= SessionPool.IDLE_PER_KEY) {
      this.retire(lease.session);
      return;
    }
    list.push(lease.session);
    this.idle.set(lease.key, list);
  }

  /** After DROP DATABASE and the like, so that USE is checked again by the next request. */
  retireIdle(): void {
    for (const list of this.idle.values()) for (const session of list) this.retire(session);
    this.idle.clear();
  }

  async closeAll(): Promise<void> {
    this.idle.clear();
    for (const session of this.open) session.close();
    this.open.clear();
    // A closed session defers its native teardown behind running work; wait for it, so that
    // the process may open another data directory afterwards.
    await drainPending();
  }

  private retire(session: Session): void {
    this.open.delete(session);
    session.close();
  }
}

// ---------------------------------------------------------------------------------------
// Responses.

const RAW_INSERT_FORMATS: ReadonlySet<string> = new Set<RawInsertFormat>([
  'JSONEachRow',
  'JSONCompactEachRow',
  'TSV',
  'TabSeparated',
  'TSVWithNames',
  'TabSeparatedWithNames',
  'CSV',
  'CSVWithNames',
]);

function isRawInsertFormat(format: string): format is RawInsertFormat {
  return RAW_INSERT_FORMATS.has(format);
}

// The shape @clickhouse/client's insert() emits; anything else goes through plain SQL.
const SIMPLE_INSERT =
  /^\s*INSERT\s+INTO\s+(?:TABLE\s+)?([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\s*(?:\(\s*([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)\s*\))?\s*FORMAT\s+([A-Za-z]+)\s*;?\s*$/i;

function contentTypeFor(format: string): string {
  const f = format.toLowerCase();
  if (f === 'jsoneachrow' || f === 'ndjson' || f === 'jsonlines') {
    return 'application/x-ndjson; charset=UTF-8';
  }
  if (f.startsWith('json')) return 'application/json; charset=UTF-8';
  if (f.startsWith('tsv') || f.startsWith('tabseparated')) {
    return 'text/tab-separated-values; charset=UTF-8';
  }
  if (f.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (/^(rowbinary|native|parquet|arrow|orc|avro|protobuf|capnproto|msgpack|bson|npy)/.test(f)) {
    return 'application/octet-stream';
  }
  return 'text/plain; charset=UTF-8';
}

interface Summary {
  readRows: number;
  readBytes: number;
  writtenRows: number;
  writtenBytes: number;
  resultBytes: number;
  elapsedSeconds: number;
}

function summaryHeader(s: Summary): string {
  return JSON.stringify({
    read_rows: String(s.readRows),
    read_bytes: String(s.readBytes),
    written_rows: String(s.writtenRows),
    written_bytes: String(s.writtenBytes),
    total_rows_to_read: '0',
    // chDB reports rows read, not rows returned.
    result_rows: '0',
    result_bytes: String(s.resultBytes),
    elapsed_ns: String(Math.max(0, Math.round(s.elapsedSeconds * 1e9))),
  });
}

const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
const brotli = promisify(zlib.brotliCompress);

/** Honours `enable_http_compression=1` with the first codec the client accepts. */
async function encodeBody(
  body: Buffer,
  req: IncomingMessage,
  url: URL,
): Promise<{ body: Buffer; encoding: string | undefined }> {
  if (url.searchParams.get('enable_http_compression') !== '1' || body.length === 0) {
    return { body, encoding: undefined };
  }
  const accepted = (req.headers['accept-encoding'] ?? '')
    .split(',')
    .map((s) => s.split(';')[0]?.trim().toLowerCase());
  const requested = Number(url.searchParams.get('http_zlib_compression_level') ?? 3);
  const level = Number.isInteger(requested) ? Math.min(9, Math.max(1, requested)) : 3;
  if (accepted.includes('gzip')) return { body: await gzip(body, { level }), encoding: 'gzip' };
  if (accepted.includes('br')) return { body: await brotli(body), encoding: 'br' };
  if (accepted.includes('deflate')) {
    return { body: await deflate(body, { level }), encoding: 'deflate' };
  }
  return { body, encoding: undefined };
}

function sendError(
  res: ServerResponse,
  error: ServerError,
  queryId: string | undefined,
  timezone: string,
): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(error.toClickHouseText(), 'utf8');
  res.writeHead(httpStatusFor(error.type), {
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Length': body.length,
    'X-ClickHouse-Exception-Code': String(error.code),
    'X-ClickHouse-Server-Display-Name': 'chdb-http-server',
    'X-ClickHouse-Timezone': timezone,
    ...(queryId === undefined ? {} : { 'X-ClickHouse-Query-Id': queryId }),
  });
  res.end(body);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

// ---------------------------------------------------------------------------------------
// The server.

export async function startChdbHttpServer(options: ChdbHttpServerOptions): Promise<ChdbHttpServer> {
  const dataDir = resolvePath(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const pool = new SessionPool(dataDir);
  const counters = { queries: 0, inserts: 0 };
  const inflight = new Set<Promise<void>>();
  let timezone = 'UTC';

  // Opening the first session here surfaces a bad data directory at start, not per request.
  const probe = await pool.acquire('default', []);
  try {
    timezone = (await probe.session.queryAsync('SELECT timezone()', { format: 'TSV' }))
      .text()
      .trim();
  } finally {
    pool.release(probe, true);
  }

  async function execute(
    parsed: ParsedRequest,
    shape: SqlShape,
  ): Promise<{ body: Buffer; summary: Summary }> {
    if (shape.secondStatementAt !== undefined) {
      throw new ServerError(
        62,
        'SYNTAX_ERROR',
        `Syntax error (Multi-statements are not allowed): failed at position ${shape.secondStatementAt + 1}: ${parsed.sql.slice(shape.secondStatementAt, shape.secondStatementAt + 40)}`,
      );
    }
    const [first, second] = shape.words;
    const isInsert = first === 'INSERT';
    counters.queries += 1;
    if (isInsert) counters.inserts += 1;

    const bound: Record<string, string | null> = {};
    for (const [name, value] of parsed.params) {
      bound[name] = decodeParam(name, value, shape.placeholders.get(name));
    }
    const hasParams = parsed.params.size > 0;

    // An INSERT whose data came apart from its SQL and holds no rows is a no-op on a server;
    // chDB would refuse it with NO_DATA_TO_INSERT.
    if (isInsert && parsed.data !== undefined && isBlank(parsed.data)) {
      return { body: Buffer.alloc(0), summary: emptySummary() };
    }

    const lease = await pool.acquire(parsed.database, parsed.settings);
    let reusable = first !== 'USE' && first !== 'SET';
    try {
      const simple =
        isInsert && parsed.data !== undefined && !hasParams ? SIMPLE_INSERT.exec(parsed.sql) : null;
      const simpleFormat = simple?.[3];
      if (
        simple?.[1] !== undefined &&
        simpleFormat !== undefined &&
        parsed.data !== undefined &&
        isRawInsertFormat(simpleFormat)
      ) {
        // chDB's raw insert takes the bytes as they are and reports the rows written.
        const columns = simple[2]?.split(',').map((c) => c.trim());
        const written = await lease.session.insert({
          table: simple[1],
          values: parsed.data,
          format: simpleFormat,
          ...(columns === undefined ? {} : { columns }),
        });
        return {
          body: Buffer.alloc(0),
          summary: {
            readRows: written.rowsWritten,
            readBytes: written.bytesWritten,
            writtenRows: written.rowsWritten,
            writtenBytes: written.bytesWritten,
            resultBytes: 0,
            elapsedSeconds: written.elapsed,
          },
        };
      }
      let statement = parsed.sql;
      if (parsed.data !== undefined) {
        let text: string;
        try {
          text = utf8Strict.decode(parsed.data);
        } catch {
          throw new ServerError(
            48,
            'NOT_IMPLEMENTED',
            'The chdb-http-server test fixture passes insert data to chDB as text; binary formats are not supported',
          );
        }
        statement = `${parsed.sql}\n${text}`;
      }
      const queryOptions = { format: parsed.defaultFormat };
      const result: ChdbResult = hasParams
        ? await lease.session.queryBindAsync(statement, bound, queryOptions)
        : await lease.session.queryAsync(statement, queryOptions);
      const bytes = result.bytes();
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (['DROP', 'RENAME', 'DETACH'].includes(first) && second === 'DATABASE') pool.retireIdle();
      return {
        body,
        summary: {
          readRows: result.rowsRead,
          readBytes: result.bytesRead,
          writtenRows: 0,
          writtenBytes: 0,
          resultBytes: body.length,
          elapsedSeconds: result.elapsed,
        },
      };
    } catch (error) {
      // A failed request may have left the session anywhere; a fresh one costs little.
      reusable = false;
      throw error;
    } finally {
      pool.release(lease, reusable);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let queryId: string | undefined;
    try {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const path = url.pathname;
      if (
        path === '/ping' ||
        path === '/replicas_status' ||
        (path === '/' && req.method === 'GET' && !url.searchParams.has('query'))
      ) {
        req.resume();
        res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': 4 });
        res.end(req.method === 'HEAD' ? undefined : 'Ok.\n');
        return;
      }
      if (path !== '/') {
        req.resume();
        const body = `There is no handle ${path}\n\nUse / or /ping for health checks.\n`;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' });
        res.end(body);
        return;
      }
      const { user, password } = credentialsOf(req, url);
      if (options.users !== undefined && options.users[user] !== password) {
        req.resume();
        throw new ServerError(
          516,
          'AUTHENTICATION_FAILED',
          `${user}: Authentication failed: password is incorrect, or there is no user with such name`,
        );
      }
      const body = await readBody(req);
      const parsed = parseRequest(req, url, body);
      queryId = parsed.queryId;
      const shape = scanSql(parsed.sql);
      const outcome = await execute(parsed, shape);
      if (res.destroyed) return;
      const format =
        shape.words[0] === 'INSERT' ? parsed.defaultFormat : (shape.format ?? parsed.defaultFormat);
      const encoded = await encodeBody(outcome.body, req, url);
      res.writeHead(200, {
        'Content-Type': contentTypeFor(format),
        'Content-Length': encoded.body.length,
        'X-ClickHouse-Query-Id': parsed.queryId,
        'X-ClickHouse-Format': format,
        'X-ClickHouse-Timezone': timezone,
        'X-ClickHouse-Server-Display-Name': 'chdb-http-server',
        'X-ClickHouse-Summary': summaryHeader(outcome.summary),
        ...(encoded.encoding === undefined ? {} : { 'Content-Encoding': encoded.encoding }),
      });
      res.end(encoded.body);
    } catch (error) {
      sendError(res, toServerError(error), queryId, timezone);
    }
  }

  // --- listening, pausing, stopping -----------------------------------------------------

  let server: Server | undefined;
  let port = options.port ?? 0;
  const sockets = new Set<Socket>();
  let stopped = false;

  async function listen(): Promise<void> {
    const next = createServer((req, res) => {
      const task = handle(req, res).finally(() => inflight.delete(task));
      inflight.add(task);
    });
    // Longer than the client's idle socket TTL (2.5 s by default), as ClickHouse's is, so the
    // client never picks a kept-alive socket that this server is about to close.
    next.keepAliveTimeout = 10_000;
    next.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, host, () => {
        next.off('error', reject);
        resolve();
      });
    });
    const address = next.address();
    if (address !== null && typeof address === 'object') port = address.port;
    server = next;
  }

  async function closeListener(): Promise<void> {
    const current = server;
    server = undefined;
    if (current === undefined) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  }

  try {
    await listen();
  } catch (error) {
    await pool.closeAll();
    throw error;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    get url() {
      return `http://${urlHost}:${port}`;
    },
    get port() {
      return port;
    },
    async pause() {
      await closeListener();
    },
    async resume() {
      if (stopped) throw new Error('chdb-http-server: resume() after stop()');
      if (server === undefined) await listen();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await closeListener();
      await Promise.allSettled([...inflight]);
      await pool.closeAll();
    },
    stats() {
      return { ...counters };
    },
  };
}

function isBlank(data: Buffer): boolean {
  for (const byte of data) {
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

function emptySummary(): Summary {
  return {
    readRows: 0,
    readBytes: 0,
    writtenRows: 0,
    writtenBytes: 0,
    resultBytes: 0,
    elapsedSeconds: 0,
  };
}

// ---------------------------------------------------------------------------------------
// As its own process: `node testkit/bin/chdb-http-server-process.js --data-dir D
// [--port P] [--host H]` prints `CLICKHOUSE_URL=…` once listening. SIGTERM/SIGINT stop it;
// SIGUSR1 pauses and SIGUSR2 resumes (printing PAUSED / RESUMED), for outage tests that
// span processes.

/** The launcher to give `node` for a server in a process of its own (see `main`). */
export const CHDB_HTTP_SERVER_SCRIPT = resolvePath(
  __dirname,
  '..',
  'bin',
  'chdb-http-server-process.js',
);

function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

export async function main(argv: readonly string[]): Promise<void> {
  const dataDir = argValue(argv, '--data-dir');
  if (dataDir === undefined) {
    throw new Error('usage: chdb-http-server --data-dir DIR [--port PORT] [--host HOST]');
  }
  const portArg = argValue(argv, '--port');
  const host = argValue(argv, '--host');
  const server = await startChdbHttpServer({
    dataDir,
    ...(portArg === undefined ? {} : { port: Number(portArg) }),
    ...(host === undefined ? {} : { host }),
  });
  process.stdout.write(`CLICKHOUSE_URL=${server.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGUSR1', () => {
    void server.pause().then(() => process.stdout.write('PAUSED\n'));
  });
  process.on('SIGUSR2', () => {
    void server.resume().then(() => process.stdout.write(`RESUMED ${server.url}\n`));
  });
  // An orphaned fixture would hold its port and data directory until someone noticed.
  const parent = process.ppid;
  // Also what keeps this process alive while paused, when nothing listens.
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
