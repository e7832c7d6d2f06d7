/**
 * The pieces every printable report shares: HTML escaped by construction, tables, the page and
 * its style.
 *
 * Reports print text that organisations type or import (names, titles, years that an import may
 * have turned into strings). Markup is therefore only ever made with the tagged template
 * {@link html}: every interpolated value is escaped unless it is itself a fragment made by `html`
 * (or by the few helpers here that build on it). There is no function that turns a plain string
 * into a fragment, so a template cannot print a raw string by mistake.
 * @module
 */
import { randomBytes } from "node:crypto";
import { sourceParts } from "./links.js";

const brand: unique symbol = Symbol("sikt.html");

/** A piece of HTML made by {@link html}: safe to place in another template as it is. */
export interface Html {
  readonly [brand]: string;
  toString(): string;
}

const fragment = (s: string): Html => ({ [brand]: s, toString: () => s });
const isHtml = (v: unknown): v is Html => typeof v === "object" && v !== null && brand in v;

/** What a template may interpolate: fragments, text (escaped), numbers (escaped), lists of these. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

/**
 * Text as HTML text or attribute value: `& < > " '` escaped, and control characters other than
 * tab and line breaks (which no report needs and which some readers choke on) replaced by U+FFFD.
 */
export function escapeText(s: string): string {
  return s
// eslint-disable-next-line no-control-regex -- the control characters are what is replaced
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "\ufffd")
    .replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return "";
  if (isHtml(v)) return v[brand];
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join("");
  return escapeText(String(v));
}

/** The tagged template: `html\`<p>${name}</p>\`` escapes `name` unless it is a fragment. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let k = 0; k < values.length; k++) out += render(values[k]) + strings[k + 1]!;
  return fragment(out);
}

/** Fragments joined by a separator (itself escaped if it is text). */
export const join = (parts: readonly HtmlValue[], sep: HtmlValue = ""): Html => fragment(parts.map(render).join(render(sep)));

/** What a fragment holds, as a string (to send or to test). */
export const htmlString = (h: Html): string => h[brand];

/** A year (or any whole number) as printed: the digits, or "–" when it is not a whole number. */
export const yearText = (y: unknown): string => (typeof y === "number" && Number.isSafeInteger(y) ? String(y) : "–");

/** A number used inside SVG geometry: finite, rounded to 0.1, else 0. */
export const coord = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : "0");

/** A source's text with its http(s) addresses as links (followed from the HTML and the PDF). */
export function sourceHtml(text: string): Html {
  return html`${sourceParts(text).map((p) => (p.href === undefined ? p.text : html`<a href="${p.href}">${p.text}</a>`))}`;
}

/**
 * Text that may break inside a long unbroken run (an address, a long compound word): a <wbr> every
 * 16 characters of a run longer than 24, so that a table column never pushes the table past the page.
 */
export function breakable(text: string): Html {
  return join(text.split(/(\S{25,})/u).map((part, k) => (k % 2 === 1 ? join(part.match(/.{1,16}/gu) ?? [], html`<wbr>`) : part)));
}

/** A table cell: text, a number (shown as is), or a fragment. */
export type CellValue = string | number | Html;

/** Rows up to which a table is kept whole on one page. */
const SHORT_TABLE = 25;

/** A table with a caption; the first cell of a row is its header. */
export function table(caption: HtmlValue, head: readonly string[], rows: readonly (readonly CellValue[])[], numeric: readonly boolean[] = []): Html {
  const cls = (k: number) => (numeric[k] ? html` class="num"` : "");
  // A short table is kept on one page; a long one starts with at least its first rows under its caption.
  const classes = [...(head.length > 7 ? ["wide"] : []), ...(rows.length <= SHORT_TABLE ? ["short"] : [])];
  return html`<table${classes.length ? html` class="${classes.join(" ")}"` : ""}><caption>${caption}</caption><thead><tr>${head.map((h, k) => html`<th scope="col"${cls(k)}>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((c) => (typeof c === "string" ? breakable(c) : c)).map((c, k) => (k === 0 ? html`<th scope="row">${c}</th>` : html`<td${cls(k)}>${c}</td>`))}</tr>`,
  )}</tbody></table>`;
}

const CSS = `body{overflow-wrap:anywhere;font-family:"DejaVu Sans",system-ui,sans-serif;color:#1b1f24;margin:2rem;line-height:1.4;font-size:11pt}h1{font-size:20pt;margin:.2rem 0}h2{font-size:14pt;margin:1.2rem 0 .4rem;break-after:avoid}h3{font-size:12pt;margin:1rem 0 .3rem;break-after:avoid}.kicker{color:#4a5561;margin:0}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:9.5pt;table-layout:auto}caption{text-align:left;font-weight:600;margin-bottom:.2rem}th,td{border-bottom:1px solid #c9d1d9;padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:auto}tr{break-inside:avoid}table.short{break-inside:avoid}caption,thead,tbody tr:nth-child(-n+2){break-after:avoid}.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}table.wide{font-size:8pt}table.wide th,table.wide td{padding:.15rem .25rem}svg{width:100%;max-width:640px;height:auto}.note{color:#4a5561;font-size:9.5pt}.off{color:#a4262c;font-weight:600}.meta{margin:.3rem 0}.meta dt{font-weight:600;float:left;clear:left;width:11rem}.meta dd{margin:0 0 .1rem 11rem}.toc ol{padding-left:1.2rem;margin:.2rem 0}.keys{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem;margin:.6rem 0}.key{border:1px solid #c9d1d9;padding:.4rem .5rem}.key b{display:block;font-size:13pt}.key span{font-size:9pt;color:#4a5561}.footnotes{font-size:8.5pt;color:#4a5561;padding-left:2.2rem}.footnotes li{margin-bottom:.1rem;overflow-wrap:anywhere}sup{font-size:7pt}section{page-break-inside:auto}@page{size:A4;margin:16mm 14mm}@media print{body{margin:0}a{color:inherit;text-decoration:none}}`;

export interface PageOptions {
  /**
   * The nonce of the response's Content-Security-Policy (the server's, per request). Without
   * one, a fresh random nonce is used, which is what the PDF renderer needs.
   */
  nonce?: string | undefined;
}

/**
 * One self-contained, printable Swedish HTML document. It carries its own Content-Security-Policy
 * (no script, no request of any kind, only its own style by nonce and images from data: URLs),
 * in force wherever the document is opened, in addition to what the server sends.
 */
export function page(title: string, bits: readonly HtmlValue[], options: PageOptions = {}): string {
  const nonce = options.nonce && /^[A-Za-z0-9+/=_-]+$/.test(options.nonce) ? options.nonce : randomBytes(16).toString("base64");
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;
  return htmlString(
    html`<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style nonce="${nonce}">${fragment(CSS)}</style></head><body>${bits}</body></html>`,
  );
}
