// Restart-to-healthy on Kafka: how long a role takes, from its process start, to answer
// /health 200 and (for `process`) to move its consumer group forward again (to commit past
// a trade produced at its start; one more is produced every second until it does), after
// - `process` killed with SIGKILL and started again (its old member still holds the group),
// - `process` stopped with SIGTERM and started again,
// - `api` started (its live feed joins groups on six topics).
// Each version of the CLI under test runs in turn, round by round (interleaved), against one
// broker, each run in a namespace of its own. Usage:
//   node bench/dist/kafka-recovery-bench.js [--rounds 3] [--cli NAME=PATH/cli/dist/main.js]...
//                                           [--before-commit REV] [--logs DIR] [--json]
// Without --cli the CLI of this checkout is measured; --before-commit REV also builds REV in
// a worktree (~/.cache/tickstream/bench/REV: git worktree, npm ci, tsc -b) and measures it as
// "before". Without KAFKA_BROKERS the project's broker (scripts/kafka.js) is started.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const root = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Cli {
  readonly name: string;
  readonly main: string;
}

interface KafkaScript {
  startKafka(options: {
    readonly dataDir: string;
    readonly log?: (message: string) => void;
  }): Promise<{ readonly brokers: string; stop(): Promise<void> }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

/** The CLI of another commit, built once in a worktree of its own. */
function buildCommit(rev: string): string {
  const dir = join(homedir(), '.cache', 'tickstream', 'bench', rev);
  const main = join(dir, 'cli', 'dist', 'main.js');
  if (existsSync(main)) return main;
  mkdirSync(join(dir, '..'), { recursive: true });
  console.error(`[recovery] building ${rev} in ${dir} (git worktree, npm ci, tsc -b)`);
  rmSync(dir, { recursive: true, force: true });
  run('git', ['worktree', 'prune'], root);
  run('git', ['worktree', 'add', '--detach', dir, rev], root);
  run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  run(join(dir, 'node_modules', '.bin', 'tsc'), ['-b'], dir);
  return main;
}

interface Role {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

/** Where the roles' logs go (--logs), for when a run fails. */
let logDir: string | undefined;
let logCount = 0;

function startRole(cli: Cli, role: string, env: Record<string, string>): Role {
  const child = spawn(process.execPath, [cli.main, role], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', logDir ? 'pipe' : 'ignore', logDir ? 'pipe' : 'ignore'],
  });
  if (logDir) {
    logCount += 1;
    const file = createWriteStream(join(logDir, `${logCount}-${cli.name}-${role}.log`));
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitUntil(
  what: string | (() => string),
  check: () => Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  const name = typeof what === 'string' ? what : what();
  throw new Error(`${name} did not happen within ${timeoutMs / 1000} s`);
}

interface Probe {
  /** Produces one trade and returns the offsets the group must pass to have read it. */
  mark(): Promise<Map<number, number>>;
  /** Whether the group's committed offsets have passed `marks`. */
  passed(marks: Map<number, number>): Promise<boolean>;
  close(): Promise<void>;
}

async function openProbe(brokers: string, namespace: string): Promise<Probe> {
  const kafka = new Kafka({
    clientId: 'recovery-bench',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const admin = kafka.admin();
  await producer.connect();
  await admin.connect();
  const topic = `${namespace}.md.trades.v1`;
  const groupId = `${namespace}.tickstream.trades-sink`;
  let tradeId = 1;
  return {
    async mark() {
      const now = Date.now();
      const trade = {
        type: 'trade',
        exchange: 'binance',
        symbol: 'BTCUSDT',
        tradeId: tradeId++,
        price: 60_000 + tradeId,
        qty: 0.01,
        side: 'buy',
        tradeTime: now,
        eventTime: now,
        ingestTime: now,
      };
      await producer.send({ topic, messages: [{ key: 'BTCUSDT', value: JSON.stringify(trade) }] });
      const ends = await admin.fetchTopicOffsets(topic);
      return new Map(
        ends.filter((o) => Number(o.high) > 0).map((o) => [o.partition, Number(o.high)]),
      );
    },
    async passed(marks) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return [...marks].every(([partition, end]) => (at.get(partition) ?? -1) >= end);
    },
    async close() {
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}

interface Timing {
  readonly health: number;
  readonly flowing?: number;
}

const START_TIMEOUT_MS = 180_000;

/** From spawn to /health 200, and to the trades sink having committed a trade sent at spawn. */
async function timeStart(
  cli: Cli,
  env: Record<string, string>,
  healthUrl: string,
  probe: Probe,
): Promise<{ role: Role; timing: Timing }> {
  const started = Date.now();
  const role = startRole(cli, 'process', env);
  const marks = await probe.mark();
  let lastMark = Date.now();
  let health: number | undefined;
  let flowing: number | undefined;
  try {
    await waitUntil(
      () => `process ${health === undefined ? 'healthy' : 'committing a trade sent at its start'}`,
      async () => {
        if (health === undefined && (await healthy(healthUrl))) health = Date.now() - started;
        if (flowing === undefined && (await probe.passed(marks))) flowing = Date.now() - started;
        // A trade every second after the first: a group that starts at the end of the topic
        // (a new group, on some versions) skips the first one but commits past a later one,
        // which passes the first mark too (every probe trade has one key, one partition).
        if (flowing === undefined && Date.now() - lastMark >= 1_000) {
          await probe.mark();
          lastMark = Date.now();
        }
        return health !== undefined && flowing !== undefined;
      },
      START_TIMEOUT_MS,
    );
  } catch (error) {
    // A start that never gets there is a result, not a reason to drop the other runs.
    console.error(`[recovery] ${cli.name}: ${String(error)}`);
  }
  return {
    role,
    timing: { health: health ?? Infinity, flowing: flowing ?? Infinity },
  };
}

async function stopRole(role: Role, signal: NodeJS.Signals): Promise<void> {
  role.child.kill(signal);
  await Promise.race([role.exited, sleep(20_000)]);
  if (role.child.exitCode === null && role.child.signalCode === null) {
    role.child.kill('SIGKILL');
    await role.exited;
  }
}

interface RoundResult {
  readonly cli: string;
  readonly coldStart: Timing;
  readonly afterKill: Timing;
  readonly afterTerm: Timing;
  readonly apiStart: Timing;
}

async function measure(cli: Cli, brokers: string, round: number): Promise<RoundResult> {
  const namespace = `rec-${cli.name}-${round}-${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-recovery-'));
  const opsPort = await freePort();
  const env = {
    TICKSTREAM_EVENT_LOG: 'kafka',
    KAFKA_BROKERS: brokers,
    TICKSTREAM_NAMESPACE: namespace,
    TICKSTREAM_DATA_DIR: join(dataDir, 'process'),
    OPS_PORT: String(opsPort),
    SYMBOLS: 'BTCUSDT',
  };
  const healthUrl = `http://127.0.0.1:${opsPort}/health`;
  const probe = await openProbe(brokers, namespace);
  let role: Role | undefined;
  try {
    const cold = await timeStart(cli, env, healthUrl, probe);
    role = cold.role;
    await sleep(2_000);
    await stopRole(role, 'SIGKILL');
    const killed = await timeStart(cli, env, healthUrl, probe);
    role = killed.role;
    await sleep(2_000);
    await stopRole(role, 'SIGTERM');
    const termed = await timeStart(cli, env, healthUrl, probe);
    role = termed.role;

    const apiPort = await freePort();
    const apiStarted = Date.now();
    const api = startRole(cli, 'api', {
      ...env,
      TICKSTREAM_DATA_DIR: join(dataDir, 'api'),
      OPS_PORT: '0',
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
    });
    try {
      await waitUntil('api healthy', () => healthy(`http://127.0.0.1:${apiPort}/health`), 180_000);
    } finally {
      await stopRole(api, 'SIGTERM');
    }
    return {
      cli: cli.name,
      coldStart: cold.timing,
      afterKill: killed.timing,
      afterTerm: termed.timing,
      apiStart: { health: Date.now() - apiStarted },
    };
  } finally {
    if (role) await stopRole(role, 'SIGTERM');
    await probe.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number | undefined) =>
  ms === undefined
    ? '—'
    : ms === Infinity
      ? `never (> ${START_TIMEOUT_MS / 1000})`
      : (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      cli: { type: 'string', multiple: true },
      'before-commit': { type: 'string' },
      json: { type: 'boolean', default: false },
      logs: { type: 'string' },
    },
  });
  logDir = values.logs;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const clis: Cli[] = (values.cli ?? [`this=${join(root, 'cli', 'dist', 'main.js')}`]).map((s) => {
    const [name, main] = s.split('=', 2);
    if (!name || !main || !existsSync(main))
      throw new Error(`--cli ${s}: expected NAME=PATH of an existing cli/dist/main.js`);
    return { name, main };
  });
  if (values['before-commit'])
    clis.unshift({ name: 'before', main: buildCommit(values['before-commit']) });

  let brokers = process.env['KAFKA_BROKERS'];
  let stopBroker: (() => Promise<void>) | undefined;
  if (!brokers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafka = require(join(root, 'scripts', 'kafka.js')) as KafkaScript;
    const brokerDir = mkdtempSync(join(tmpdir(), 'tickstream-bench-kafka-'));
    const broker = await kafka.startKafka({
      dataDir: brokerDir,
      log: (m) => console.error(`[kafka] ${m}`),
    });
    brokers = broker.brokers;
    stopBroker = async () => {
      await broker.stop();
      rmSync(brokerDir, { recursive: true, force: true });
    };
  }
  const results: (RoundResult & { load: string })[] = [];
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      // Alternate which version goes first, so that neither always meets a warmer broker.
      const order = round % 2 === 1 ? clis : [...clis].reverse();
      for (const cli of order) {
        const result = await measure(cli, brokers, round);
        results.push({ ...result, load: load() });
        console.error(`[recovery] round ${round} ${cli.name}: ${JSON.stringify(result)}`);
      }
    }
  } finally {
    await stopBroker?.();
  }
  if (values.json) {
    console.log(JSON.stringify(results));
    return;
  }
  console.log(
    '| CLI | round | cold start: health / flowing (s) | after SIGKILL: health / flowing | after SIGTERM: health / flowing | api start: health | load average |',
  );
  console.log('|---|---|---|---|---|---|---|');
  results.forEach((r, i) => {
    const pair = (t: Timing) => `${seconds(t.health)} / ${seconds(t.flowing)}`;
    console.log(
      `| ${r.cli} | ${Math.floor(i / clis.length) + 1} | ${pair(r.coldStart)} | ${pair(r.afterKill)} | ${pair(r.afterTerm)} | ${seconds(r.apiStart.health)} | ${r.load} |`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
