import { availableParallelism } from "node:os";
import { compile } from "@sikt/engine";
import { afterEach, describe, expect, it } from "vitest";
import { iterationsAsked, releaseHelpers, startHelper } from "./helper.js";
import { loadScenario } from "./load.js";
import { helpersFor, MIN_BLOCKS_PER_THREAD, runMonteCarloParallel, threadCount } from "./parallel.js";

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

describe("helpers started ahead", () => {
  // The built worker (npm run build), as bin/sikt.cjs starts it.
  const url = new URL("../dist/mc-worker.js", import.meta.url);

  it("give the same result as one thread", async () => {
    const m = compile((await loadScenario("examples/foraldrastod.yaml")).scenario);
    const one = await runMonteCarloParallel(m, 5000, 11, 1);
    const two = await runMonteCarloParallel(m, 5000, 11, 2, undefined, {}, [startHelper(url)]);
    expect(two).toEqual(one);
  });

  it("start for the threads a run will use, once its iterations are known", () => {
    expect(iterationsAsked({ monteCarlo: { iterations: 5000 } })).toBe(5000);
    expect(iterationsAsked({ monteCarlo: { iterations: 0 } })).toBe(0);
    expect(iterationsAsked({ monteCarlo: { iterations: "many" } })).toBeUndefined();
    expect(iterationsAsked({ monteCarlo: { iterations: -1 } })).toBeUndefined();
    expect(iterationsAsked(null)).toBeUndefined();
    expect(iterationsAsked([])).toBeUndefined();
    const saved = process.env.SIKT_THREADS;
    process.env.SIKT_THREADS = "3";
    try {
      expect(helpersFor(undefined)).toEqual([]);
      expect(helpersFor(0)).toEqual([]);
      expect(helpersFor(1000)).toEqual([]); // one block
      const two = helpersFor(5000);
      expect(two).toHaveLength(2);
      releaseHelpers(two);
      process.env.SIKT_THREADS = "1";
      expect(helpersFor(1_000_000)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.SIKT_THREADS;
      else process.env.SIKT_THREADS = saved;
    }
  });

  it("that fail are not waited for: the run says so", async () => {
    const m = compile((await loadScenario("examples/foraldrastod.yaml")).scenario);
    const broken = startHelper(new URL("./no-such-worker.js", import.meta.url));
    await broken.ended.catch(() => {}); // failed before its job
    await expect(runMonteCarloParallel(m, 5000, 11, 2, undefined, {}, [broken])).rejects.toThrow();
  });

  it("go when they get no job", async () => {
    const m = compile((await loadScenario("examples/foraldrastod.yaml")).scenario);
    const unused = startHelper(url);
    const exited = new Promise((resolve) => unused.worker.once("exit", resolve));
    // One thread asked for: the helper is let go.
    await runMonteCarloParallel(m, 2000, 3, 1, undefined, {}, [unused]);
    expect(await exited).toBe(0);
    const idle = startHelper(url);
    const gone = new Promise((resolve) => idle.worker.once("exit", resolve));
    releaseHelpers([idle]);
    expect(await gone).toBe(0);
  });
});
