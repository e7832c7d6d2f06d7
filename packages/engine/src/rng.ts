/**
 * A small, fast, seedable random generator: xoshiro128** (Blackman & Vigna), 32-bit
 * arithmetic so it runs at full speed in JavaScript. Randomness enters the engine only through
 * this type; nothing reads a global generator or the clock.
 * @module
 */

/** A seeded stream of uniform numbers. */
export interface Rng {
  /** A uniform double in the open interval (0, 1), with 53 random bits. */
  uniform(): number;
  /** 32 uniform random bits as an unsigned integer. */
  uint32(): number;
}

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

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    // Mix the seed's high and low words and the stream number into one splitmix state.
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const lo = seed >>> 0;
    const st = { s: lo };
    st.s = (splitmix32(st) ^ hi) | 0;
    st.s = (splitmix32(st) ^ Math.imul(stream >>> 0, 0x27d4eb2d)) | 0;
    st.s = (splitmix32(st) ^ Math.floor(stream / TWO_POW_32)) | 0;
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) * TWO_POW_MINUS_53;
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
 * @example createRng(42, 0).uniform() // a number in (0, 1)
 */
export function createRng(seed: number, stream = 0): Rng {
  return new Xoshiro128(seed, stream);
}
