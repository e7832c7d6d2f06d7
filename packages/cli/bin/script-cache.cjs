"use strict";
const { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");
const zlib = require("node:zlib");

/**
 * Runs a CommonJS script (the bundle's sikt.cjs) compiled with V8's code cache, which spares
 * most of the parsing and compiling at a start (Node 22 keeps such a cache for modules itself,
 * `module.enableCompileCache`, Node 20 does not; a script's cache is also richer: it is taken
 * after the run and so holds every function the run compiled).
 *
 * The cache lies beside the script, in a file named after the script's size and modification
 * time, V8's version and the architecture, so that a rebuilt script or another Node never
 * meets it; V8 itself refuses a cache made for another source length, version or flags. V8
 * does not check the rest of a cache (a damaged one can crash the process), so the file
 * carries a CRC-32 of it, and a cache whose sum does not match is not used. It is written
 * whole or not at all (a temporary file renamed), only when there was none or it was not
 * used, and not at all where the folder cannot be written: then every start compiles.
 *
 * @param {string} file the script's path
 * @returns {{ exports: Record<string, unknown>, save: () => boolean }} the script's exports,
 *   and `save`, to call once the command has run: writes the cache where it is missing or was
 *   refused; true when it wrote one
 */
function runCachedScript(file) {
  const source = readFileSync(file, "utf8");
  const { size, mtimeMs } = statSync(file);
  const cacheFile = `${file}.${size}-${Math.trunc(mtimeMs)}-${process.versions.v8}-${process.arch}.cache`;
  const cachedData = readCache(cacheFile);
  // Node's wrapper of a CommonJS module, and `__import` for the script's import() of a package
  // (bundle.mjs writes them so; Node 20 forgets a script's own import() with a code cache).
  // The script starts with "use strict".
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const mod = { exports: {} };
  const load = (specifier) => import(specifier);
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file), load);
  const save = () => {
    if (cachedData !== undefined && !script.cachedDataRejected) return false;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      if (typeof zlib.crc32 !== "function") return false;
      const data = script.createCachedData();
      const sum = Buffer.alloc(4);
      sum.writeUInt32LE(zlib.crc32(data));
      writeFileSync(tmp, Buffer.concat([sum, data]));
      renameSync(tmp, cacheFile);
      return true;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
      return false;
    }
  };
  return { exports: mod.exports, save };
}

/** The code cache in `file` (a CRC-32, then the cache), or undefined where there is none whole. */
function readCache(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // zlib.crc32: Node 20.15 and later.
  if (bytes.length <= 4 || typeof zlib.crc32 !== "function") return undefined;
  const data = bytes.subarray(4);
  return zlib.crc32(data) === bytes.readUInt32LE(0) ? data : undefined;
}

module.exports = { runCachedScript };
