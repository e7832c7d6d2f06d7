/** Lägesbild and follow-up: pure building blocks. */
export * from "./csv.js";
export * from "./effects.js";
export * from "./followup.js";
export * from "./indicators.js";
export * from "./kolada.js";
export * from "./kolada-starter.js";
export * from "./model.js";
export * from "./services.js";
export * from "./suppress.js";
