/** Deterministic test data: mulberry32 uniform generator and Box–Muller normals. */

export interface Rng {
  uniform(): number;
  normal(): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | null = null;
  function uniform(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function normal(): number {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  return { uniform, normal };
}

/** start·exp(cumsum(N(0, vol))): a GBM-like price path. */
export function gbmPath(rng: Rng, n: number, start: number, vol: number): Float64Array {
  const out = new Float64Array(n);
  let logPrice = Math.log(start);
  for (let i = 0; i < n; i++) {
    logPrice += vol * rng.normal();
    out[i] = Math.exp(logPrice);
  }
  return out;
}

/** AR(1) u_t = φ·u_{t−1} + σ·ε_t from u_0 = 0 (an Ornstein–Uhlenbeck process for 0 < φ < 1). */
export function ar1Path(rng: Rng, n: number, phi: number, sigma: number): Float64Array {
  const out = new Float64Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    u = phi * u + sigma * rng.normal();
    out[i] = u;
  }
  return out;
}

/** Cumulative sum of AR(1) increments: φ = 0 a random walk, φ > 0 a trending (persistent) walk. */
export function integratedAr1Path(rng: Rng, n: number, phi: number, sigma: number): Float64Array {
  const increments = ar1Path(rng, n, phi, sigma);
  const out = new Float64Array(n);
  let level = 0;
  for (let i = 0; i < n; i++) {
    level += increments[i] as number;
    out[i] = level;
  }
  return out;
}
