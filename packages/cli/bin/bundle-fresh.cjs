"use strict";
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

/**
 * Whether the bundle in the folder `base` may be used: every file it was made from (inputs.json,
 * written by bundle.mjs) still has the size and modification time it had.
 * @param {string} base
 */
function bundleIsFresh(base) {
  try {
    const { files } = JSON.parse(readFileSync(join(base, "inputs.json"), "utf8"));
    for (const f of files) {
      const s = statSync(join(base, f.path), { throwIfNoEntry: false });
      if (s === undefined || s.size !== f.size || s.mtimeMs !== f.mtimeMs) return false;
    }
    return files.length > 0;
  } catch {
    return false;
  }
}

module.exports = { bundleIsFresh };
