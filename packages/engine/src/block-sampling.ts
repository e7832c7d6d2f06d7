/**
 * A block's draws for the batch kernel in as few calls into WebAssembly as the model allows: the
 * uncertain numbers that the WebAssembly samplers draw (kernel-wasm.ts `Samplers`) go, in runs,
 * into a table in the kernel's memory, and one `sampleTable` call draws a whole run, clamps
 * included; a number they do not draw (a gamma or beta shape below 1) is drawn by `sampleInto`
 * between the runs. The stream is read in the same order as by one `sampleInto` (and one `clamp`)
 * per number, so the draws are bit for bit the same; only the calls are fewer, which matters
 * while the code is cold (the first block of a process).
 * @module
 */
import type { BatchWorkspace } from "./batch-kernel.js";
import { DistCode, mtC, mtD, type PreparedDist, sampleInto } from "./distributions.js";
import { Clamp, type CompiledModel } from "./model.js";
import type { Rng } from "./rng.js";

/** Numbers a table entry takes: kind, row, clamp, 0, then up to six parameters. */
export const TABLE_ENTRY = 10;

/** A run of `count` table entries from f64 index `table` on, or one slot drawn in JavaScript. */
type Segment = { readonly table: number; readonly count: number; readonly slot?: undefined } | { readonly slot: number };

/** How a workspace draws a block: its segments in the order of the uncertain numbers. */
export interface BlockSampling {
  readonly segments: readonly Segment[];
}

/** The entry's kind and parameters for the WebAssembly samplers, or null where they do not draw it. */
function entryOf(p: PreparedDist): number[] | null {
  switch (p.kind) {
    case DistCode.Normal:
    case DistCode.Lognormal:
      return [p.kind, p.a, p.b];
    case DistCode.Gamma: {
      if (!(p.a >= 1)) return null;
      const d = mtD(p.a);
      return [DistCode.Gamma, d, mtC(d), p.b];
    }
    case DistCode.Beta:
    case DistCode.Pert: {
      if (!(p.a >= 1 && p.b >= 1)) return null;
      const da = mtD(p.a);
      const db = mtD(p.b);
      return [DistCode.Beta, da, mtC(da), db, mtC(db), p.c, p.d];
    }
    case DistCode.Uniform:
      return [DistCode.Uniform, p.a, p.b];
    case DistCode.Triangular:
      return [DistCode.Triangular, p.a, p.b, p.c, p.d];
    default:
      return null;
  }
}

/**
 * The segments for the uncertain slots `variable` (in their order), their table written into
 * the workspace's memory from `ws.table` on; null where the samplers are not WebAssembly's.
 */
export function blockSampling(m: CompiledModel, variable: Int32Array, ws: BatchWorkspace): BlockSampling | null {
  if (!ws.sampling || ws.tableEntries < variable.length) return null;
  const segments: Segment[] = [];
  let at = ws.table;
  let run: { table: number; count: number } | null = null;
  for (const k of variable) {
    const slot = m.slots[k];
    if (!slot) continue;
    const entry = entryOf(slot.dist);
    if (!entry) {
      run = null;
      segments.push({ slot: k });
      continue;
    }
    const [kind, ...params] = entry as [number, ...number[]];
    ws.f.fill(0, at, at + TABLE_ENTRY);
    ws.f.set([kind, ws.matrix + k * ws.stride, slot.clamp, 0, ...params], at);
    if (run) run.count++;
    else {
      run = { table: at, count: 1 };
      segments.push(run);
    }
    at += TABLE_ENTRY;
  }
  return { segments };
}

/** Draws the block's `count` iterations of every uncertain number into the workspace's matrix. */
export function sampleBlock(m: CompiledModel, plan: BlockSampling, rng: Rng, ws: BatchWorkspace, count: number): void {
  const fast = ws.sampling;
  if (!fast) throw new Error("sampleBlock: the workspace has no WebAssembly samplers");
  for (const s of plan.segments) {
    if (s.slot === undefined) {
      rng.pos = fast.samplers.sampleTable(fast.state, fast.words, rng.pos, s.table, s.count, count);
      continue;
    }
    const slot = m.slots[s.slot];
    if (!slot) continue;
    const off = ws.matrix + s.slot * ws.stride;
    sampleInto(slot.dist, rng, ws.f, off, count, fast);
    if (slot.clamp !== Clamp.None) ws.passes.clamp(off, count, slot.clamp);
  }
}
