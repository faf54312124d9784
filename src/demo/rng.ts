// Seeded randomness for the sample generator. Everything random in `kesu demo` flows from one seed through
// d3's LCG, so the same options give byte-identical files on any machine (no Math.random, no clock).
import { randomLcg, randomNormal, randomPoisson } from "d3";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(mean: number, sd: number): number;
  logNormal(mu: number, sigma: number): number;
  poisson(lambda: number): number;
  /**
   * An independent stream named by `label`. Each planted signal and each concern draws from its own fork,
   * so adding a draw in one place does not reshuffle everything else.
   */
  fork(label: string): Rng;
}

/** A discrete distribution, prepared once and sampled many times. */
export interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (!(total > 0)) throw new Error("weighted(): weights must sum to a positive number");
  const cumulative = new Float64Array(entries.length);
  let running = 0;
  entries.forEach(([, w], i) => {
    running += w / total;
    cumulative[i] = running;
  });
  cumulative[entries.length - 1] = 1;
  return { items: entries.map(([item]) => item), cumulative };
}

export function sample<T>(rng: Rng, table: Weighted<T>): T {
  const u = rng.next();
  const { cumulative, items } = table;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return items[lo];
}

/** 32-bit FNV-1a: turns a seed and a label into the seed of a forked stream. */
function hashSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193);
  const text = `${seed}:${label}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Avoid the [0, 1) range, which randomLcg reads as a fraction rather than as an integer state.
  return (h >>> 0) | 1;
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const source = randomLcg(hashSeed(seed, "root"));
  const standardNormal = randomNormal.source(source)(0, 1);
  const poissonByLambda = new Map<number, () => number>();
  const rng: Rng = {
    next: source,
    int: (min, max) => min + Math.floor(source() * (max - min + 1)),
    chance: (probability) => source() < probability,
    pick: (items) => items[Math.floor(source() * items.length)],
    normal: (mean, sd) => mean + sd * standardNormal(),
    logNormal: (mu, sigma) => Math.exp(mu + sigma * standardNormal()),
    poisson: (lambda) => {
      let draw = poissonByLambda.get(lambda);
      if (!draw) {
        draw = randomPoisson.source(source)(lambda);
        poissonByLambda.set(lambda, draw);
      }
      return draw();
    },
    fork: (label) => createRng(hashSeed(seed, label)),
  };
  return rng;
}
