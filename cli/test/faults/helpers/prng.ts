import { mulberry32 } from '@tickstream/testkit';

/**
 * A seeded PRNG (mulberry32): the chaos schedule of a run is a function of its seed, so a
 * failing run is reproduced with FAULTS_SEED=<the printed seed>.
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** FAULTS_SEED when set, else a fresh seed; each scenario derives its own from it and its name. */
export function baseSeed(): number {
  const fromEnv = process.env['FAULTS_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed) || seed < 0)
      throw new Error(`FAULTS_SEED=${fromEnv} is not a non-negative integer`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

export function scenarioSeed(base: number, name: string): number {
  let h = base >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
