// Regenerates the README's configuration table from the settings (after `npm run build`);
// a unit test fails while the README and the settings disagree.
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const readmePath = join(root, 'README.md');
const table = execFileSync(
  process.execPath,
  [join(root, 'cli', 'dist', 'main.js'), 'config', '--markdown'],
  {
    encoding: 'utf8',
  },
).trimEnd();
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- config-table:start -->\n';
const end = '\n<!-- config-table:end -->';
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(readmePath, `${before}${table}${after}`);
