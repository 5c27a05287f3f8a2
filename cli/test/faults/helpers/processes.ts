import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CHDB_HTTP_SERVER_SCRIPT } from '@tickstream/testkit';

// Roles run as real child processes of the built CLI (cli/dist), as an operator runs them.

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const CLI = join(ROOT, 'cli', 'dist', 'main.js');

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Role {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process wrote (stdout and stderr interleaved). */
  output: string;
  readonly exited: Promise<ExitStatus>;
  exitStatus: ExitStatus | undefined;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function startProcess(
  name: string,
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Role {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const role: Role = {
    name,
    child,
    output: '',
    exitStatus: undefined,
    exited: new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        role.exitStatus = { code, signal };
        resolve({ code, signal });
      }),
    ),
  };
  child.stdout?.on('data', (d: Buffer) => (role.output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (role.output += d.toString()));
  return role;
}

export function startRole(
  name: string,
  command: 'ingest' | 'process' | 'api' | 'start' | 'migrate',
  env: Readonly<Record<string, string>>,
): Role {
  return startProcess(name, CLI, [command], env);
}

export async function waitForOutput(
  role: Role,
  pattern: RegExp,
  timeoutMs = 90_000,
  from = 0,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(role.output.slice(from));
    if (match) return match;
    if (role.exitStatus !== undefined)
      throw new Error(
        `${role.name} exited (${JSON.stringify(role.exitStatus)}) before printing ${pattern}:\n${role.output.slice(-3000)}`,
      );
    if (Date.now() > deadline)
      throw new Error(
        `${role.name} did not print ${pattern} in time:\n${role.output.slice(-3000)}`,
      );
    await sleep(100);
  }
}

export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** SIGTERM, then how long the process took to exit; SIGKILL after `graceMs` (then `timedOut`). */
export async function terminate(
  role: Role,
  graceMs: number,
): Promise<{ ms: number; status: ExitStatus; timedOut: boolean }> {
  const started = Date.now();
  if (role.exitStatus !== undefined) return { ms: 0, status: role.exitStatus, timedOut: false };
  role.child.kill('SIGTERM');
  const status = await Promise.race([role.exited, sleep(graceMs).then(() => undefined)]);
  if (status !== undefined) return { ms: Date.now() - started, status, timedOut: false };
  role.child.kill('SIGKILL');
  return { ms: Date.now() - started, status: await role.exited, timedOut: true };
}

export async function kill(role: Role): Promise<void> {
  if (role.exitStatus !== undefined) return;
  role.child.kill('SIGKILL');
  await role.exited;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The chDB-behind-ClickHouse-HTTP test fixture as its own process (SIGUSR1 pause, SIGUSR2 resume). */
export async function startClickHouse(dataDir: string): Promise<{ role: Role; url: string }> {
  const role = startProcess('clickhouse', CHDB_HTTP_SERVER_SCRIPT, ['--data-dir', dataDir], {});
  const url = (await waitForOutput(role, /CLICKHOUSE_URL=(\S+)/))[1] ?? '';
  return { role, url };
}

export interface HealthAnswer {
  readonly status: number;
  readonly body: string;
}

export async function getHealth(url: string): Promise<HealthAnswer | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

/** Lines of a role's output that tell what went wrong, for the report of a scenario. */
export function notableLines(role: Role, limit = 15): string[] {
  const interesting =
    /"level":(40|50|60)|"level":"(error|fatal)"|Crash|retention|Offset out of range|deleted|restart|non-?retriable|unrecoverable|gap/i;
  // The malformed frames' dead letters are expected; status lines are summarized apart.
  const expected = /"status":\{|input rejected to the dead-letter topic/;
  const lines = role.output.split('\n').filter((l) => interesting.test(l) && !expected.test(l));
  return lines.slice(-limit).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
}
