/**
 * Addresses in a source text as links: a committee member follows a DOI or a publisher's page
 * from the report or the workbench instead of copying it. Only addresses written out with
 * `http://` or `https://` become links (found by linkify-it, which knows where an address ends
 * before a closing parenthesis or a full stop); everything else stays text. Pure, so the report's
 * HTML and the web app share it.
 * @module
 */
import { LinkifyIt } from "linkify-it";

/** A piece of a source text: text, or an address with the text that shows it. */
export type SourcePart = { readonly text: string; readonly href?: undefined } | { readonly text: string; readonly href: string };

const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  .add("ftp:", null)
  .add("//", null)
  .add("mailto:", null);

/** `text` split into plain text and http(s) addresses, in order; the parts' texts join to `text`. */
export function sourceParts(text: string): SourcePart[] {
  const matches = linkify.match(text) ?? [];
  const parts: SourcePart[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index) });
    parts.push({ text: text.slice(m.index, m.lastIndex), href: m.url });
    at = m.lastIndex;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at) });
  return parts;
}
