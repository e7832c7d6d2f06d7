import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whether the bundle in `dir` (a file URL ending in "/") may be used: every file it was made
 * from (inputs.json, written by bundle.mjs) still has the size and modification time it had.
 */
export function bundleIsFresh(dir) {
  try {
    const base = fileURLToPath(dir);
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
