#!/usr/bin/env node
import module from "node:module";
import { bundleIsFresh } from "./bundle-fresh.js";
import { helpersAhead } from "../dist/helper.js";
import { installProcessGuards, langFromArgv } from "../dist/process-guards.js";

// Node 22.1 and later keep the compiled code of the modules in a cache in the system's temporary
// folder, which spares a few tens of milliseconds of every later start; older Node has no cache.
module.enableCompileCache?.();
const argv = process.argv.slice(2);
// A closed pipe ends quietly, Ctrl-C exits with 130, anything unexpected is one line.
installProcessGuards(() => langFromArgv(argv));
// The bundle (dist/bundle, made by `npm run build`) starts several times faster than the
// modules it was made from; it is used only while every file it holds is unchanged.
const bundled = bundleIsFresh(new URL("../dist/bundle/", import.meta.url));
// A Monte Carlo thread for `sikt run` starts now, so that it is ready when the scenario is.
const started = helpersAhead(argv, new URL(bundled ? "../dist/bundle/mc-worker.js" : "../dist/mc-worker.js", import.meta.url));
const { main } = await import(bundled ? "../dist/bundle/sikt.js" : "../dist/main.js");
process.exitCode = await main(argv, undefined, started);
