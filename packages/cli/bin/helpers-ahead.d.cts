import type { Worker } from "node:worker_threads";

export function startHelper(file: string | URL): { worker: Worker };
export function helpersAhead(argv: readonly string[], file: string | URL): { worker: Worker }[];
