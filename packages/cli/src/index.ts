/** The CLI's reusable parts, for tests and other doors. */
export { formatCsv } from "./format/csv.js";
export { formatTable } from "./format/table.js";
export { InputError, loadScenario, parseText, toScenario } from "./load.js";
export { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, main } from "./main.js";
export { runMonteCarloParallel, threadCount } from "./parallel.js";
