import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Access to the statsmodels reference files. The directory can be pointed at a held-out set
 * with the same schema through TICKSTREAM_REFERENCE_DIR.
 */
export const REFERENCE_DIR =
  process.env['TICKSTREAM_REFERENCE_DIR'] ?? path.join(__dirname, '../../../reference');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function loadReference(file: string): JsonObject {
  const parsed = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8')) as Json;
  return asObject(parsed, file);
}

export function referenceExists(file: string): boolean {
  return fs.existsSync(path.join(REFERENCE_DIR, file));
}

/** The pair cases present in the reference directory (pair_*.json), whatever their number. */
export function pairCaseFiles(): string[] {
  return fs
    .readdirSync(REFERENCE_DIR)
    .filter((f) => /^pair_.*\.json$/.test(f))
    .sort();
}

export function asObject(v: Json | undefined, what: string): JsonObject {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) {
    throw new Error(`${what}: expected an object`);
  }
  return v;
}

export function obj(o: JsonObject, key: string): JsonObject {
  return asObject(o[key], key);
}

export function has(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** A stored number: null stands for NaN, "inf"/"-inf" for ±Infinity (README conventions). */
export function toNumber(v: Json | undefined, what: string): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  throw new Error(`${what}: expected a number, got ${JSON.stringify(v)}`);
}

export function num(o: JsonObject, key: string): number {
  const v = toNumber(o[key], key);
  if (v === null) throw new Error(`${key}: expected a number, got null`);
  return v;
}

export function numOrNull(o: JsonObject, key: string): number | null {
  return toNumber(o[key], key);
}

export function str(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`${key}: expected a string`);
  return v;
}

export function strOrNull(o: JsonObject, key: string): string | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'string') throw new Error(`${key}: expected a string or null`);
  return v;
}

export function arr(o: JsonObject, key: string): Json[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new Error(`${key}: expected an array`);
  return v;
}

export function numbers(o: JsonObject, key: string): (number | null)[] {
  return arr(o, key).map((v, i) => toNumber(v, `${key}[${i}]`));
}

/** An input series: every entry must be a finite number. */
export function series(o: JsonObject, key: string): number[] {
  return numbers(o, key).map((v, i) => {
    if (v === null || !Number.isFinite(v)) throw new Error(`${key}[${i}] is not finite`);
    return v;
  });
}
