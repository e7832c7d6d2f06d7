/**
 * Reading scenario files: YAML 1.2 (core schema) or JSON, into a validated scenario or a list
 * of problems. The only place the CLI touches the file system for input.
 * @module
 */
import { readFileSync } from "node:fs";
import type { Override } from "@sikt/catalog";
import { prepareScenario } from "@sikt/catalog/node";
import type { Issue, Scenario } from "@sikt/engine";
import { parseDocument } from "yaml";

/** A scenario file that could not be used, and why. `missing`: the file is not there. */
export class InputError extends Error {
  constructor(
    readonly issues: Issue[],
    readonly missing = false,
  ) {
    super("invalid input");
  }
}

/** Parses YAML 1.2 or JSON text into plain data; throws InputError when it is neither. */
export function parseText(text: string): unknown {
  if (text.trim() === "") throw new InputError([{ path: [], code: "empty" }]);
  // JSON is YAML 1.2, and JSON.parse reads large files many times faster. When it fails, the
  // YAML parser reads the text again and gives the message.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through
    }
  }
  const doc = parseDocument(text, { version: "1.2", schema: "core", prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const where = err.linePos?.[0] ? ` (rad ${err.linePos[0].line}, kolumn ${err.linePos[0].col})` : "";
    throw new InputError([{ path: [], code: "unreadable", params: { detail: `${err.code}${where}` } }]);
  }
  const data = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || data === undefined) throw new InputError([{ path: [], code: "empty" }]);
  return data;
}

/** A validated scenario and, when it uses a catalogue, what it changes in it. */
export interface Loaded {
  readonly scenario: Scenario;
  readonly overrides: readonly Override[];
}

/**
 * Turns parsed data into a validated scenario: resolves a catalogue it names, then validates.
 * @throws InputError with every problem
 */
export function toScenario(data: unknown): Loaded {
  const prepared = prepareScenario(data);
  if (!prepared.ok) throw new InputError(prepared.issues);
  return { scenario: prepared.scenario, overrides: prepared.overrides };
}

/** Reads, parses, resolves and validates a scenario file. */
export async function loadScenario(path: string): Promise<Loaded> {
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
  return toScenario(parseText(text.replace(/^\uFEFF/, "")));
}
