import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'generate-types.js');
const GENERATED = join(__dirname, '..', '..', 'src', 'generated', 'graphql.ts');

describe("the dashboard's generated GraphQL documents", () => {
  it('are exactly what codegen makes of the SDL and the operations today (which also validates every operation against the SDL)', () => {
    const fresh = execFileSync(process.execPath, ['--no-warnings', SCRIPT, '--stdout'], {
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
    });
    expect(readFileSync(GENERATED, 'utf8')).toBe(fresh);
  }, 60_000);
});
