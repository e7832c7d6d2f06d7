/**
 * Reading scenario files: YAML 1.2 (core schema) or JSON, into a validated scenario or a list
 * of problems. The only place the CLI touches the file system for input. (The commands load
 * files through scenario-file.ts, which imports the YAML parser and the catalogue only when a
 * file needs them; these synchronous functions are for tests and other doors.)
 * @module
 */
import type { Override } from "@sikt/catalog";
import { prepareScenario } from "@sikt/catalog/node";
import type { Scenario } from "@sikt/engine";
import { InputError, isBlank, parseJsonText } from "./input.js";
import { parseYamlText } from "./yaml-text.js";

export { InputError } from "./input.js";
export { loadScenario } from "./scenario-file.js";

/** Parses YAML 1.2 or JSON text into plain data; throws InputError when it is neither. */
export function parseText(text: string): unknown {
  if (isBlank(text)) throw new InputError([{ path: [], code: "empty" }]);
  return parseJsonText(text) ?? parseYamlText(text);
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
