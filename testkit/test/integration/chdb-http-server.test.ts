import {
  ClickHouseError,
  ClickHouseLogLevel,
  TupleParam,
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
} from '@clickhouse/client';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import { createClickHouse, loadMigrations, migrate, toStorageError } from '@tickstream/core';
import {
  CHDB_HTTP_SERVER_SCRIPT,
  startChdbHttpServer,
  uniqueName,
  type ChdbHttpServer,
} from '../../src';

// chDB binds one data directory per process while a session is open: every server in this
// file shares it, and each test works in a database of its own.
const dataDir = mkdtempSync(join(tmpdir(), `tickstream-chdb-http-${process.pid}-`));
let server: ChdbHttpServer;
const openClients: ClickHouseClient[] = [];

function client(config: ClickHouseClientConfigOptions = {}): ClickHouseClient {
  const c = createClient({
    url: server.url,
    // Failed requests are the point of several tests; the client would log each one.
    log: { level: ClickHouseLogLevel.OFF },
    ...config,
  });
  openClients.push(c);
  return c;
}

async function freshDatabase(prefix: string): Promise<string> {
  const database = uniqueName(prefix);
  await client().command({
    query: 'CREATE DATABASE {db:Identifier}',
    query_params: { db: database },
  });
  return database;
}

async function rows<T>(
  c: ClickHouseClient,
  query: string,
  query_params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await c.query({ query, query_params, format: 'JSONEachRow' });
  return result.json<T>();
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  server = await startChdbHttpServer({ dataDir });
});

afterEach(async () => {
  await Promise.all(openClients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the chDB HTTP server test fixture', () => {
  it('answers /ping, and the client pings it with and without a SELECT', async () => {
    const response = await fetch(`${server.url}/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Ok.\n');
    const c = client();
    await expect(c.ping()).resolves.toEqual({ success: true });
    await expect(c.ping({ select: true })).resolves.toEqual({ success: true });
  });

  it('creates a database and a table, and reads back the JSONEachRow rows inserted into it', async () => {
    const database = await freshDatabase('rows');
    const c = client({ database });
    await c.command({
      query:
        'CREATE TABLE trades (id UInt32, symbol String, price Float64) ENGINE = MergeTree ORDER BY id',
    });
    const inserted = await c.insert({
      table: 'trades',
      format: 'JSONEachRow',
      values: [
        { id: 1, symbol: 'BTCUSDT', price: 65000.5 },
        { id: 2, symbol: 'ETHUSDT', price: 3400.25 },
      ],
    });
    expect(inserted.summary?.written_rows).toBe('2');
    expect(inserted.query_id).toEqual(expect.any(String));
    const result = await c.query({
      query: 'SELECT id, symbol, price FROM trades ORDER BY id',
      format: 'JSONEachRow',
    });
    expect(result.response_headers['x-clickhouse-format']).toBe('JSONEachRow');
    expect(result.response_headers['x-clickhouse-query-id']).toBe(result.query_id);
    expect(await result.json()).toEqual([
      { id: 1, symbol: 'BTCUSDT', price: 65000.5 },
      { id: 2, symbol: 'ETHUSDT', price: 3400.25 },
    ]);
    const [where] = await rows<{ db: string }>(c, 'SELECT currentDatabase() AS db');
    expect(where?.db).toBe(database);
  });

  it('binds {name:Type} parameters in the engine, so hostile strings stay values', async () => {
    const database = await freshDatabase('params');
    const c = client({ database });
    await c.command({
      query: 'CREATE TABLE notes (id UInt32, text String) ENGINE = MergeTree ORDER BY id',
    });
    const hostile = [
      "x'); DROP TABLE notes; --",
      "' OR 1=1 --",
      '{id:UInt32}',
      "\\'; SELECT 1",
      'multi\nline\ttext "quoted"\r',
      'back\\slash \\N \\x41 ünïcødé',
      '',
    ];
    for (const [id, text] of hostile.entries()) {
      await c.command({
        query: 'INSERT INTO notes SELECT {id:UInt32}, {text:String}',
        query_params: { id, text },
      });
    }
    const stored = await rows<{ text: string }>(c, 'SELECT text FROM notes ORDER BY id');
    expect(stored.map((r) => r.text)).toEqual(hostile);
    const [matched] = await rows<{ n: string }>(
      c,
      'SELECT count() AS n FROM notes WHERE text = {t:String}',
      { t: "' OR 1=1 --" },
    );
    expect(Number(matched?.n)).toBe(1);

    const [composite] = await rows<{
      texts: string[];
      pair: [string, number];
      tags: Record<string, string>;
      maybe: string | null;
      label: string;
    }>(
      c,
      'SELECT {texts:Array(String)} AS texts, {pair:Tuple(String, UInt8)} AS pair, ' +
        '{tags:Map(String, String)} AS tags, {maybe:Nullable(String)} AS maybe, ' +
        '{label:LowCardinality(String)} AS label',
      {
        texts: ["it's", "x'); DROP TABLE notes; --", 'tab\there', 'new\nline'],
        pair: new TupleParam(["o'clock", 7]),
        tags: { "k'ey": "va'lue" },
        maybe: null,
        label: "l'\\abel",
      },
    );
    expect(composite).toEqual({
      texts: ["it's", "x'); DROP TABLE notes; --", 'tab\there', 'new\nline'],
      pair: ["o'clock", 7],
      tags: { "k'ey": "va'lue" },
      maybe: null,
      label: "l'\\abel",
    });

    const matchedAny = await rows<{ id: number }>(
      c,
      'SELECT id FROM notes WHERE text IN {texts:Array(String)} ORDER BY id',
      { texts: ["' OR 1=1 --", '{id:UInt32}'] },
    );
    expect(matchedAny.map((r) => r.id)).toEqual([1, 2]);
  });

  it('refuses, rather than alters, a backslash nested inside an array parameter', async () => {
    const error = await failure(
      client().query({
        query: 'SELECT {texts:Array(String)} AS texts',
        query_params: { texts: ['back\\slash'] },
      }),
    );
    expect(error).toBeInstanceOf(ClickHouseError);
    expect(error).toMatchObject({ code: '457', type: 'BAD_QUERY_PARAMETER' });
  });

  it('round-trips millisecond timestamps through DateTime64(3) exactly', async () => {
    const database = await freshDatabase('times');
    const c = client({ database });
    await c.command({
      query: "CREATE TABLE times (t DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY t",
    });
    const times = [0, 1_721_347_022_700, 1_721_347_022_701, 1_795_534_723_993];
    await c.insert({ table: 'times', format: 'JSONEachRow', values: times.map((t) => ({ t })) });
    const back = await rows<{ ms: string }>(
      c,
      'SELECT toUnixTimestamp64Milli(t) AS ms FROM times ORDER BY t',
    );
    expect(back.map((r) => Number(r.ms))).toEqual(times);
    const [viaParam] = await rows<{ ms: string | number; text: string }>(
      c,
      "SELECT toUnixTimestamp64Milli({t:DateTime64(3, 'UTC')}) AS ms, toString({t:DateTime64(3, 'UTC')}) AS text",
      { t: new Date(1_721_347_022_701) },
    );
    // 64-bit integers come quoted or not depending on the engine version's defaults.
    expect(Number(viaParam?.ms)).toBe(1_721_347_022_701);
    expect(viaParam?.text).toBe('2024-07-18 23:57:02.701');
    const [between] = await rows<{ n: string }>(
      c,
      "SELECT count() AS n FROM times WHERE t BETWEEN {from:DateTime64(3, 'UTC')} AND {to:DateTime64(3, 'UTC')}",
      { from: new Date(1_721_347_022_700), to: new Date(1_721_347_022_701) },
    );
    expect(Number(between?.n)).toBe(2);
  });

  it('runs commands and exec with a streamed body, with compressed requests and responses', async () => {
    const database = await freshDatabase('exec');
    const c = client({ database, compression: { request: true, response: true } });
    const created = await c.command({
      query: 'CREATE TABLE kv (k String, v UInt64) ENGINE = MergeTree ORDER BY k',
    });
    expect(created.query_id).toEqual(expect.any(String));
    await c.exec({
      query: 'INSERT INTO kv FORMAT CSV',
      values: Readable.from(['a,1\n', 'b,2\n', '"c,with comma",3\n']),
    });
    await c.insert({
      table: 'kv',
      format: 'JSONCompactEachRow',
      values: Array.from({ length: 500 }, (_, i) => [`bulk${i}`, i]),
    });
    await c.command({ query: "INSERT INTO kv VALUES ('semi;colon', 4)" });
    const exec = await c.exec({ query: 'SELECT k, v FROM kv WHERE v < 5 ORDER BY k FORMAT CSV' });
    let text = '';
    for await (const chunk of exec.stream) text += String(chunk);
    expect(text).toContain('"c,with comma",3\n');
    expect(text).toContain('"semi;colon",4\n');
    const [total] = await rows<{ n: string }>(c, 'SELECT count() AS n FROM kv');
    expect(Number(total?.n)).toBe(504);

    const compressed = await fetch(`${server.url}/?enable_http_compression=1`, {
      method: 'POST',
      body: 'SELECT 1 AS one FORMAT JSONEachRow',
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(await compressed.json()).toEqual({ one: 1 });
  });

  it('reports engine errors as a ClickHouseError with the ClickHouse code and type', async () => {
    const c = client();
    const unknownTable = await failure(c.query({ query: 'SELECT * FROM no_such_table' }));
    expect(unknownTable).toBeInstanceOf(ClickHouseError);
    expect(unknownTable).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect(toStorageError(unknownTable, 'reading')).toMatchObject({
      code: 'UNKNOWN_TABLE',
      clickhouseCode: '60',
      retriable: false,
    });
    await expect(c.command({ query: 'SELEC 1' })).rejects.toMatchObject({
      code: '62',
      type: 'SYNTAX_ERROR',
    });
    await expect(
      c.query({ query: 'SELECT {n:UInt8} AS n', query_params: { n: 'abc' } }),
    ).rejects.toMatchObject({ code: '457', type: 'BAD_QUERY_PARAMETER' });
    await expect(
      c.query({ query: 'SELECT 1', clickhouse_settings: { no_such_setting: 1 } }),
    ).rejects.toMatchObject({ code: '115', type: 'UNKNOWN_SETTING' });
    await expect(
      client({ database: uniqueName('missing') }).query({ query: 'SELECT 1' }),
    ).rejects.toMatchObject({ code: '81', type: 'UNKNOWN_DATABASE' });

    const raw = await fetch(server.url, { method: 'POST', body: 'SELECT * FROM no_such_table' });
    expect(raw.status).toBe(404);
    expect(raw.headers.get('x-clickhouse-exception-code')).toBe('60');
    expect(await raw.text()).toMatch(
      /^Code: 60\. DB::Exception: .*\(UNKNOWN_TABLE\) \(version [\d.]+\)\n$/s,
    );
  });

  it('refuses what it does not implement with NOT_IMPLEMENTED rather than doing something else', async () => {
    const database = await freshDatabase('unsupported');
    await client({ database }).command({
      query: 'CREATE TABLE b (n UInt8) ENGINE = MergeTree ORDER BY n',
    });
    const notImplemented = { code: '48', type: 'NOT_IMPLEMENTED' };
    await expect(
      client({ session_id: 'tests' }).query({ query: 'SELECT 1' }),
    ).rejects.toMatchObject(notImplemented);
    await expect(
      client({ database }).exec({
        query: 'INSERT INTO b FORMAT RowBinary',
        values: Readable.from([Buffer.from([0xff, 0xfe])]),
      }),
    ).rejects.toMatchObject(notImplemented);
    const zstd = await fetch(server.url, {
      method: 'POST',
      body: 'SELECT 1',
      headers: { 'Content-Encoding': 'zstd' },
    });
    expect(zstd.headers.get('x-clickhouse-exception-code')).toBe('48');
  });

  it('refuses two statements in one request, as ClickHouse over HTTP does', async () => {
    const c = client();
    await expect(c.command({ query: 'SELECT 1; SELECT 2' })).rejects.toMatchObject({
      code: '62',
      type: 'SYNTAX_ERROR',
    });
    await expect(c.command({ query: "SELECT ';' AS x; -- trailing comment" })).resolves.toEqual(
      expect.objectContaining({ query_id: expect.any(String) }),
    );
  });

  it("keeps settings to their request: one client's settings never reach another's queries", async () => {
    const iso = client({ clickhouse_settings: { date_time_output_format: 'iso' } });
    const plain = client();
    const query = "SELECT toDateTime64('2024-07-19 00:37:02.701', 3, 'UTC') AS t";
    for (let i = 0; i < 3; i += 1) {
      const [a, b] = await Promise.all([
        rows<{ t: string }>(iso, query),
        rows<{ t: string }>(plain, query),
      ]);
      expect(a[0]?.t).toBe('2024-07-19T00:37:02.701Z');
      expect(b[0]?.t).toBe('2024-07-19 00:37:02.701');
    }
  });

  it('serves two clients on different databases concurrently without mixing them up', async () => {
    const [first, second] = await Promise.all([freshDatabase('left'), freshDatabase('right')]);
    const a = client({ database: first });
    const b = client({ database: second });
    const ddl = 'CREATE TABLE items (n UInt32, owner String) ENGINE = MergeTree ORDER BY n';
    await Promise.all([a.command({ query: ddl }), b.command({ query: ddl })]);
    const work = [];
    for (let n = 0; n < 20; n += 1) {
      work.push(a.insert({ table: 'items', format: 'JSONEachRow', values: [{ n, owner: 'a' }] }));
      work.push(
        b.command({
          query: 'INSERT INTO items SELECT {n:UInt32}, {owner:String}',
          query_params: { n, owner: 'b' },
        }),
      );
      work.push(
        rows(a, 'SELECT currentDatabase() AS db'),
        rows(b, 'SELECT currentDatabase() AS db'),
      );
    }
    const results = await Promise.all(work);
    const databases = results.flatMap((r) => (Array.isArray(r) ? (r as { db: string }[]) : []));
    expect(new Set(databases.map((r) => r.db))).toEqual(new Set([first, second]));
    const owners = async (c: ClickHouseClient) =>
      rows<{ owner: string; n: number }>(
        c,
        'SELECT owner, toUInt32(count()) AS n FROM items GROUP BY owner',
      );
    expect(await owners(a)).toEqual([{ owner: 'a', n: 20 }]);
    expect(await owners(b)).toEqual([{ owner: 'b', n: 20 }]);
  });

  it('gives every request its own context: USE in one request moves no later request', async () => {
    const database = await freshDatabase('use');
    const c = client({ database });
    await c.command({ query: 'USE system' });
    const [where] = await rows<{ db: string }>(c, 'SELECT currentDatabase() AS db');
    expect(where?.db).toBe(database);
  });

  it('takes big parameter sets from a multipart body', async () => {
    const c = client({ use_multipart_params: true });
    const symbols = Array.from({ length: 400 }, (_, i) => `SYM'${i}USDT`);
    const [row] = await rows<{ n: number; last: string }>(
      c,
      'SELECT toUInt32(length({s:Array(String)})) AS n, {s:Array(String)}[-1] AS last',
      { s: symbols },
    );
    expect(row).toEqual({ n: 400, last: "SYM'399USDT" });
  });

  it('refuses connections while paused and serves the same data after resume', async () => {
    const database = await freshDatabase('outage');
    const c = client({ database });
    await c.command({ query: 'CREATE TABLE kept (n UInt32) ENGINE = MergeTree ORDER BY n' });
    await c.insert({ table: 'kept', format: 'JSONEachRow', values: [{ n: 1 }, { n: 2 }] });
    const url = server.url;

    await server.pause();
    // The kept-alive socket was closed under the client, and nothing listens any more.
    for (const probe of [c, client({ database })]) {
      const error = await failure(rows(probe, 'SELECT n FROM kept'));
      expect(['ECONNREFUSED', 'ECONNRESET']).toContain((error as { code?: unknown }).code);
      expect(toStorageError(error, 'reading kept')).toMatchObject({
        code: 'CLICKHOUSE_UNREACHABLE',
        retriable: true,
      });
    }
    await expect(c.ping()).resolves.toMatchObject({ success: false });

    await server.resume();
    expect(server.url).toBe(url);
    expect(await rows<{ n: number }>(c, 'SELECT n FROM kept ORDER BY n')).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });

  it('counts the queries and inserts it ran', async () => {
    const before = server.stats();
    const database = await freshDatabase('stats');
    const c = client({ database });
    await c.command({ query: 'CREATE TABLE s (n UInt32) ENGINE = MergeTree ORDER BY n' });
    await c.insert({ table: 's', format: 'JSONEachRow', values: [{ n: 1 }] });
    await c.query({ query: 'SELECT * FROM s' });
    await c.ping();
    expect(server.stats()).toEqual({
      queries: before.queries + 4,
      inserts: before.inserts + 1,
    });
  });

  it("serves core's ClickHouse factory exactly as it would serve a ClickHouse server", async () => {
    const database = uniqueName('factory');
    const handle = await createClickHouse({ url: server.url, database });
    try {
      expect(handle.kind).toBe('server');
      const { client: c } = handle;
      const [where] = await rows<{ db: string }>(c, 'SELECT currentDatabase() AS db');
      expect(where?.db).toBe(database);
      const migrations = await loadMigrations(MIGRATIONS_DIR);
      expect(await migrate(c, migrations)).toEqual({
        applied: migrations.map((m) => m.version),
        alreadyApplied: [],
      });
      await c.command({
        query: "CREATE TABLE stamps (t DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY t",
      });
      await c.insert({
        table: 'stamps',
        format: 'JSONEachRow',
        values: [{ t: 1_721_347_022_701 }],
      });
      // The factory reads timestamps and 64-bit integers the same way from a server as
      // from chDB, so one code path serves both.
      expect(
        await rows<{ t: string; n: number }>(c, 'SELECT t, toUInt64(5000000000) AS n FROM stamps'),
      ).toEqual([{ t: '2024-07-18 23:57:02.701', n: 5_000_000_000 }]);
    } finally {
      await handle.client.command({
        query: 'DROP DATABASE IF EXISTS {db:Identifier}',
        query_params: { db: database },
      });
      await handle.close();
    }
  });

  it('demands credentials when users are configured', async () => {
    const guarded = await startChdbHttpServer({ dataDir, users: { alice: 's3cret' } });
    const guests: ClickHouseClient[] = [];
    const as = (username: string, password: string) => {
      const c = createClient({
        url: guarded.url,
        username,
        password,
        log: { level: ClickHouseLogLevel.OFF },
      });
      guests.push(c);
      return c;
    };
    try {
      await expect(as('alice', 'wrong').query({ query: 'SELECT 1' })).rejects.toMatchObject({
        code: '516',
        type: 'AUTHENTICATION_FAILED',
      });
      await expect(rows(as('alice', 's3cret'), 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
      const viaHeaders = await fetch(guarded.url, {
        method: 'POST',
        body: 'SELECT 2',
        headers: { 'X-ClickHouse-User': 'alice', 'X-ClickHouse-Key': 's3cret' },
      });
      expect(await viaHeaders.text()).toBe('2\n');
    } finally {
      await Promise.all(guests.map((c) => c.close()));
      await guarded.stop();
    }
  });
});

describe('the chDB HTTP server test fixture as its own process', () => {
  type Child = ChildProcessByStdio<null, Readable, Readable>;

  function nextLine(child: Child, pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const match = pattern.exec(buffered);
        if (match) {
          child.stdout.off('data', onData);
          child.off('exit', onExit);
          resolve(match);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`the fixture exited (${code})`));
      child.stdout.on('data', onData);
      child.once('exit', onExit);
    });
  }

  it('starts from the plain-JS launcher, pauses and resumes on signals, and stops on SIGTERM', async () => {
    // Its own data directory: the child is another process and chDB locks a directory.
    const childDir = mkdtempSync(join(tmpdir(), `tickstream-chdb-http-child-`));
    const child: Child = spawn(
      process.execPath,
      [CHDB_HTTP_SERVER_SCRIPT, '--data-dir', childDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const [, url] = await nextLine(child, /CLICKHOUSE_URL=(\S+)\n/);
      const c = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
      try {
        await c.command({
          query: 'CREATE TABLE default.t (n UInt8) ENGINE = MergeTree ORDER BY n',
        });
        await c.insert({ table: 't', format: 'JSONEachRow', values: [{ n: 7 }] });
        expect(await rows<{ n: number }>(c, 'SELECT n FROM t')).toEqual([{ n: 7 }]);

        const paused = nextLine(child, /PAUSED\n/);
        child.kill('SIGUSR1');
        await paused;
        await expect(c.ping()).resolves.toMatchObject({ success: false });

        const resumed = nextLine(child, /RESUMED (\S+)\n/);
        child.kill('SIGUSR2');
        expect((await resumed)[1]).toBe(url);
        expect(await rows<{ n: number }>(c, 'SELECT n FROM t')).toEqual([{ n: 7 }]);
      } finally {
        await c.close();
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\nfixture stderr:\n${stderr}`);
    } finally {
      await exited;
      rmSync(childDir, { recursive: true, force: true });
    }
  });
});
