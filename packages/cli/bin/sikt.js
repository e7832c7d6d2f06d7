#!/usr/bin/env node
import { bundleIsFresh } from "./bundle-fresh.js";
import { installProcessGuards, langFromArgv } from "../dist/process-guards.js";

const argv = process.argv.slice(2);
// A closed pipe ends quietly, Ctrl-C exits with 130, anything unexpected is one line.
installProcessGuards(() => langFromArgv(argv));
// The bundle (dist/bundle, made by `npm run build`) starts several times faster than the
// modules it was made from; it is used only while every file it holds is unchanged.
const bundled = bundleIsFresh(new URL("../dist/bundle/", import.meta.url));
const { main } = await import(bundled ? "../dist/bundle/sikt.js" : "../dist/main.js");
process.exitCode = await main(argv);
