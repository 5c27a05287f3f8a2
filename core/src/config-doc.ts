import type { SettingDefinition, SettingsTable } from '@tickstream/schema';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function shownDefault(def: SettingDefinition<unknown>): string {
  if (def.secret) return '(empty)';
  if (def.shownDefault !== undefined) return `\`${def.shownDefault}\``;
  const value = def.default;
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : `\`${value.join(',')}\``;
  return `\`${String(value)}\``;
}

/** The README's configuration table, generated from the settings so the docs cannot drift. */
export function configurationTable(settings: SettingsTable): string {
  const rows = Object.values(settings).map(
    (def) =>
      `| \`${def.env}\` | \`--${def.flag}\` | ${shownDefault(def)} | ${cell(def.doc)} Allowed: ${cell(def.allowed)}. |`,
  );
  return ['| environment | flag | default | what it does |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
