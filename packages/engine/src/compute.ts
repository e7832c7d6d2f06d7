/**
 * The computing part of the engine without the schema library: what a Monte Carlo worker
 * thread needs, so that it starts fast. Takes scenarios already validated by `parseScenario`.
 * @module
 */
export { compile } from "./model.js";
export { blockCount, createWorkspace, type McBuffers, mcBuffers, simulateBlocks, yearBand } from "./montecarlo.js";
