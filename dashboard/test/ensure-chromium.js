// Makes sure Debian's Chromium is at /usr/bin/chromium for the dashboard's browser tests and
// benchmark, installing it with apt-get (after apt-get update) when it is missing.
//   node dashboard/test/ensure-chromium.js
// Exits 0 when Chromium is there (or was installed), 1 with a clear message otherwise.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

function main() {
  if (existsSync(CHROMIUM)) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error(
      `[ensure-chromium] ${CHROMIUM} is missing and this is not root, so it cannot be installed here.\n` +
        '[ensure-chromium] Install it once as root: apt-get update && apt-get install -y chromium',
    );
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.error(
    '[ensure-chromium] installing Debian chromium (apt-get update, apt-get install) ...',
  );
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'],
      {
        stdio: 'inherit',
        env,
      },
    );
  } catch (error) {
    console.error(
      `[ensure-chromium] apt-get failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`[ensure-chromium] apt-get finished but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}

main();
