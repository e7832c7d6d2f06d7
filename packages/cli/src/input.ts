/**
 * What every way of reading a scenario file shares: the error that says why a file could not be
 * used, and reading its text. Kept apart from the parsers, so that `sikt run` on a JSON file
 * loads neither the YAML parser nor the catalogue.
 * @module
 */
import { readFileSync } from "node:fs";
import type { Issue } from "@sikt/engine";

/** A scenario file that could not be used, and why. `missing`: the file is not there. */
export class InputError extends Error {
  constructor(
    readonly issues: Issue[],
    readonly missing = false,
  ) {
    super("invalid input");
  }
}

/** Reads a scenario file's text (without a byte-order mark); throws InputError when it cannot. */
export function readScenarioText(path: string): string {
  let text: string;
  try {
    // Read synchronously: nothing else runs meanwhile, and it spares a trip through the thread pool.
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const issue: Issue =
      code === "ENOENT"
        ? { path: [], code: "file_not_found", params: { file: path } }
        : { path: [], code: "unreadable", params: { detail: `${path} (${code})` } };
    throw new InputError([issue], true);
  }
  return text.replace(/^\uFEFF/, "");
}

/** An empty text, as the parsers report it. */
export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/**
 * JSON.parse of a text that looks like JSON (JSON is YAML 1.2, and JSON.parse reads large files
 * many times faster); undefined when it does not look like JSON or is not valid JSON, and the
 * YAML parser is to read it (and give the message).
 */
export function parseJsonText(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
