#!/usr/bin/env node
// Local Apache Kafka for development and tests: fetched from Maven Central into a cache outside
// the repo, run as one KRaft node (broker + controller) on free loopback ports.
// Plain CommonJS with Node built-ins only: it runs before `npm install` may have finished.
'use strict';

const childProcess = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const DEFAULT_VERSION = '4.4.0';
// Kafka 4.x logs through log4j2 behind slf4j 1.7 but ships no binding; this pins log4j-core too
// (a direct dependency wins over the one kafka-server brings in).
const LOG4J_VERSION = '2.25.5';
// Pinned so Maven does not look up the newest plugin on every fetch.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

const defaultLog = (msg) => process.stderr.write(`[kafka] ${msg}\n`);

function cacheDir() {
  const base = process.env.TICKSTREAM_CACHE_DIR || path.join(os.homedir(), '.cache', 'tickstream');
  return path.join(base, 'kafka');
}

function kafkaVersion(version) {
  return version || process.env.TICKSTREAM_KAFKA_VERSION || DEFAULT_VERSION;
}

function pomXml(version) {
  const dep = (g, a, v) =>
    `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tickstream</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dep('org.apache.kafka', 'kafka_2.13', version)}
${dep('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION)}
  </dependencies>
</project>
`;
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => reject(new Error(`cannot run ${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || code}):\n${tail(out)}`));
    });
  });
}

function tail(text, lines = 40) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function listJars(libs) {
  return fs
    .readdirSync(libs)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => path.join(libs, f));
}

async function fetchKafka({ version, log = defaultLog } = {}) {
  version = kafkaVersion(version);
  const dir = path.join(cacheDir(), version);
  const libs = path.join(dir, 'libs');
  const marker = path.join(dir, 'complete');
  if (fs.existsSync(marker)) return { classpath: listJars(libs) };

  log(`fetching Kafka ${version} and its runtime dependencies with Maven into ${libs}`);
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), pomXml(version));
  // Copy into a private directory, then rename: a concurrent fetch never sees half a libs dir.
  const tmp = fs.mkdtempSync(path.join(dir, 'libs.tmp-'));
  try {
    await run('mvn', [
      '-B',
      '-q',
      '-f',
      path.join(dir, 'pom.xml'),
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`,
    ]);
    if (!fs.existsSync(path.join(tmp, `kafka_2.13-${version}.jar`))) {
      throw new Error(`Maven finished but kafka_2.13-${version}.jar is not in ${tmp}`);
    }
    fs.rmSync(libs, { recursive: true, force: true });
    fs.renameSync(tmp, libs);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`fetched Kafka ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { classpath: listJars(libs) };
}

async function freePorts(count) {
  // Hold every socket until all are bound so the same port is not handed out twice.
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

// Kafka's Uuid.randomUuid() also rejects ids starting with '-': they look like options to the tools.
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ dataDir, port, controllerPort }) {
  return `# Written by scripts/kafka.js for a single local node.
process.roles=broker,controller
node.id=1
# Static quorum: the controller endpoint is not stored in the data dir, so a restart may pick
# new ports.
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${path.join(dataDir, 'logs')}
# One node: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
# The internal topics are created on first use; fewer partitions make the first consumer group
# and the first idempotent producer ready sooner.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
# Tests start and stop groups all the time; waiting for more members only slows them.
group.initial.rebalance.delay.ms=0
num.partitions=1
# The log cleaner allocates its 128 MiB default buffer on the heap at start; 8 MiB still holds
# ~350k keys per pass and saves ~150 MB of RSS.
log.cleaner.dedupe.buffer.size=8388608
# Topics come from the schema's topic definitions, never from a typo in a consumer.
auto.create.topics.enable=false
`;
}

const LOG4J2_PROPERTIES = `# Written by scripts/kafka.js: everything goes to stdout, which is broker.log.
appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=out
logger.kafka.name=kafka
logger.kafka.level=INFO
logger.state.name=state.change.logger
logger.state.level=WARN
`;

function javaArgs(libs, dataDir, mainClass, args) {
  return [
    '-Xmx512m',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(dataDir, 'log4j2.properties')}`,
    '-cp',
    `${libs}/*`,
    mainClass,
    ...args,
  ];
}

function isFormatted(dataDir) {
  return fs.existsSync(path.join(dataDir, 'logs', 'meta.properties'));
}

function brokerLogTail(dataDir) {
  try {
    return tail(fs.readFileSync(path.join(dataDir, 'broker.log'), 'utf8'));
  } catch {
    return '(no broker.log)';
  }
}

function isAlive(pid) {
  try {
    // A zombie still answers kill(pid, 0), so read /proc where it exists. The JVM's main thread
    // shows as a zombie while its other threads still shut down: only a lone zombie thread is dead.
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const zombie = /^State:\s*Z/m.test(status);
    const threads = Number((/^Threads:\s*(\d+)/m.exec(status) || [])[1] || 1);
    return !zombie || threads > 1;
  } catch (err) {
    if (err.code !== 'ENOENT' || fs.existsSync('/proc/self')) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isKafkaProcess(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return isAlive(pid);
  }
}

function signal(pid, sig) {
  try {
    process.kill(-pid, sig); // the whole process group: java may have children
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

async function stopPid(pid, log) {
  if (!isAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    log(`broker ${pid} still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM: SIGKILL`);
    signal(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

// A TCP connect is not enough: the port opens before the broker has joined its own quorum.
// A Metadata round trip that lists the broker means it is registered, unfenced and serving.
async function answers(brokers, timeoutMs = 3000) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'tickstream-kafka-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers: live } = await admin.describeCluster();
    return live.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function waitReady({ brokers, child, dataDir }) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = null;
  child.once('exit', (code, sig) => (exited = sig || code));
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(
        `Kafka exited (${exited}) before it was ready; broker.log ends:\n${brokerLogTail(dataDir)}`,
      );
    }
    if (await answers(brokers)) return;
    await sleep(250);
  }
  throw new Error(
    `Kafka did not answer on ${brokers} within ${READY_TIMEOUT_MS / 1000} s; broker.log ends:\n${brokerLogTail(dataDir)}`,
  );
}

async function startKafka({ dataDir, port, version, log = defaultLog } = {}) {
  version = kafkaVersion(version);
  await fetchKafka({ version, log });
  const libs = path.join(cacheDir(), version, 'libs');
  const ownsDataDir = !dataDir;
  dataDir = dataDir
    ? path.resolve(dataDir)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'tickstream-kafka-'));
  const removeDataDir = () => {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  let child;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const ports = await freePorts(2);
    const brokerPort = port || ports[0];
    const controllerPort = ports[1];
    const config = path.join(dataDir, 'server.properties');
    fs.writeFileSync(config, serverProperties({ dataDir, port: brokerPort, controllerPort }));
    fs.writeFileSync(path.join(dataDir, 'log4j2.properties'), LOG4J2_PROPERTIES);

    if (!isFormatted(dataDir)) {
      const clusterId = randomClusterId();
      await run(
        'java',
        javaArgs(libs, dataDir, 'kafka.tools.StorageTool', [
          'format',
          '-t',
          clusterId,
          '-c',
          config,
        ]),
      );
    }

    const brokers = `127.0.0.1:${brokerPort}`;
    const logFd = fs.openSync(path.join(dataDir, 'broker.log'), 'a');
    try {
      // Detached: its own process group, so a Ctrl-C in the caller's terminal does not reach it
      // and stop() can signal the group.
      child = childProcess.spawn('java', javaArgs(libs, dataDir, 'kafka.Kafka', [config]), {
        detached: true,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      fs.closeSync(logFd);
    }
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new Error(`cannot start java: ${err.message}`)));
    });
    child.unref();
    log(`Kafka ${version} starting on ${brokers} (pid ${child.pid}, data ${dataDir})`);
    const started = Date.now();
    await waitReady({ brokers, child, dataDir });
    log(`Kafka ready on ${brokers} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const pid = child.pid;
    let stopping;
    const stop = () => {
      stopping ??= stopPid(pid, log).then(removeDataDir);
      return stopping;
    };
    return { brokers, pid, dataDir, stop };
  } catch (err) {
    if (child && child.pid) await stopPid(child.pid, log);
    removeDataDir();
    throw err;
  }
}

// ---- CLI ----

function statePath() {
  return path.join(cacheDir(), 'broker.json');
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(statePath(), 'utf8'));
  } catch {
    return null;
  }
}

async function runningState() {
  const state = readState();
  if (state && isKafkaProcess(state.pid) && (await answers(state.brokers))) return state;
  return null;
}

function parseFlags(args) {
  const flags = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) throw new Error(`unexpected argument: ${args[i]}`);
    flags[m[1]] = m[2] !== undefined ? m[2] : args[++i];
  }
  return flags;
}

const USAGE = `usage: node scripts/kafka.js <command>
  fetch [--version V]                           download Kafka into the cache
  start [--version V] [--port N] [--data-dir D] start a local broker (or show the running one)
  stop                                          stop the broker started by 'start'
  status                                        show whether it runs
cache: ${cacheDir()} (TICKSTREAM_CACHE_DIR)`;

async function main(argv) {
  const [command, ...rest] = argv;
  const flags = parseFlags(rest);
  switch (command) {
    case 'fetch': {
      const { classpath } = await fetchKafka({ version: flags.version });
      console.log(`${classpath.length} jars in ${path.dirname(classpath[0])}`);
      return 0;
    }
    case 'start': {
      const running = await runningState();
      if (running) {
        console.log(`KAFKA_BROKERS=${running.brokers}`);
        return 0;
      }
      const version = kafkaVersion(flags.version);
      // A persistent data dir: topics survive a stop/start. Delete it to begin empty.
      const dataDir = flags['data-dir'] || path.join(cacheDir(), version, 'data');
      const port = flags.port ? Number(flags.port) : undefined;
      const { brokers, pid } = await startKafka({ dataDir, port, version });
      fs.writeFileSync(statePath(), JSON.stringify({ pid, brokers, dataDir, version }, null, 2));
      console.log(`KAFKA_BROKERS=${brokers}`);
      return 0;
    }
    case 'stop': {
      const state = readState();
      if (state && isKafkaProcess(state.pid)) {
        await stopPid(state.pid, defaultLog);
        console.log(`stopped Kafka (pid ${state.pid})`);
      } else {
        console.log('Kafka is not running');
      }
      fs.rmSync(statePath(), { force: true });
      return 0;
    }
    case 'status': {
      const running = await runningState();
      if (running) {
        console.log(`running: pid ${running.pid}, data ${running.dataDir}`);
        console.log(`KAFKA_BROKERS=${running.brokers}`);
        return 0;
      }
      const state = readState();
      console.log(
        state && isKafkaProcess(state.pid) ? `pid ${state.pid} does not answer` : 'not running',
      );
      return 1;
    }
    default:
      console.error(USAGE);
      return command === 'help' || command === '--help' ? 0 : 2;
  }
}

module.exports = { fetchKafka, startKafka, DEFAULT_VERSION };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
