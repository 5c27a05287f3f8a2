// Runs the chdb-http-server test fixture as its own process, for tests that need several
// processes sharing one "ClickHouse":
//   node testkit/bin/chdb-http-server-process.js --data-dir DIR [--port P] [--host H]
// prints `CLICKHOUSE_URL=http://127.0.0.1:P` once listening; SIGTERM stops it, SIGUSR1
// pauses it and SIGUSR2 resumes it.
//
// Node 20 cannot run TypeScript itself (no --experimental-strip-types) and no register hook
// is installed, so this compiles the fixture's .ts files on load with @swc/core, the same
// compiler the tests run through.
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const { main } = require(join(__dirname, '..', 'src', 'chdb-http-server.ts'));

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
