import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', '..', 'cli', 'dist', 'main.js');

/** Runs the built `tickstream` command (npm test builds it first). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  return spawn(process.execPath, [CLI, ...args], {
    // Children run the embedded runtime (their own log and chDB) unless a test says otherwise.
    env: {
      ...process.env,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      CLICKHOUSE_URL: '',
      KAFKA_BROKERS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function waitForExit(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return waitForExit(spawnCli(args, env));
}
