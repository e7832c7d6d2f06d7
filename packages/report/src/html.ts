/** The pieces every printable report shares: escaping, tables, the page and its style. @module */

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A table with a caption; the first cell of a row is its header. */
export const table = (caption: string, head: string[], rows: (string | number)[][], numeric: boolean[] = []) =>
  `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h, k) => `<th scope="col"${numeric[k] ? ' class="num"' : ""}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, k) => (k === 0 ? `<th scope="row">${esc(String(c))}</th>` : `<td${numeric[k] ? ' class="num"' : ""}>${esc(String(c))}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`;

const CSS = `body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#1b1f24;margin:2rem;line-height:1.4;font-size:11pt}h1{font-size:20pt;margin:.2rem 0}h2{font-size:14pt;margin:1.2rem 0 .4rem}h3{font-size:12pt;margin:1rem 0 .3rem}.kicker{color:#4a5561;margin:0}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:9.5pt}caption{text-align:left;font-weight:600;margin-bottom:.2rem}th,td{border-bottom:1px solid #c9d1d9;padding:.2rem .4rem;text-align:left;vertical-align:top}.num{text-align:right;font-variant-numeric:tabular-nums}svg{width:100%;max-width:640px}.note{color:#4a5561;font-size:9.5pt}.off{color:#a4262c;font-weight:600}section{page-break-inside:auto}@page{size:A4;margin:16mm}`;

/** One self-contained, printable Swedish HTML document. */
export const page = (title: string, bits: string[]) =>
  `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>${bits.join("")}</body></html>`;
