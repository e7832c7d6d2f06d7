/**
 * The fast generator and samplers give exactly the draws of the plain algorithms: xoshiro128**
 * word by word, the ziggurat normal and Marsaglia–Tsang gamma as written in their papers, one
 * word at a time. Buffering words ahead and reading them in place must change no draw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepare, sampleInto, ZIG_RATIO, ZIG_X } from "./distributions.js";
import { kernelMemory } from "./kernel-wasm.js";
import { createRng, RNG_STATE_WORDS, RNG_WORDS } from "./rng.js";
import type { Distribution } from "./schema.js";

/**
 * Four xoshiro128** generators seeded as createRng does, one word per call: word i of the stream
 * is the next word of generator i mod 4.
 */
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
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  const generators = [0, 1, 2, 3].map(() => {
    let a = splitmix() | 0;
    let b = splitmix() | 0;
    let c = splitmix() | 0;
    let d = splitmix() | 0;
    if ((a | b | c | d) === 0) a = 1;
    return () => {
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
  });
  let next = 0;
  const uint32 = () => {
    const r = (generators[next] as () => number)();
    next = (next + 1) & 3;
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

describe("the WebAssembly samplers", () => {
  /** A generator and a place for draws in a WebAssembly kernel's memory, as the batch kernel lays them out. */
  const wasmSampling = (seed: number, stream: number, n: number) => {
    const at = { state: 0, words: 0, zigX: 0, zigRatio: 0, out: 0 };
    let numbers = 0;
    for (const [k, size] of [["state", RNG_STATE_WORDS / 2], ["words", RNG_WORDS / 2], ["zigX", ZIG_X.length], ["zigRatio", ZIG_RATIO.length], ["out", n]] as const) {
      at[k] = numbers;
      numbers += size + (size & 1);
    }
    const mem = kernelMemory(numbers);
    const samplers = mem.samplers;
    if (!samplers) throw new Error("no WebAssembly here");
    const index = (k: keyof typeof at) => mem.first + at[k];
    mem.f.set(ZIG_X, index("zigX"));
    mem.f.set(ZIG_RATIO, index("zigRatio"));
    samplers.setTables(index("zigX"), index("zigRatio"));
    const buffer = mem.f.buffer;
    const rng = createRng(seed, stream, {
      state: new Int32Array(buffer, 8 * index("state"), RNG_STATE_WORDS),
      words: new Uint32Array(buffer, 8 * index("words"), RNG_WORDS),
    });
    return { rng, f: mem.f, out: index("out"), fast: { samplers, state: 8 * index("state"), words: 8 * index("words") }, samplers };
  };

  it("draw every distribution exactly as the plain algorithms, refilled by either side at any point", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.nat(1000),
        fc.array(fc.tuple(fc.integer({ min: 0, max: distributions.length - 1 }), fc.integer({ min: 1, max: 700 }), fc.nat(3)), { minLength: 1, maxLength: 12 }),
        (seed, stream, steps) => {
          const { rng, f, out, fast } = wasmSampling(seed, stream, 700);
          const ref = referenceSampler(seed, stream);
          for (const [k, n, skip] of steps) {
            const d = distributions[k] as Distribution;
            sampleInto(prepare(d), rng, f, out, n, fast);
            for (let i = 0; i < n; i++) expect(f[out + i]).toBe(ref(d));
            // Uniforms read by JavaScript between blocks move the position by any number of words.
            for (let j = 0; j < skip; j++) expect(rng.uniform()).toBe(ref({ dist: "uniform", min: 0, max: 1 }));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("decide the ziggurat's wedge test as JavaScript's exp does, also next to its boundary", () => {
    const { samplers } = wasmSampling(1, 0, 0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: ZIG_X.length - 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -60, max: 60 }),
        fc.double({ min: 1e-17, max: 1e-2, noNaN: true }),
        (i, along, sign, gap) => {
          const xi = ZIG_X[i] as number;
          const xn = ZIG_X[i + 1] as number;
          const x = xn + along * (xi - xn);
          const f0 = Math.exp(-0.5 * (xi * xi - x * x));
          const f1 = Math.exp(-0.5 * (xn * xn - x * x));
          // w at the boundary (1 − f1)/(f0 − f1), moved by a relative gap either way, or anywhere.
          const w = sign === 0 ? gap * 100 : ((1 - f1) / (f0 - f1)) * (1 + (Math.sign(sign) * gap * Math.abs(sign)) / 60);
          if (!(w > 0 && w < 1)) return;
          expect(samplers.wedgeTest(x, xi, xn, w) === 1).toBe(f1 + w * (f0 - f1) < 1);
        },
      ),
      { numRuns: 20000 },
    );
  });

  it("decide the gamma sampler's test with logs as JavaScript's logs do, also next to its boundary", () => {
    const { samplers } = wasmSampling(1, 0, 0);
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.integer({ min: -60, max: 60 }),
        fc.double({ min: 1e-17, max: 1e-2, noNaN: true }),
        (shape, x, sign, gap) => {
          const d = shape - 1 / 3;
          const c = 1 / Math.sqrt(9 * d);
          const s = 1 + c * x;
          if (!(s > 0)) return;
          const v = s * s * s;
          const x2 = x * x;
          const rhs = 0.5 * x2 + d * (1 - v + Math.log(v));
          // u at the boundary exp(rhs), moved by a relative gap either way, or anywhere.
          const u = sign === 0 ? gap * 100 : Math.exp(rhs) * (1 + Math.sign(sign) * gap * Math.abs(sign) / 60);
          if (!(u > 0 && u < 1)) return;
          expect(samplers.logTest(u, x2, s, v, d) === 1).toBe(Math.log(u) < rhs);
        },
      ),
      { numRuns: 20000 },
    );
  });
});
