/** Lägesbild and follow-up: pure building blocks. */
export * from "./suppress.js";
