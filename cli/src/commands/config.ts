import type { Command } from 'commander';
import { configurationTable } from '@tickstream/core';
import { configFor } from '../context';
import { SETTINGS, type SettingName } from '../settings';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'print the effective configuration (secrets hidden) and exit; fails on invalid settings',
    )
    .option('--markdown', 'print the table of every setting (as in the README) instead')
    .action((options: { markdown?: boolean }, command: Command) => {
      if (options.markdown) {
        process.stdout.write(`${configurationTable(SETTINGS)}\n`);
        return;
      }
      const config = configFor(command);
      const shown: Record<string, unknown> = {};
      for (const name of Object.keys(SETTINGS) as SettingName[]) {
        const def = SETTINGS[name];
        shown[name] = 'secret' in def && def.secret && config[name] ? '(hidden)' : config[name];
      }
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    });
}
