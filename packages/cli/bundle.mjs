#!/usr/bin/env node
/**
 * Bundles the built CLI (dist/main.js and the Monte Carlo worker) with its engine, catalogue
 * and libraries into dist/bundle/, so that `sikt` starts by reading a few files instead of
 * resolving and linking some hundred modules. Part of `npm run build`, after `tsc -b`.
 *
 * - The report package (and with it Chromium's driver) stays outside: only `sikt report`
 *   imports it, at run time, from node_modules.
 * - Commands and formats that the CLI imports on demand become chunks loaded on demand.
 * - dist/bundle/inputs.json lists every file bundled (for an installed package, its
 *   package.json) with its size and modification time; bin/sikt.cjs uses the bundle only while
 *   all of them are unchanged, and the unbundled dist/main.js otherwise (after a `tsc -b`
 *   without this step, say).
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const outDir = join(here, "dist/bundle");
const catalogData = join(root, "packages/catalog/data");

/** The catalogue finds its data folder relative to its own module; point it there from the bundle. */
const catalogDataPlugin = {
  name: "sikt-catalog-data",
  transform(code, id) {
    if (!id.replaceAll("\\", "/").endsWith("/packages/catalog/dist/node.js")) return null;
    const from = 'new URL("../data", import.meta.url)';
    if (!code.includes(from)) throw new Error(`bundle.mjs: ${id} no longer contains ${from}; update the bundle step`);
    const rel = relative(outDir, catalogData).replaceAll("\\", "/");
    return { code: code.replace(from, `new URL(${JSON.stringify(`${rel}/`)}, import.meta.url)`), map: null };
  },
};

/**
 * In the script, `import()` of a package left outside (the report) calls the loader's `__import`:
 * Node 20 forgets its own import() for a script compiled from a code cache.
 */
const scriptImportsPlugin = {
  name: "sikt-script-imports",
  renderChunk(code) {
    const out = code.replace(/\bimport\((?=["'](?:@sikt\/report|playwright-core)["'/])/g, "__import(");
    if (/\bimport\(\s*["'`]/.test(out)) throw new Error("bundle.mjs: the script imports a module other than the report; update sikt-script-imports");
    return { code: out, map: null };
  },
};

const common = {
  platform: "node",
  external: [/^@sikt\/report(\/|$)/, /^playwright-core(\/|$)/],
  plugins: [catalogDataPlugin],
  logLevel: "warn",
  onLog(level, log, handler) {
    // yaml's CommonJS build uses a direct eval in a branch Node never takes.
    if (log.code === "EVAL") return;
    handler(level, log);
  },
};

const result = await build({
  ...common,
  input: { sikt: join(here, "dist/main.js"), "mc-worker": join(here, "dist/mc-worker.js") },
  output: {
    dir: outDir,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    cleanDir: true,
  },
});

/**
 * An installed package's files are stood for by its package.json, which an install that changes
 * the package rewrites: fewer files for bin/sikt.cjs to check at every start.
 */
const standIn = (id) => {
  const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id);
  return m ? join(m[1], "package.json") : id;
};
// The command's entry once more as one script (CommonJS, strict, everything in it; what a
// command imports on demand is still evaluated on demand): bin/sikt.cjs compiles it with V8's
// code cache (bin/script-cache.cjs), which spares most of the parsing and compiling at a start.
const script = await build({
  ...common,
  input: join(here, "dist/main.js"),
  plugins: [...common.plugins, scriptImportsPlugin],
  output: { file: join(outDir, "sikt.cjs"), format: "cjs", strict: true, codeSplitting: false },
});

const inputs = new Set();
for (const chunk of [...result.output, ...script.output])
  if (chunk.type === "chunk") for (const id of chunk.moduleIds) inputs.add(standIn(id));
const files = [...inputs]
  .filter((id) => !id.startsWith("\0") && !id.startsWith("node:") && isAbsolute(id))
  .sort()
  .map((id) => {
    const s = statSync(id);
    return { path: relative(outDir, id), size: s.size, mtimeMs: s.mtimeMs };
  });
writeFileSync(join(outDir, "inputs.json"), `${JSON.stringify({ files })}\n`);

// The script's code cache, made here by running the commands most used on the examples in one
// process (so that it holds the code of JSON and YAML files, a catalogue, the tornado and the
// table): the first `sikt` after a build starts fast too. Under another Node, bin/sikt.cjs writes
// its own after its first run.
const examples = join(root, "examples");
const warmUp = [
  ["run", join(examples, "skolkuratorer.json"), "--format", "json", "--iterations", "0"],
  ["run", join(examples, "foraldrastod.yaml"), "--iterations", "0"],
  ["validate", join(examples, "kalmar.yaml")],
];
if (warmUp.every((argv) => existsSync(argv[1]))) {
  const { runCachedScript } = await import("./bin/script-cache.cjs");
  const { exports, save } = runCachedScript(join(outDir, "sikt.cjs"));
  const quiet = { stdout: () => {}, stderr: () => {} };
  let ok = true;
  for (const argv of warmUp) {
    const status = await exports.main(argv, quiet);
    // Not the build's business to fail for (the tests are); the cache is then made later.
    if (status !== 0) {
      console.warn(`bundle.mjs: sikt ${argv.join(" ")} ended with status ${status}; no code cache made`);
      ok = false;
      break;
    }
  }
  if (ok) save();
}
