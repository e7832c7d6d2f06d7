/**
 * The Swedish reference catalogue: building catalogues from their data, and resolving
 * scenarios that use them. Reading the shipped data from disk lives in `@sikt/catalog/node`.
 * @module
 */
export * from "./catalog.js";
export * from "./evidence.js";
export * from "./overlap.js";
export * from "./resolve.js";
export * from "./search.js";
