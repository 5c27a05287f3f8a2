import { API_SECTION } from '@tickstream/api';
import { CORE_SECTION, loadSettings, type LoadSettingsInput } from '@tickstream/core';
import { INGEST_SECTION } from '@tickstream/ingest';
import { composeSections, MARKET_SECTION, type SectionValues } from '@tickstream/schema';
import { PROCESS_SECTION } from '@tickstream/stream-processors';

/**
 * Every role's section, composed: the settings `tickstream` reads, in the order of its help,
 * its `config` output and the README's table. A section declares each setting once.
 */
export const TICKSTREAM_SECTION = composeSections(
  CORE_SECTION,
  MARKET_SECTION,
  PROCESS_SECTION,
  API_SECTION,
  INGEST_SECTION,
);

export const SETTINGS = TICKSTREAM_SECTION.settings;

export type SettingName = keyof typeof SETTINGS & string;

/** tickstream's validated configuration: every section's values. */
export type Config = SectionValues<typeof TICKSTREAM_SECTION>;

export type LoadConfigInput = LoadSettingsInput<typeof SETTINGS>;

/**
 * The configuration from defaults < file < environment < flags: one ConfigError lists every
 * invalid value (where it came from, the value, what is allowed), then every section's
 * cross-field problem.
 */
export function loadConfig(input: LoadConfigInput = {}): Config {
  return loadSettings(TICKSTREAM_SECTION, input);
}
