// Makes a fresh clone runnable: installs npm packages when the lock file changed since the
// last install, then builds the TypeScript workspaces (incremental). Used by `npm start` and
// `npm test`, so each works on a fresh clone with nothing done by hand.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
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

ensureInstalled();
ensureBuilt();
