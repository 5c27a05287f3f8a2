import { z } from 'zod';

// The toolkit every role declares its settings with. A setting is a contract like an event
// schema: its name, its environment variable and flag, what it accepts and its default. Each
// role owns a section of them; core only maps environment, flags and a file onto sections.

export interface SettingDefinition<T> {
  readonly env: string;
  readonly flag: string;
  readonly schema: z.ZodType<T>;
  readonly default: NoInfer<T>;
  /** What is allowed, in words, for error messages and the docs. */
  readonly allowed: string;
  readonly doc: string;
  readonly secret?: boolean;
  /** The default as the docs write it, when that reads better than its value (24h, not 86400000). */
  readonly shownDefault?: string;
}

/** Settings by name; a section's table, or several composed. */
export type SettingsTable = Readonly<Record<string, SettingDefinition<unknown>>>;

/** The parsed values of a table of settings. */
export type SettingsValues<S extends SettingsTable> = {
  readonly [K in keyof S]: S[K] extends SettingDefinition<infer T> ? T : never;
};

/** One role's settings and the checks that look at several of them together. */
export interface Section<S extends SettingsTable> {
  readonly settings: S;
  /**
   * Problems between settings that are each valid (e.g. an exit threshold above the entry),
   * worded like the per-setting ones: what is set, and what it must be. Empty when consistent.
   */
  // A method, so a section of a narrower table still counts as a Section<SettingsTable>.
  check?(values: SettingsValues<S>): readonly string[];
}

/** The parsed values of a section. */
export type SectionValues<Sec> = Sec extends Section<infer S> ? SettingsValues<S> : never;

export function setting<T>(definition: SettingDefinition<T>): SettingDefinition<T> {
  return definition;
}

export function defineSection<S extends SettingsTable>(section: Section<S>): Section<S> {
  return section;
}

/** Every setting at its default: what a role runs with when nothing is configured. */
export function defaultsOf<S extends SettingsTable>(settings: S): SettingsValues<S> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, def]) => [name, def.default]),
  ) as SettingsValues<S>;
}

/** A schema that first converts text (environment variables and flags are text). */
export const fromString = <T>(inner: z.ZodType<T>, convert: (raw: string) => unknown) =>
  z.preprocess((raw) => (typeof raw === 'string' ? convert(raw.trim()) : raw), inner);

export const integer = (min: number, max: number) =>
  fromString(z.number().int().min(min).max(max), (s) => (/^-?\d+$/.test(s) ? Number(s) : s));

export const decimal = (min: number, max: number) =>
  fromString(z.number().min(min).max(max), (s) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s));

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A duration such as 90s, 15m, 24h or 7d (0 alone is allowed), as milliseconds. */
export const duration = (minMs: number, maxMs: number) =>
  fromString(z.number().int().min(minMs).max(maxMs), (s) => {
    if (s === '0') return 0;
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(s);
    return match?.[1] !== undefined && match[2] !== undefined
      ? Math.round(Number(match[1]) * (DURATION_UNITS[match[2]] ?? Number.NaN))
      : s;
  });

export const boolean = () =>
  fromString(z.boolean(), (s) =>
    ['true', '1', 'yes'].includes(s.toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(s.toLowerCase())
        ? false
        : s,
  );

export const list = <T>(item: z.ZodType<T>) =>
  fromString(z.array(item), (s) => (s === '' ? [] : s.split(',').map((part) => part.trim())));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

// Roles write their settings' schemas with the same zod as the toolkit's parsers.
export { z };

type TableOf<Sec> = Sec extends Section<infer S> ? S : never;
type Intersection<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? H & Intersection<R>
  : unknown;
/** The composed table of the given sections. */
export type ComposedTable<Secs extends readonly Section<SettingsTable>[]> = Extract<
  Intersection<{ [I in keyof Secs]: TableOf<Secs[I]> }>,
  SettingsTable
>;

/**
 * Several sections as one: their settings in the order given, and every section's check.
 * A name claimed by two sections is a programming error, so it throws.
 */
export function composeSections<const Secs extends readonly Section<SettingsTable>[]>(
  ...sections: Secs
): Section<ComposedTable<Secs>> {
  const settings: Record<string, SettingDefinition<unknown>> = {};
  for (const section of sections) {
    for (const [name, def] of Object.entries(section.settings)) {
      if (name in settings) throw new Error(`the setting ${name} is declared by two sections`);
      settings[name] = def;
    }
  }
  return {
    settings: settings as ComposedTable<Secs>,
    check: (values) => sections.flatMap((section) => section.check?.(values) ?? []),
  };
}
