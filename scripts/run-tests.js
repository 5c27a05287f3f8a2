// `npm test`: type-check, lint and format check, then every jest test (unit and integration)
// against a real Kafka broker, started here when KAFKA_BROKERS is unset and always stopped.
// Ends with the plain line "N passed, N failed" so CI can read the outcome.
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(name, command, args) {
  console.error(`[test] ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[test] ${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(result.status ?? 1);
  }
}

// Jest runs in its own process group so that everything the tests started (brokers of their
// own, CLI children, browsers) can be reaped when it ends, even after a test failed before
// its cleanup: a stray child holding the terminal's output open would keep CI waiting.
let jestGroup = null;

function killJestGroup() {
  if (jestGroup === null) return;
  try {
    process.kill(-jestGroup, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
  jestGroup = null;
}

function runJest(env, resultsFile) {
  return new Promise((resolve) => {
    const args = [
      '--ci',
      '--json',
      `--outputFile=${resultsFile}`,
      // Results are written before this exit; a handle a failed test left open must not
      // keep the run alive.
      '--forceExit',
      ...process.argv.slice(2),
    ];
    const child = spawn(bin('jest'), args, { cwd: root, stdio: 'inherit', env, detached: true });
    jestGroup = child.pid;
    child.on('exit', (code, signal) => {
      killJestGroup();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  step('type-check (tsc -p tsconfig.check.json)', bin('tsc'), ['-p', 'tsconfig.check.json']);
  step('lint (eslint)', bin('eslint'), ['.']);
  step('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
  step('dashboard type-check (vue-tsc)', 'npm', [
    'run',
    'typecheck',
    '--silent',
    '-w',
    '@tickstream/dashboard',
  ]);
  step('dashboard lint (eslint-plugin-vue)', 'npm', [
    'run',
    'lint',
    '--silent',
    '-w',
    '@tickstream/dashboard',
  ]);

  const env = { ...process.env };
  if ((env.TEST_MODE ?? 'all') !== 'unit') {
    // The dashboard's end-to-end test drives Debian's Chromium.
    step('Chromium for the dashboard tests', process.execPath, [
      join(root, 'dashboard', 'test', 'ensure-chromium.js'),
    ]);
  }
  let broker = null;
  const mode = env.TEST_MODE ?? 'all';
  if (!env.KAFKA_BROKERS && mode !== 'unit') {
    const { startKafka } = require('./kafka.js');
    console.error('[test] starting a local Apache Kafka broker (KAFKA_BROKERS is unset)');
    broker = await startKafka({ log: (line) => console.error(`[kafka] ${line}`) });
    env.KAFKA_BROKERS = broker.brokers;
    console.error(`[test] Kafka ready at ${broker.brokers}`);
  }
  const stopBroker = async () => {
    if (!broker) return;
    const b = broker;
    broker = null;
    await b.stop().catch((error) => console.error(`[test] stopping Kafka: ${error.message}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killJestGroup();
      void stopBroker().then(() => process.exit(130));
    });
  }

  const outDir = mkdtempSync(join(tmpdir(), 'tickstream-jest-'));
  const resultsFile = join(outDir, 'results.json');
  // Temporary files of every test (data directories, clones, browser profiles) go here and
  // are removed with it, whatever the tests managed to clean up themselves.
  const testTmp = join(outDir, 'tmp');
  mkdirSync(testTmp);
  env.TMPDIR = testTmp;
  let code = 1;
  try {
    code = await runJest(env, resultsFile);
  } finally {
    await stopBroker();
  }
  let passed = 0;
  let failed = 1;
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed = results.numPassedTests;
    failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  } catch {
    // jest crashed before writing results: count the run as one failure.
  }
  rmSync(outDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
