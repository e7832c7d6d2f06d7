/**
 * A small, fast, seedable random generator: four interleaved xoshiro128** generators (Blackman &
 * Vigna), 32-bit arithmetic so that it runs at full speed in JavaScript and four words at a time
 * in WebAssembly's 128-bit SIMD (wasm/kernel.ts makes the same words). Randomness enters the
 * engine only through this type; nothing reads a global generator or the clock.
 * @module
 */

/**
 * A seeded stream of uniform numbers. The stream's 32-bit words are generated ahead in bulk into
 * `words`; every reader takes them strictly in order (`uint32`, `uniform`, or the samplers,
 * which read `words` directly after `ensure`), so the buffer changes no result.
 */
export interface Rng {
  /** A uniform double in the open interval (0, 1), with 53 random bits (two words). */
  uniform(): number;
  /** 32 uniform random bits as an unsigned integer (one word). */
  uint32(): number;
  /** Words generated ahead; `words[pos]` is the next word of the stream. */
  readonly words: Uint32Array;
  /** The index of the next word in `words`; a reader that takes k words adds k. */
  pos: number;
  /** Makes at least `k` (at most RNG_AHEAD) words ready from `pos` on. */
  ensure(k: number): void;
}

/** Words in the buffer (a multiple of LANES). */
const BUFFER_WORDS = 1024;
/** Interleaved xoshiro128** generators: word i of the stream is word ⌊i/4⌋ of generator i mod 4. */
const LANES = 4;
/** State words: a, b, c and d of the four generators, each four in a row (one SIMD vector each). */
export const RNG_STATE_WORDS = 16;
/** The most words `ensure` may be asked for at once. */
export const RNG_AHEAD = 64;

/** splitmix32: spreads a seed over the state so that nearby seeds give unrelated streams. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * Memory for a generator given by its caller: the RNG_STATE_WORDS state words and the buffer of
 * words (shared with the WebAssembly samplers, kernel-wasm.ts, which read and refill the same
 * buffer; both 16-byte aligned there).
 */
export interface RngMemory {
  readonly state: Int32Array;
  readonly words: Uint32Array;
}

class Xoshiro128 implements Rng {
  /** The four state words, in typed memory so that they stay raw 32-bit integers. */
  private readonly s: Int32Array;
  readonly words: Uint32Array;
  pos = BUFFER_WORDS;

  constructor(seed: number, stream: number, memory?: RngMemory) {
    this.s = memory?.state ?? new Int32Array(RNG_STATE_WORDS);
    this.words = memory?.words ?? new Uint32Array(BUFFER_WORDS);
    // Mix the seed's high and low words and the stream number into one splitmix state.
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const lo = seed >>> 0;
    const st = { s: lo };
    st.s = (splitmix32(st) ^ hi) | 0;
    st.s = (splitmix32(st) ^ Math.imul(stream >>> 0, 0x27d4eb2d)) | 0;
    st.s = (splitmix32(st) ^ Math.floor(stream / TWO_POW_32)) | 0;
    // Generator g's a, b, c, d: the next four words of the chain, for g = 0, 1, 2, 3.
    const s = this.s;
    for (let g = 0; g < LANES; g++) {
      for (let j = 0; j < 4; j++) s[j * LANES + g] = splitmix32(st);
      if (((s[g] as number) | (s[LANES + g] as number) | (s[2 * LANES + g] as number) | (s[3 * LANES + g] as number)) === 0) s[g] = 1;
    }
  }

  ensure(k: number): void {
    if (BUFFER_WORDS - this.pos < k) this.refill();
  }

  /**
   * Moves the words not yet read to the front and generates the rest of the buffer, four words
   * (one of each generator) at a time. Words move by a multiple of four places, so a word's place
   * in the buffer stays its place in the stream modulo four: when the refill happens changes no
   * word.
   */
  private refill(): void {
    const w = this.words;
    const from = this.pos & ~(LANES - 1);
    w.copyWithin(0, from, BUFFER_WORDS);
    const s = this.s;
    let a0 = s[0] as number, a1 = s[1] as number, a2 = s[2] as number, a3 = s[3] as number;
    let b0 = s[4] as number, b1 = s[5] as number, b2 = s[6] as number, b3 = s[7] as number;
    let c0 = s[8] as number, c1 = s[9] as number, c2 = s[10] as number, c3 = s[11] as number;
    let d0 = s[12] as number, d1 = s[13] as number, d2 = s[14] as number, d3 = s[15] as number;
    for (let n = BUFFER_WORDS - from; n < BUFFER_WORDS; n += LANES) {
      // xoshiro128**: result = rotl(b · 5, 7) · 9; then the state transition; for each generator.
      w[n] = Math.imul(rotl(Math.imul(b0, 5), 7), 9);
      w[n + 1] = Math.imul(rotl(Math.imul(b1, 5), 7), 9);
      w[n + 2] = Math.imul(rotl(Math.imul(b2, 5), 7), 9);
      w[n + 3] = Math.imul(rotl(Math.imul(b3, 5), 7), 9);
      const t0 = b0 << 9, t1 = b1 << 9, t2 = b2 << 9, t3 = b3 << 9;
      c0 ^= a0; c1 ^= a1; c2 ^= a2; c3 ^= a3;
      d0 ^= b0; d1 ^= b1; d2 ^= b2; d3 ^= b3;
      b0 ^= c0; b1 ^= c1; b2 ^= c2; b3 ^= c3;
      a0 ^= d0; a1 ^= d1; a2 ^= d2; a3 ^= d3;
      c0 ^= t0; c1 ^= t1; c2 ^= t2; c3 ^= t3;
      d0 = rotl(d0, 11); d1 = rotl(d1, 11); d2 = rotl(d2, 11); d3 = rotl(d3, 11);
    }
    s[0] = a0; s[1] = a1; s[2] = a2; s[3] = a3;
    s[4] = b0; s[5] = b1; s[6] = b2; s[7] = b3;
    s[8] = c0; s[9] = c1; s[10] = c2; s[11] = c3;
    s[12] = d0; s[13] = d1; s[14] = d2; s[15] = d3;
    this.pos -= from;
  }

  uint32(): number {
    if (this.pos >= BUFFER_WORDS) this.refill();
    return this.words[this.pos++] as number;
  }

  uniform(): number {
    if (BUFFER_WORDS - this.pos < 2) this.refill();
    const w = this.words;
    const p = this.pos;
    this.pos = p + 2;
    // 27 bits from the first word, 26 from the second.
    return (((w[p] as number) >>> 5) * 67108864 + ((w[p + 1] as number) >>> 6) + 0.5) * TWO_POW_MINUS_53;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A generator for one stream of one seed. Streams of the same seed are independent for all
 * practical purposes; Monte Carlo gives each block of iterations its own stream, so a result
 * does not depend on how blocks are spread over threads.
 *
 * @param seed an integer ≥ 0 (up to 2^53)
 * @param stream an integer ≥ 0 naming the stream
 * @param memory where to keep the state and the words (RNG_STATE_WORDS and RNG_WORDS of them),
 *   else its own
 * @example createRng(42, 0).uniform() // a number in (0, 1)
 */
export function createRng(seed: number, stream = 0, memory?: RngMemory): Rng {
  return new Xoshiro128(seed, stream, memory);
}

/** Words in a generator's buffer. */
export const RNG_WORDS = BUFFER_WORDS;
