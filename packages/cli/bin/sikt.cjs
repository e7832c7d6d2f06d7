#!/usr/bin/env node
"use strict";
// The `sikt` command. CommonJS, so that Node starts it without its ES module loader (about 10 ms
// of every start); the command itself is the bundle's one script, run with V8's code cache.
const { join } = require("node:path");
const { bundleIsFresh } = require("./bundle-fresh.cjs");
const { runCachedScript } = require("./script-cache.cjs");

// Node 22.1 and later keep the compiled code of modules in a cache in the system's temporary
// folder; older Node has none (the script below has its own).
require("node:module").enableCompileCache?.();
const argv = process.argv.slice(2);
// The bundle (dist/bundle, made by `npm run build`) starts several times faster than the
// modules it was made from; it is used only while every file it holds is unchanged. Its one
// script (sikt.cjs) runs with V8's code cache kept beside it; its modules (sikt.js) serve
// where the script cannot be read.
const bundle = join(__dirname, "../dist/bundle");
const bundled = bundleIsFresh(bundle);
let script;
if (bundled) {
  try {
    script = runCachedScript(join(bundle, "sikt.cjs"));
  } catch {
    script = undefined;
  }
}

(async () => {
  const cli = script?.exports ?? (await import(bundled ? "../dist/bundle/sikt.js" : "../dist/main.js"));
  // A closed pipe ends quietly, Ctrl-C exits with 130, anything unexpected is one line.
  cli.installProcessGuards(() => cli.langFromArgv(argv));
  process.exitCode = await cli.main(argv);
  script?.save();
})();
