// Runs the benchmarks one after another, each in its own process (chDB owns a data directory
// per process, and one benchmark's heap and JIT state must not colour the next), and prints
// the machine, each benchmark's markdown and the load average around it.
// Usage: npm run bench -- [--only a,b] [--skip a,b] [--repeat N] [--quick] [--json] [--list]
// Benchmarks: event-log-embedded, event-log-kafka, ingest, candles, pairs, kafka-recovery,
// history, api, big-reads, backtest, dashboard, screener.
// Without KAFKA_BROKERS the Kafka runs start the project's broker (scripts/kafka.js) and stop
// it afterwards.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface Bench {
  readonly name: string;
  readonly file: string;
  readonly what: string;
  /** Arguments for --quick: the same measurements on less data. */
  readonly quick: readonly string[];
  readonly needsKafka?: boolean;
}

const BENCHES: readonly Bench[] = [
  {
    name: 'event-log-embedded',
    file: 'event-log-embedded.js',
    what: 'EventLog on lmdb: produce+consume throughput, produce-to-consume latency',
    quick: ['--records', '200000', '--latency-seconds', '3'],
  },
  {
    name: 'event-log-kafka',
    file: 'event-log-kafka.js',
    what: 'EventLog on Apache Kafka (kafkajs, @platformatic/kafka) beside the embedded log',
    quick: ['--records', '100000', '--latency-seconds', '3'],
    needsKafka: true,
  },
  {
    name: 'ingest',
    file: 'ingest-bench.js',
    what: 'ingest: parser alone, mock exchange → event log throughput, latency, no-drop run',
    quick: ['--full-speed-trades', '100000', '--latency-seconds', '3', '--no-drop-seconds', '3'],
  },
  {
    name: 'candles',
    file: 'candles-bench.js',
    what: 'candles processor, 50 symbols × 1s/1m/5m, both runtimes, vs ClickHouse GROUP BY',
    quick: ['--trades', '300000', '--rounds', '1'],
    needsKafka: true,
  },
  {
    name: 'pairs',
    file: 'pairs-bench.js',
    what: 'pair analytics, 20 pairs × window 500, vs python3-statsmodels',
    quick: [
      '--bars-every-bar',
      '50',
      '--bars-every-10',
      '200',
      '--py-bars-every-bar',
      '5',
      '--py-bars-every-10',
      '20',
    ],
  },
  {
    name: 'rolling-tests',
    file: 'rolling-tests-bench.js',
    what: 'rolling ADF / Engle–Granger vs window refit vs python3-statsmodels; PairEngine before/after',
    quick: ['--pairs', '2', '--bars', '30', '--rounds', '1', '--py-bars', '5'],
  },
  {
    name: 'screener',
    file: 'screener-bench.js',
    what: 'pair screener: updates/s at 100 and 50 symbols vs the window refit; 10-minute keep-up runs',
    quick: ['--minutes', '0.5', '--rounds', '1', '--live-bars', '2', '--refit-pairs', '50'],
  },
  {
    name: 'kafka-recovery',
    file: 'kafka-recovery-bench.js',
    what: 'restart-to-healthy on Kafka: process after SIGKILL and SIGTERM, api start',
    quick: ['--rounds', '1'],
    needsKafka: true,
  },
  {
    name: 'history',
    file: 'history-bench.js',
    what: "history before the live stream: klines and aggTrades from the mock exchange, unlimited and at Binance's weight limit",
    quick: ['--hours', '1', '--rounds', '1', '--skip-binance'],
  },
  {
    name: 'demo',
    file: 'demo-bench.js',
    what: 'npm run demo to a full dashboard (500 1m bars, z-score history, heatmap, alerts) vs history off',
    quick: ['--rounds', '1'],
  },
  { name: 'api', file: 'api-bench.js', what: 'API (GraphQL/REST) benchmark', quick: [] },
  {
    name: 'big-reads',
    file: 'big-reads-bench.js',
    what: '24 h of 1s candles as GraphQL and as CSV, beside the storage read (--baseline DIR: old code)',
    quick: ['--runs', '3'],
  },
  {
    name: 'backtest',
    file: 'backtest-bench.js',
    what: 'backtest of a day of 1s bars and a 10 × 10 sweep over a week of 1m bars, beside the storage read and ClickHouse scan',
    quick: ['--runs', '1'],
  },
  { name: 'dashboard', file: 'dashboard-bench.js', what: 'dashboard benchmark', quick: [] },
];

interface KafkaBroker {
  readonly brokers: string;
  stop(): Promise<void>;
}

interface KafkaScript {
  startKafka(options: {
    readonly dataDir: string;
    readonly log?: (message: string) => void;
  }): Promise<KafkaBroker>;
}

const root = join(__dirname, '..', '..');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** What RESULTS.md records about the machine, since the numbers mean little without it. */
export function machine(): Record<string, string> {
  const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return {
    date: new Date().toISOString(),
    cpus: `${cpus().length} × ${model ?? cpus()[0]?.model ?? 'unknown'}`,
    memory: `${gib(totalmem())} (${gib(freemem())} free)`,
    node: process.version,
    'load average (1/5/15 min)': load(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      skip: { type: 'string', default: '' },
      repeat: { type: 'string', default: '1' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    for (const b of BENCHES) console.log(`${b.name.padEnd(20)} ${b.what}`);
    return;
  }
  const names = (list: string | undefined) =>
    new Set((list ?? '').split(',').filter((n) => n !== ''));
  const only = names(values.only);
  const skip = names(values.skip);
  for (const name of [...only, ...skip]) {
    if (!BENCHES.some((b) => b.name === name)) throw new Error(`no benchmark named ${name}`);
  }
  const selected = BENCHES.filter(
    (b) =>
      (only.size === 0 || only.has(b.name)) &&
      !skip.has(b.name) &&
      existsSync(join(__dirname, b.file)),
  );

  let broker: KafkaBroker | undefined;
  let brokerDir: string | undefined;
  if (!process.env['KAFKA_BROKERS'] && selected.some((b) => b.needsKafka)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafka = require(join(root, 'scripts', 'kafka.js')) as KafkaScript;
    // A fresh store of its own, so that it never meets a broker the developer runs.
    brokerDir = mkdtempSync(join(tmpdir(), 'tickstream-bench-kafka-'));
    broker = await kafka.startKafka({
      dataDir: brokerDir,
      log: (m) => console.error(`[kafka] ${m}`),
    });
  }
  // A broker started here goes only to the benchmarks that need one: ingest, for one,
  // measures the Kafka log instead of the embedded one whenever KAFKA_BROKERS is set.
  const envFor = (bench: Bench): NodeJS.ProcessEnv =>
    broker && bench.needsKafka ? { ...process.env, KAFKA_BROKERS: broker.brokers } : process.env;

  const json: Record<string, unknown[]> = {};
  const out = (line: string) => {
    if (!values.json) console.log(line);
  };
  out('## Machine\n');
  for (const [key, value] of Object.entries(machine())) out(`- ${key}: ${value}`);
  try {
    for (const bench of selected) {
      for (let round = 1; round <= Number(values.repeat); round++) {
        const args = [
          join(__dirname, bench.file),
          ...(values.quick ? bench.quick : []),
          ...(values.json ? ['--json'] : []),
        ];
        const before = load();
        const started = Date.now();
        const run = spawnSync(process.execPath, args, {
          cwd: root,
          env: envFor(bench),
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 64 * 1024 * 1024,
        });
        const seconds = Math.round((Date.now() - started) / 1000);
        const failed = run.status !== 0 || run.error !== undefined;
        if (values.json) {
          (json[bench.name] ??= []).push(
            failed
              ? { error: run.error?.message ?? `exit ${run.status}` }
              : { loadBefore: before, loadAfter: load(), seconds, result: JSON.parse(run.stdout) },
          );
          continue;
        }
        out(`\n## ${bench.name}${Number(values.repeat) > 1 ? ` (run ${round})` : ''}\n`);
        out(`${bench.what}. ${seconds} s; load average before ${before}, after ${load()}.\n`);
        out(failed ? `FAILED: ${run.error?.message ?? `exit ${run.status}`}` : run.stdout.trim());
        if (failed) process.exitCode = 1;
      }
    }
  } finally {
    await broker?.stop();
    if (brokerDir) rmSync(brokerDir, { recursive: true, force: true });
  }
  if (values.json) console.log(JSON.stringify({ machine: machine(), benchmarks: json }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
