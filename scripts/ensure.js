// Makes a fresh clone runnable: installs npm packages when the lock file changed since the
// last install, then builds the TypeScript workspaces (incremental). Used by `npm start` and
// `npm test`, so each works on a fresh clone with nothing done by hand.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stampFile = join(root, 'node_modules', '.tickstream-install');

function lockHash() {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function ensureInstalled() {
  const wanted = lockHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return;
  console.error('[tickstream] installing npm packages (npm ci) ...');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(stampFile, wanted);
}

function ensureBuilt() {
  console.error('[tickstream] building TypeScript workspaces ...');
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-b']);
}

/** Newest modification time of the files under `dir` (0 when missing). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** The dashboard is served by the API; rebuild it when its sources are newer than the build. */
function ensureDashboardBuilt() {
  const dashboard = join(root, 'dashboard');
  if (!existsSync(join(dashboard, 'package.json'))) return;
  const built = join(dashboard, 'dist', 'index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(dashboard, 'src')),
    statSync(join(dashboard, 'index.html')).mtimeMs,
    statSync(join(dashboard, 'package.json')).mtimeMs,
  );
  if (builtAt >= sources) return;
  console.error('[tickstream] building the dashboard ...');
  run('npm', ['run', 'build', '--silent', '-w', '@tickstream/dashboard']);
}

ensureInstalled();
ensureBuilt();
ensureDashboardBuilt();
