import { readFileSync, statSync } from "node:fs";

/**
 * Whether the bundle in `dir` (a file URL ending in "/") may be used: every file it was made
 * from (inputs.json, written by bundle.mjs) still has the size and modification time it had.
 */
export function bundleIsFresh(dir) {
  try {
    const { files } = JSON.parse(readFileSync(new URL("inputs.json", dir), "utf8"));
    for (const f of files) {
      const s = statSync(new URL(f.path, dir));
      if (s.size !== f.size || s.mtimeMs !== f.mtimeMs) return false;
    }
    return files.length > 0;
  } catch {
    return false;
  }
}
