import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineSection, integer, list, setting, z } from '@tickstream/schema';
import { loadSettings } from '../../src/config';
import { ConfigError } from '../../src/errors';

// The mapping machinery on a section of its own; tickstream's composed configuration is
// tested in cli/test/unit/config.test.ts.
const SECTION = defineSection({
  settings: {
    low: setting({
      env: 'LOW',
      flag: 'low',
      schema: integer(0, 100),
      default: 1,
      allowed: 'an integer from 0 to 100',
      doc: 'The lower bound.',
    }),
    high: setting({
      env: 'HIGH',
      flag: 'high',
      schema: integer(0, 100),
      default: 10,
      allowed: 'an integer from 0 to 100',
      doc: 'The upper bound.',
    }),
    names: setting({
      env: 'NAMES',
      flag: 'names',
      schema: list(z.string().regex(/^[a-z]+$/)),
      default: [],
      allowed: 'a comma-separated list of lower-case words',
      doc: 'Names.',
    }),
    token: setting({
      env: 'TOKEN',
      flag: 'token',
      schema: z.string(),
      default: '',
      allowed: 'a string',
      doc: 'A secret.',
      secret: true,
    }),
  },
  check: (values) =>
    values.high < values.low ? [`HIGH = ${values.high} must be at least LOW = ${values.low}`] : [],
});

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loading a section of settings', () => {
  it('gives the defaults when nothing is set', () => {
    expect(loadSettings(SECTION, { env: {} })).toEqual({ low: 1, high: 10, names: [], token: '' });
  });

  it('takes defaults < file < environment < flags, converting text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ low: 3, high: 50, names: ['a'] }));
    expect(
      loadSettings(SECTION, { env: { HIGH: '60', NAMES: 'x, y' }, flags: { high: '70' }, file }),
    ).toEqual({ low: 3, high: 70, names: ['x', 'y'], token: '' });
  });

  it("puts a command's own defaults below the file, environment and flags, under the section's checks", () => {
    expect(loadSettings(SECTION, { env: {}, defaults: { high: 50, names: ['a'] } })).toMatchObject({
      low: 1,
      high: 50,
      names: ['a'],
    });
    expect(
      loadSettings(SECTION, {
        env: { HIGH: '20' },
        flags: { names: 'b' },
        defaults: { high: 50, names: ['a'] },
      }),
    ).toMatchObject({ high: 20, names: ['b'] });
    expect(
      configError(() => loadSettings(SECTION, { env: { LOW: '60' }, defaults: { high: 50 } }))
        .problems,
    ).toEqual(['HIGH = 50 must be at least LOW = 60']);
  });

  it('lists every invalid value with where it came from, hiding secrets', () => {
    const error = configError(() =>
      loadSettings(SECTION, { env: { LOW: 'one', NAMES: 'A' }, flags: { token: 42 } }),
    );
    expect(error.message).toBe(
      'Invalid configuration:\n' +
        '  - LOW = "one": expected an integer from 0 to 100\n' +
        '  - NAMES = "A": expected a comma-separated list of lower-case words\n' +
        '  - --token = (hidden): expected a string',
    );
  });

  it("runs the section's checks once every value is valid on its own", () => {
    expect(configError(() => loadSettings(SECTION, { env: { LOW: '20' } })).problems).toEqual([
      'HIGH = 10 must be at least LOW = 20',
    ]);
    expect(
      configError(() => loadSettings(SECTION, { env: { LOW: '20', HIGH: 'x' } })).problems,
    ).toEqual(['HIGH = "x": expected an integer from 0 to 100']);
  });

  it('refuses a file key that is not one of the section’s settings, naming the known ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-settings-'));
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ lo: 1 }));
    expect(configError(() => loadSettings(SECTION, { file: typo })).message).toBe(
      `The config file ${typo} has unknown setting(s) lo; known: low, high, names, token`,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ low: 200 }));
    expect(
      configError(() => loadSettings(SECTION, { env: { TICKSTREAM_CONFIG: bad } })).problems,
    ).toEqual([`low in ${bad} = 200: expected an integer from 0 to 100`]);
  });
});
