/**
 * bin/script-cache.cjs: the bundle's script runs alike with and without its code cache; a cache
 * is written once and then used, replaced when damaged (which, unchecked, could crash V8),
 * never met by a changed script, and a cache that cannot be written changes only the speed.
 * Each run is a process of its own, as a start of `sikt` is (within one process V8 reuses
 * what it compiled and never reads the cache).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const loader = pathToFileURL(resolve(import.meta.dirname, "../bin/script-cache.cjs")).href;

/** A small script in the form bundle.mjs writes: CommonJS, strict, `__import` for packages. */
const source = (k: number) => `"use strict";
function work(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * ${k}; return s; }
exports.value = work(1000);
exports.strict = (function () { return this === undefined; })();
exports.dirname = __dirname;
exports.load = () => __import("node:path").then((p) => p.basename(__filename));
`;

interface Outcome {
  value: number;
  strict: boolean;
  dirname: string;
  loaded: string;
  /** Whether the run wrote the cache (there was none usable). */
  wrote: boolean;
}

/** Runs the script in a new process, as bin/sikt.cjs does, and saves its cache. */
function run(file: string): Outcome {
  const code = `import { runCachedScript } from ${JSON.stringify(loader)};
const { exports: e, save } = runCachedScript(${JSON.stringify(file)});
const loaded = await e.load();
console.log(JSON.stringify({ value: e.value, strict: e.strict, dirname: e.dirname, loaded, wrote: save() }));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" })) as Outcome;
}

let dir: string;
let file: string;
const caches = () => readdirSync(dir).filter((f) => f.endsWith(".cache"));
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sikt-script-"));
  file = join(dir, "s.cjs");
  writeFileSync(file, source(2));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("runCachedScript", () => {
  it("runs the script (strict, in its folder, importing a package), writes its cache once and then uses it", () => {
    const first = run(file);
    expect(first).toMatchObject({ strict: true, dirname: dir, loaded: "s.cjs", wrote: true });
    expect(caches()).toHaveLength(1);
    const second = run(file);
    expect(second).toEqual({ ...first, wrote: false });
    expect(leftovers()).toEqual([]);
  });

  it("does not use a damaged cache, and replaces it", () => {
    const first = run(file);
    const name = join(dir, caches()[0] as string);
    const good = readFileSync(name);
    // Damage in the middle, where V8 itself does not look, and a cache cut short.
    for (const bad of [Buffer.from(good).fill(0x5a, good.length >> 1, (good.length >> 1) + 64), good.subarray(0, good.length - 10), Buffer.from("x")]) {
      writeFileSync(name, bad);
      expect(run(file)).toEqual({ ...first, wrote: true });
      expect(readFileSync(name).equals(bad)).toBe(false);
      expect(run(file)).toEqual({ ...first, wrote: false });
    }
  });

  it("never gives a changed script the cache of the old one", () => {
    const before = run(file);
    writeFileSync(file, source(3));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = run(file);
    expect(changed.value).toBeCloseTo(1.5 * before.value, 6);
    expect(changed.wrote).toBe(true);
    expect(caches()).toHaveLength(2);
  });

  it("runs alike where the cache cannot be written, and leaves nothing behind", () => {
    const first = run(file);
    const name = join(dir, caches()[0] as string);
    // A folder where the cache file goes: nothing to read, and the rename fails.
    rmSync(name);
    mkdirSync(name);
    writeFileSync(join(name, "x"), "");
    expect(run(file)).toEqual({ ...first, wrote: false });
    expect(leftovers()).toEqual([]);
  });
});
