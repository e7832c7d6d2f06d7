/**
 * A small, fast, seedable random generator: xoshiro128** (Blackman & Vigna), 32-bit
 * arithmetic so it runs at full speed in JavaScript. Randomness enters the engine only through
 * this type; nothing reads a global generator or the clock.
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

/** Words generated per refill. */
const BUFFER_WORDS = 1024;
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
 * Memory for a generator given by its caller: the 4 state words and the buffer of words (shared
 * with the WebAssembly samplers, kernel-wasm.ts, which read and refill the same buffer).
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
    this.s = memory?.state ?? new Int32Array(4);
    this.words = memory?.words ?? new Uint32Array(BUFFER_WORDS);
    // Mix the seed's high and low words and the stream number into one splitmix state.
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const lo = seed >>> 0;
    const st = { s: lo };
    st.s = (splitmix32(st) ^ hi) | 0;
    st.s = (splitmix32(st) ^ Math.imul(stream >>> 0, 0x27d4eb2d)) | 0;
    st.s = (splitmix32(st) ^ Math.floor(stream / TWO_POW_32)) | 0;
    const s = this.s;
    s[0] = splitmix32(st);
    s[1] = splitmix32(st);
    s[2] = splitmix32(st);
    s[3] = splitmix32(st);
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  ensure(k: number): void {
    if (BUFFER_WORDS - this.pos < k) this.refill();
  }

  /** Moves the words not yet read to the front and generates the rest of the buffer. */
  private refill(): void {
    const w = this.words;
    let n = 0;
    for (let i = this.pos; i < BUFFER_WORDS; i++) w[n++] = w[i] as number;
    const s = this.s;
    let a = s[0] as number;
    let b = s[1] as number;
    let c = s[2] as number;
    let d = s[3] as number;
    for (; n < BUFFER_WORDS; n++) {
      // xoshiro128**: result = rotl(b · 5, 7) · 9; then the state transition.
      w[n] = Math.imul(rotl(Math.imul(b, 5), 7), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    this.pos = 0;
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
 * @param memory where to keep the state and the words (4 and RNG_WORDS of them), else its own
 * @example createRng(42, 0).uniform() // a number in (0, 1)
 */
export function createRng(seed: number, stream = 0, memory?: RngMemory): Rng {
  return new Xoshiro128(seed, stream, memory);
}

/** Words in a generator's buffer. */
export const RNG_WORDS = BUFFER_WORDS;
