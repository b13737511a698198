/**
 * Assignment by lot. Pure and reproducible: the same seed, population and parameters always give the same
 * groups, so anyone holding the log can re-run a draw and check it.
 *
 * The generator is mulberry32 (a 32-bit state, one multiply-xorshift step per number: small, fast, good enough
 * for shuffling a few hundred people; it is not cryptographic, and does not need to be — the seed is public).
 * The seed string is folded into the 32-bit state with FNV-1a.
 */

/** FNV-1a over the UTF-16 code units of `seed`: a string → a 32-bit unsigned integer. */
export function seedToState(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seeded generator of floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  let state = seedToState(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle driven by `random`; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface DrawPerson {
  id: string;
  /** Only the attributes the draw is stratified on are read. */
  attributes: Record<string, string>;
}

export interface DrawInput {
  seed: string;
  /** In a canonical order (the caller sorts it), so that the order of arrival does not change the draw. */
  population: readonly DrawPerson[];
  groupCount: number;
  /** Attribute names to balance across groups; empty: a plain random split. */
  stratifyBy: readonly string[];
}

/** Group sizes as even as possible: the first `n % count` groups get one more. */
export function groupSizes(n: number, count: number): number[] {
  const base = Math.floor(n / count);
  return Array.from({ length: count }, (_, i) => base + (i < n % count ? 1 : 0));
}

/** The value of an attribute, with a missing one counted as its own stratum. */
const valueOf = (p: DrawPerson, attribute: string) => p.attributes[attribute] ?? '';

/**
 * Splits the population into `groupCount` groups (member ids per group). Stratified draws place people one by
 * one in the group that holds the fewest people like them (on every attribute, relative to its size), then
 * improve the result with swaps that reduce the spread, so that each attribute value ends up within one person
 * of even per group whenever the population allows it.
 */
export function drawGroups(input: DrawInput): string[][] {
  const random = seededRandom(input.seed);
  const people = shuffle(input.population, random);
  const sizes = groupSizes(people.length, input.groupCount);
  if (input.stratifyBy.length === 0) {
    const groups: string[][] = [];
    let offset = 0;
    for (const size of sizes) {
      groups.push(people.slice(offset, offset + size).map((p) => p.id));
      offset += size;
    }
    return groups;
  }
  const balance = new Balance(people, input.stratifyBy, sizes);
  // People with the rarest values first: they are the hardest to spread evenly.
  const order = [...people].sort((a, b) => balance.rarity(a) - balance.rarity(b));
  const groupOf = new Map<string, number>();
  for (const person of order) {
    let best = -1;
    let bestCost = Infinity;
    for (let g = 0; g < sizes.length; g++) {
      if (balance.filled(g) >= sizes[g]!) continue;
      const cost = balance.placeCost(person, g);
      if (cost < bestCost - 1e-9) {
        best = g;
        bestCost = cost;
      }
    }
    balance.add(person, best);
    groupOf.set(person.id, best);
  }
  improveBySwaps(people, groupOf, balance);
  const groups: string[][] = sizes.map(() => []);
  for (const person of people) groups[groupOf.get(person.id)!]!.push(person.id);
  return groups;
}

/** Swaps two people of different groups while that lowers the total squared distance to even. */
function improveBySwaps(people: DrawPerson[], groupOf: Map<string, number>, balance: Balance): void {
  const MAX_PASSES = 20;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        const a = people[i]!;
        const b = people[j]!;
        const ga = groupOf.get(a.id)!;
        const gb = groupOf.get(b.id)!;
        if (ga === gb || balance.swapGain(a, ga, b, gb) >= -1e-9) continue;
        balance.move(a, ga, gb);
        balance.move(b, gb, ga);
        groupOf.set(a.id, gb);
        groupOf.set(b.id, ga);
        improved = true;
      }
    }
    if (!improved) return;
  }
}

/** Counts of each attribute value per group, and how far they are from an even spread. */
class Balance {
  private readonly counts: Map<string, number>[];
  private readonly totals = new Map<string, number>();
  private readonly sizes: number[];
  private readonly n: number;
  private readonly fill: number[];

  constructor(
    people: readonly DrawPerson[],
    private readonly attributes: readonly string[],
    sizes: number[],
  ) {
    this.sizes = sizes;
    this.n = people.length;
    this.counts = sizes.map(() => new Map());
    this.fill = sizes.map(() => 0);
    for (const p of people) {
      for (const key of this.keys(p)) this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    }
  }

  private readonly keyCache = new Map<string, string[]>();

  /** One key per stratified attribute: "attribute NUL value". */
  private keys(p: DrawPerson): string[] {
    let keys = this.keyCache.get(p.id);
    if (!keys) {
      keys = this.attributes.map((a) => `${a}\u0000${valueOf(p, a)}`);
      this.keyCache.set(p.id, keys);
    }
    return keys;
  }

  rarity(p: DrawPerson): number {
    return Math.min(...this.keys(p).map((k) => this.totals.get(k) ?? 0));
  }

  filled(g: number): number {
    return this.fill[g]!;
  }

  /** How crowded group g already is with people like p, relative to its fair share. */
  placeCost(p: DrawPerson, g: number): number {
    const share = this.sizes[g]! / this.n;
    let cost = 0;
    for (const key of this.keys(p)) {
      const expected = (this.totals.get(key) ?? 0) * share;
      cost += ((this.counts[g]!.get(key) ?? 0) + 1 - expected) / Math.max(expected, 1e-9);
    }
    return cost + this.fill[g]! / Math.max(this.sizes[g]!, 1) / 1000;
  }

  add(p: DrawPerson, g: number): void {
    for (const key of this.keys(p)) this.counts[g]!.set(key, (this.counts[g]!.get(key) ?? 0) + 1);
    this.fill[g]! += 1;
  }

  move(p: DrawPerson, from: number, to: number): void {
    for (const key of this.keys(p)) {
      this.counts[from]!.set(key, this.counts[from]!.get(key)! - 1);
      this.counts[to]!.set(key, (this.counts[to]!.get(key) ?? 0) + 1);
    }
  }

  /** Change of the total squared distance to even if a (in ga) and b (in gb) swapped groups. */
  swapGain(a: DrawPerson, ga: number, b: DrawPerson, gb: number): number {
    const ka = this.keys(a);
    const kb = this.keys(b);
    let gain = 0;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] === kb[i]) continue;
      gain += this.shift(ga, ka[i]!, -1) + this.shift(ga, kb[i]!, +1);
      gain += this.shift(gb, ka[i]!, +1) + this.shift(gb, kb[i]!, -1);
    }
    return gain;
  }

  /** Change of (count - expected)² for one key in group g when its count moves by d. */
  private shift(g: number, key: string, d: number): number {
    const expected = (this.totals.get(key) ?? 0) * (this.sizes[g]! / this.n);
    const count = this.counts[g]!.get(key) ?? 0;
    return (count + d - expected) ** 2 - (count - expected) ** 2;
  }
}
