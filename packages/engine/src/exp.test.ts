/**
 * The WebAssembly kernel's exp (`exactExp` in wasm/kernel.ts) gives Math.exp's numbers bit for
 * bit: the lognormal draws and the odds ratios it computes must equal the JavaScript twin's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsPasses, kernelMemory } from "./kernel-wasm.js";

const wasm = kernelMemory(2 * 4096);
const exactExp = (wasm.samplers as unknown as { exactExp(x: number): number } | null)?.exactExp;

/** The doubles whose 64 bits are `hi` and `lo`. */
const fromWords = (hi: number, lo: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi);
  v.setUint32(4, lo);
  return v.getFloat64(0);
};

describe.skipIf(!exactExp)("the kernel's exp", () => {
  const exp = exactExp as (x: number) => number;

  it("equals Math.exp at the edges of each of its branches", () => {
    const ln2 = Math.LN2;
    const edges = [
      0, -0, 1, -1, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE,
      2 ** -28, -(2 ** -28), 2 ** -29, 0.5 * ln2, -0.5 * ln2, 1.5 * ln2, -1.5 * ln2, 709.782712893384, 709.7827128933841,
      -745.1332191019411, -745.1332191019412, -708.4, -708.39641853226408, -709.1, 1024 * ln2, 1023.5 * ln2,
      fromWords(0x40862e42, 0), fromWords(0x3fd62e42, 0xffffffff), fromWords(0x3ff0a2b2, 0), fromWords(0x3e300000, 0),
      fromWords(0x7ff80000, 1), fromWords(0xfff00000, 1),
    ];
    for (const x of edges) expect(Object.is(exp(x), Math.exp(x)), `exp(${x})`).toBe(true);
  });

  it("equals Math.exp for any double, and densely where draws fall", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -50, max: 50 }), fc.double({ min: -2, max: 2 }), fc.double({ min: -750, max: 710 })), (x) => {
        expect(Object.is(exp(x), Math.exp(x))).toBe(true);
      }),
      { numRuns: 200_000 },
    );
  });

  it("gives the odds ratios of the JavaScript passes", () => {
    const n = 4096;
    const smd = Float64Array.from({ length: n }, (_, i) => ((i * 2654435761) % 4001) / 1000 - 2);
    wasm.f.set(smd, wasm.first);
    const jsF = new Float64Array(2 * n);
    jsF.set(smd);
    jsPasses(jsF).oddsRatios(n, 0, n);
    wasm.passes.oddsRatios(wasm.first + n, wasm.first, n);
    expect(wasm.f.subarray(wasm.first + n, wasm.first + 2 * n)).toEqual(jsF.subarray(n, 2 * n));
  });
});
