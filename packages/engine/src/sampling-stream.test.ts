/**
 * The fast generator and samplers give exactly the draws of the plain algorithms: xoshiro128**
 * word by word, the ziggurat normal and Marsaglia–Tsang gamma as written in their papers, one
 * word at a time. Buffering words ahead and reading them in place must change no draw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepare, sampleInto } from "./distributions.js";
import { createRng } from "./rng.js";
import type { Distribution } from "./schema.js";

/** xoshiro128** seeded as createRng does, one word per call. */
function referenceWords(seed: number, stream: number) {
  let sm = seed >>> 0;
  const splitmix = () => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const hi = Math.floor(seed / 4294967296) >>> 0;
  sm = (splitmix() ^ hi) | 0;
  sm = (splitmix() ^ Math.imul(stream >>> 0, 0x27d4eb2d)) | 0;
  sm = (splitmix() ^ Math.floor(stream / 4294967296)) | 0;
  let a = splitmix() | 0;
  let b = splitmix() | 0;
  let c = splitmix() | 0;
  let d = splitmix() | 0;
  if ((a | b | c | d) === 0) a = 1;
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  const uint32 = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r;
  };
  const uniform = () => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6) + 0.5) / 9007199254740992;
  return { uint32, uniform };
}

/** The samplers as plain code over the reference generator. */
function referenceSampler(seed: number, stream: number) {
  const g = referenceWords(seed, stream);
  const C = 128;
  const R = 3.442619855899;
  const V = 9.91256303526217e-3;
  const X = new Float64Array(C + 1);
  let f = Math.exp(-0.5 * R * R);
  X[0] = V / f;
  X[1] = R;
  for (let i = 2; i < C; i++) {
    X[i] = Math.sqrt(-2 * Math.log(V / (X[i - 1] as number) + f));
    f = Math.exp(-0.5 * (X[i] as number) ** 2);
  }
  const normal = (): number => {
    for (;;) {
      const u = ((g.uint32() | 0) + 0.5) / 2147483648;
      const i = g.uint32() & (C - 1);
      const xi = X[i] as number;
      if (Math.abs(u) < (X[i + 1] as number) / xi) return u * xi;
      if (i === 0) {
        let x: number;
        let y: number;
        do {
          x = Math.log(g.uniform()) / R;
          y = Math.log(g.uniform());
        } while (-2 * y < x * x);
        return u < 0 ? x - R : R - x;
      }
      const x = u * xi;
      const xn = X[i + 1] as number;
      const f0 = Math.exp(-0.5 * (xi * xi - x * x));
      const f1 = Math.exp(-0.5 * (xn * xn - x * x));
      if (f1 + g.uniform() * (f0 - f1) < 1) return x;
    }
  };
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * g.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = g.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return (dist: Distribution): number => {
    switch (dist.dist) {
      case "normal":
        return dist.mean + dist.sd * normal();
      case "lognormal": {
        const s2 = Math.log(1 + (dist.sd * dist.sd) / (dist.mean * dist.mean));
        return Math.exp(Math.log(dist.mean) - s2 / 2 + Math.sqrt(s2) * normal());
      }
      case "gamma":
        return ((dist.sd * dist.sd) / dist.mean) * gamma((dist.mean * dist.mean) / (dist.sd * dist.sd));
      case "beta": {
        const a = dist.mean * ((dist.mean * (1 - dist.mean)) / (dist.sd * dist.sd) - 1);
        const x = gamma(a);
        const y = gamma((a * (1 - dist.mean)) / dist.mean);
        return 0 + (1 * x) / (x + y);
      }
      case "pert": {
        const w = dist.max - dist.min;
        const x = gamma(1 + (4 * (dist.mode - dist.min)) / w);
        const y = gamma(1 + (4 * (dist.max - dist.mode)) / w);
        return dist.min + (w * x) / (x + y);
      }
      case "uniform":
        return dist.min + (dist.max - dist.min) * g.uniform();
      case "triangular": {
        const u = g.uniform();
        const w = dist.max - dist.min;
        const c = (dist.mode - dist.min) / w;
        return u < c ? dist.min + w * Math.sqrt(u * c) : dist.max - w * Math.sqrt((1 - u) * (1 - c));
      }
    }
  };
}

const distributions: Distribution[] = [
  { dist: "normal", mean: 10, sd: 2 },
  { dist: "lognormal", mean: 0.7, sd: 0.1 },
  { dist: "gamma", mean: 10, sd: 4 },
  { dist: "gamma", mean: 0.5, sd: 1 }, // shape < 1
  { dist: "beta", mean: 0.1, sd: 0.02 }, // large shapes, as baseline risks
  { dist: "beta", mean: 0.5, sd: 0.3 }, // shapes < 1
  { dist: "pert", min: 3500, mode: 4100, max: 5200 },
  { dist: "pert", min: 1, mode: 1, max: 3 }, // α = 1
  { dist: "uniform", min: 2, max: 8 },
  { dist: "triangular", min: 0, mode: 1, max: 4 },
];

describe("the random stream", () => {
  it("gives xoshiro128**'s words, in order, whichever way they are read", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.nat(1000),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3000 }),
        (seed, stream, reads) => {
          const rng = createRng(seed, stream);
          const ref = referenceWords(seed, stream);
          for (const r of reads) {
            if (r === 0) expect(rng.uint32()).toBe(ref.uint32());
            else if (r === 1) expect(rng.uniform()).toBe(ref.uniform());
            else {
              // A reader that takes words in place, as the samplers do.
              const k = r === 2 ? 2 : 64;
              rng.ensure(k);
              for (let j = 0; j < k; j++) expect(rng.words[rng.pos + j]).toBe(ref.uint32());
              rng.pos += k;
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each(distributions.map((d) => [JSON.stringify(d), d] as const))("draws %s exactly as the plain algorithm", (_name, d) => {
    // Several numbers from one stream, in blocks, as Monte Carlo draws them.
    const rng = createRng(2024, 7);
    const draw = referenceSampler(2024, 7);
    const others: Distribution[] = [{ dist: "beta", mean: 0.2, sd: 0.04 }, d, { dist: "normal", mean: 0, sd: 1 }];
    for (let round = 0; round < 3; round++)
      for (const dist of others) {
        const n = 700;
        const out = new Float64Array(n);
        sampleInto(prepare(dist), rng, out, 0, n);
        for (let i = 0; i < n; i++) expect(out[i]).toBe(draw(dist));
      }
  });
});
