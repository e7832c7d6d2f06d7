#!/usr/bin/env node
import { installProcessGuards, langFromArgv } from "../dist/process-guards.js";

const argv = process.argv.slice(2);
installProcessGuards(() => langFromArgv(argv));
const { main } = await import("../dist/main.js");
process.exitCode = await main(argv);
