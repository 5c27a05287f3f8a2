import type { Command } from 'commander';
import { createLogger, type Logger } from '@tickstream/core';
import { loadConfig, SETTINGS, type Config, type SettingName } from './settings';

/**
 * Reads the configuration for a command: defaults < the command's own defaults < file <
 * environment < flags.
 */
export function configFor(command: Command, defaults: Partial<Config> = {}): Config {
  const options = command.optsWithGlobals<Record<string, unknown>>();
  const flags: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    if (options[name] !== undefined) flags[name] = options[name];
  }
  const file = typeof options['config'] === 'string' ? options['config'] : undefined;
  return loadConfig({ env: process.env, flags, defaults, ...(file ? { file } : {}) });
}

export interface LoggerForOptions {
  /**
   * The command prints data on stdout (`tail`, `--print-trades`): its log goes to stderr, so
   * the data can be piped or redirected without log lines in it.
   */
  readonly stdoutIsData?: boolean;
}

export function loggerFor(config: Config, role: string, options: LoggerForOptions = {}): Logger {
  const stream = options.stdoutIsData ? process.stderr : process.stdout;
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && stream.isTTY);
  return createLogger({
    level: config.logLevel,
    pretty,
    name: `tickstream.${role}`,
    ...(options.stdoutIsData ? { destination: 'stderr' } : {}),
  });
}

/** One `--flag <value>` per setting, named in the help with its environment variable. */
export function addSettingOptions(program: Command): void {
  program.option('--config <file>', 'JSON file of settings (env TICKSTREAM_CONFIG)');
  for (const [name, def] of Object.entries(SETTINGS)) {
    const option = program.createOption(`--${def.flag} <value>`, `${def.doc} (env ${def.env})`);
    option.attributeName = () => name;
    program.addOption(option);
  }
}
