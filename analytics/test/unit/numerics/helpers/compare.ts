import * as fs from 'node:fs';

// Bound once: inside jest's vm sandbox every global lookup such as `Math` costs ~250 ns, and
// these helpers run a million times in the rolling-window tests.
const { abs, max } = Math;

export interface Tolerance {
  /** Relative to |expected|. */
  readonly rel: number;
  /** Absolute floor, for values near 0 (and bounded quantities). */
  readonly abs?: number;
}

/** Largest observed error per quantity; written to NUMERICS_ERROR_REPORT (JSON lines) if set. */
const worst = new Map<string, { rel: number; abs: number }>();

function record(quantity: string, actual: number, expected: number): void {
  const err = abs(actual - expected);
  const rel = expected === 0 ? (err === 0 ? 0 : Infinity) : err / abs(expected);
  const w = worst.get(quantity) ?? { rel: 0, abs: 0 };
  worst.set(quantity, { rel: max(w.rel, rel), abs: max(w.abs, err) });
}

export function flushErrorReport(suite: string): void {
  const file = process.env['NUMERICS_ERROR_REPORT'];
  if (file === undefined) return;
  const lines = [...worst.entries()].map(([q, e]) => JSON.stringify({ suite, quantity: q, ...e }));
  if (lines.length > 0) fs.appendFileSync(file, lines.join('\n') + '\n');
  worst.clear();
}

/** Whether `actual` is within tolerance of `expected`; both null (NaN in the reference) counts as equal. */
export function within(actual: number | null, expected: number | null, tol: Tolerance): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return abs(actual - expected) <= max(tol.rel * abs(expected), tol.abs ?? 0);
}

/** Jest assertion with a message that names the quantity and shows both numbers. */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  tol: Tolerance,
  label: string,
  quantity = label,
): void {
  const a = actual ?? null;
  if (a !== null && expected !== null && Number.isFinite(a) && Number.isFinite(expected)) {
    record(quantity, a, expected);
  }
  if (!within(a, expected, tol)) {
    throw new Error(
      `${label}: got ${String(a)}, expected ${String(expected)} (tolerance rel ${tol.rel}, abs ${tol.abs ?? 0})`,
    );
  }
}

/** Element-wise comparison; reports the first few mismatches by index. */
export function expectAllClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  tol: Tolerance,
  label: string,
  quantity = label,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? null;
    const e = expected[i] ?? null;
    if (a !== null && e !== null && Number.isFinite(a) && Number.isFinite(e))
      record(quantity, a, e);
    if (!within(a, e, tol)) bad.push(`[${i}] got ${String(a)}, expected ${String(e)}`);
  }
  if (bad.length > 0) {
    throw new Error(
      `${label}: ${bad.length} of ${expected.length} outside rel ${tol.rel} / abs ${tol.abs ?? 0}: ${bad.slice(0, 5).join('; ')}`,
    );
  }
}

export function expectFiniteOrNull(values: readonly (number | null)[], label: string): void {
  values.forEach((v, i) => {
    if (v !== null && !Number.isFinite(v)) throw new Error(`${label}[${i}] = ${v}`);
  });
}
