import { readFileSync } from 'node:fs';
import type { Section, SettingDefinition, SettingsTable, SettingsValues } from '@tickstream/schema';
import { ConfigError } from './errors';

// Maps the environment, command-line flags and a JSON file onto the sections of settings the
// roles declare (each role owns its section: names, schemas, defaults, cross-field checks).
// Entry points load the sections they run; nothing else reads the environment.

type Source = 'default' | 'file' | 'env' | 'flag';

export interface LoadSettingsInput<S extends SettingsTable = SettingsTable> {
  /** Usually process.env; only entry points pass it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, by setting name (strings as typed). */
  readonly flags?: Readonly<Partial<Record<keyof S & string, unknown>>>;
  /** A JSON file of `{ settingName: value }`; TICKSTREAM_CONFIG names one too. */
  readonly file?: string;
  /**
   * Values in place of the sections' defaults, already typed: a command's own defaults (the
   * demo's screener), which the file, the environment and flags still override.
   */
  readonly defaults?: Readonly<Partial<SettingsValues<S>>>;
}

function describeValue(value: unknown, secret: boolean | undefined): string {
  if (secret) return '(hidden)';
  return typeof value === 'string'
    ? JSON.stringify(value)
    : (JSON.stringify(value) ?? String(value));
}

function readConfigFile(path: string, settings: SettingsTable): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot read the config file ${path}: ${reason}`, [reason]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`The config file ${path} is not valid JSON: ${reason}`, [reason]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`The config file ${path} must hold a JSON object of settings`, []);
  }
  const unknownKeys = Object.keys(parsed).filter((k) => !(k in settings));
  if (unknownKeys.length > 0) {
    const problem = `unknown setting(s) ${unknownKeys.join(', ')}; known: ${Object.keys(settings).join(', ')}`;
    throw new ConfigError(`The config file ${path} has ${problem}`, [problem]);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The values of a section's settings from defaults < config file < environment < flags,
 * validating every value. Throws one ConfigError listing every invalid setting, each with
 * where the value came from, the value and what is allowed; the section's cross-field checks
 * run once every setting is valid on its own.
 */
export function loadSettings<S extends SettingsTable>(
  section: Section<S>,
  input: LoadSettingsInput<S> = {},
): SettingsValues<S> {
  const env = input.env ?? {};
  const flags: Readonly<Record<string, unknown>> = input.flags ?? {};
  const defaults: Readonly<Record<string, unknown>> = input.defaults ?? {};
  const filePath = input.file ?? env['TICKSTREAM_CONFIG'];
  const file = filePath ? readConfigFile(filePath, section.settings) : {};

  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, def] of Object.entries(section.settings) as [
    string,
    SettingDefinition<unknown>,
  ][]) {
    let raw: unknown = name in defaults ? defaults[name] : def.default;
    let source: Source = 'default';
    if (name in file) [raw, source] = [file[name], 'file'];
    const fromEnv = env[def.env];
    if (fromEnv !== undefined) [raw, source] = [fromEnv, 'env'];
    const fromFlag = flags[name];
    if (fromFlag !== undefined) [raw, source] = [fromFlag, 'flag'];
    if (source === 'default') {
      values[name] = raw;
      continue;
    }
    const parsed = def.schema.safeParse(raw);
    if (parsed.success) {
      values[name] = parsed.data;
    } else {
      const where =
        source === 'env' ? def.env : source === 'flag' ? `--${def.flag}` : `${name} in ${filePath}`;
      problems.push(`${where} = ${describeValue(raw, def.secret)}: expected ${def.allowed}`);
    }
  }

  // Every setting was parsed by its own schema, so the values have the section's types.
  const typed = values as SettingsValues<S>;
  if (problems.length === 0) problems.push(...(section.check?.(typed) ?? []));
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      problems,
    );
  }
  return typed;
}
