import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTable } from '@tickstream/core';
import { SETTINGS } from '../../src/settings';

describe('the configuration table in the README', () => {
  it('is exactly the table generated from the settings (regenerate: tickstream config --markdown)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const table = readme
      .split('<!-- config-table:start -->\n')[1]
      ?.split('\n<!-- config-table:end -->')[0];
    expect(table).toBe(configurationTable(SETTINGS));
  });
});
