/**
 * Reading YAML 1.2 (core schema) into plain data; loaded only for a file that is not JSON.
 * @module
 */
import { parseDocument } from "yaml";
import { InputError } from "./input.js";

/** Parses YAML 1.2 text into plain data; throws InputError when it cannot. */
export function parseYamlText(text: string): unknown {
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
