import { availableParallelism } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { MIN_BLOCKS_PER_THREAD, threadCount } from "./parallel.js";

describe("threadCount", () => {
  const saved = process.env.SIKT_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SIKT_THREADS;
    else process.env.SIKT_THREADS = saved;
  });

  it("starts one thread per core, but not for a short run", () => {
    delete process.env.SIKT_THREADS;
    const cores = availableParallelism();
    expect(threadCount()).toBe(cores);
    expect(threadCount(1024 * MIN_BLOCKS_PER_THREAD - 1)).toBe(1);
    expect(threadCount(1024 * MIN_BLOCKS_PER_THREAD * 2)).toBe(Math.min(cores, 2));
    expect(threadCount(10_000_000)).toBe(cores);
  });

  it("takes SIKT_THREADS as given", () => {
    process.env.SIKT_THREADS = "3";
    expect(threadCount(1000)).toBe(3);
  });
});
