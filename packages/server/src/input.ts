/**
 * Input normalised at the boundary, before any schema, store or renderer sees it: every string
 * (and every key) of a JSON body or query must be well-formed Unicode without NUL or other
 * control characters (tab, line feed and carriage return pass; one-line fields refuse them in
 * their schemas), and JSON may nest at most MAX_DEPTH levels. PostgreSQL cannot store NUL or lone
 * surrogates, XML (XLSX) cannot hold most control characters, and deep nesting exhausts
 * recursive code: each is a 400 naming the field instead of a 500 further in.
 * @module
 */
import type { Problem } from "./http.js";

/** Deep enough for any scenario, plan or import (about 12 levels); far below what breaks a parser. */
export const MAX_DEPTH = 64;

// C0 controls but tab, LF, CR; DEL; C1 controls; the noncharacters U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string, or null. */
export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(s)) return "contains a lone surrogate (not valid Unicode)";
  const m = CONTROL.exec(s);
  if (m) return `contains the control character U+${(m[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;
  return null;
}

/** The deepest nesting of arrays and objects in JSON text, scanned without parsing; stops past `limit`. */
export function jsonDepth(text: string, limit = MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return max;
}

/** Every bad string or key in a parsed JSON value (at most `max`), by path. */
export function valueProblems(value: unknown, max = 20): Problem[] {
  const problems: Problem[] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0 && problems.length < max) {
    const [v, path] = stack.pop() as [unknown, (string | number)[]];
    if (typeof v === "string") {
      const p = textProblem(v);
      if (p) problems.push({ path, code: "invalid_text", message: p });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i] as [string, unknown];
        const p = textProblem(k);
        if (p) problems.push({ path: [...path, k], code: "invalid_key", message: `the key ${p}` });
        else stack.push([x, [...path, k]]);
      }
    }
  }
  return problems;
}
