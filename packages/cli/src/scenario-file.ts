/**
 * Loading a scenario file for a command, importing only what the file needs: a JSON file that
 * names no catalogue is parsed by JSON.parse and validated by the engine, without the YAML
 * parser or the catalogue (and their start-up time); YAML text and a catalogue are imported
 * when a file has them. The same results and messages as `parseText` and `toScenario`.
 * @module
 */
import { parseScenario } from "@sikt/engine";
import { InputError, isBlank, parseJsonText, readScenarioText } from "./input.js";
import type { Loaded } from "./load.js";

/**
 * Reads, parses, resolves and validates a scenario file.
 * @param parsed called with the parsed data before it is resolved and validated
 */
export async function loadScenario(path: string, parsed?: (data: unknown) => void): Promise<Loaded> {
  const text = readScenarioText(path);
  if (isBlank(text)) throw new InputError([{ path: [], code: "empty" }]);
  let data = parseJsonText(text);
  if (data === undefined) data = (await import("./yaml-text.js")).parseYamlText(text);
  parsed?.(data);
  // The catalogue is resolved when the file has a `catalog` field, whatever its value (as
  // load.ts `toScenario` does; not imported from there, which would put this module in a chunk
  // of its own and the YAML parser's import with it).
  if (data !== null && typeof data === "object" && "catalog" in data) {
    const { prepareScenario } = await import("@sikt/catalog/node");
    const prepared = prepareScenario(data);
    if (!prepared.ok) throw new InputError(prepared.issues);
    return { scenario: prepared.scenario, overrides: prepared.overrides };
  }
  const result = parseScenario(data);
  if (!result.ok) throw new InputError(result.issues);
  return { scenario: result.scenario, overrides: [] };
}
