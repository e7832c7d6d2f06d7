/** Lägesbild and follow-up: pure building blocks. */
export * from "./csv.js";
export * from "./kolada.js";
export * from "./suppress.js";
