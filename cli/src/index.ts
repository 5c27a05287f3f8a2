export { buildProgram } from './program';
export * from './node';
export { loadConfig, SETTINGS, TICKSTREAM_SECTION } from './settings';
export type { Config, LoadConfigInput, SettingName } from './settings';
