/** How every report and export leaves the server: HTML, PDF (through Chromium) or XLSX. @module */
import { htmlToPdf, PdfError, type Sheet, xlsx } from "@sikt/report";
import type { Context } from "hono";
import { HttpError } from "./http.js";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Answers an export as HTML, PDF (through Chromium) or XLSX. The HTML carries the nonce of the
 * response's Content-Security-Policy on its style sheet (the server sends no 'unsafe-inline').
 * `html` and `sheets` may be made elsewhere (a task thread), and `sheets` may answer the
 * workbook's bytes. `base` is the file name without its extension, made by `fileStem` (ASCII,
 * safe on Windows).
 */
export async function sendExport(
  c: Context,
  format: string,
  base: string,
  html: (nonce?: string) => string | Promise<string>,
  sheets?: () => Sheet[] | Uint8Array<ArrayBuffer> | Promise<Sheet[] | Uint8Array<ArrayBuffer>>,
): Promise<Response> {
  if (format === "xlsx" && sheets) {
    const book = await sheets();
    c.header("Content-Disposition", `attachment; filename="${base}.xlsx"`);
    return c.body(book instanceof Uint8Array ? book : new Uint8Array(await xlsx(book)), 200, { "Content-Type": XLSX_TYPE });
  }
  if (format === "html") {
    c.header("Content-Disposition", `inline; filename="${base}.html"`);
    return c.html(await html(c.get("secureHeadersNonce") as string | undefined));
  }
  const page = await html();
  try {
    const pdf = await htmlToPdf(page);
    c.header("Content-Disposition", `attachment; filename="${base}.pdf"`);
    return c.body(new Uint8Array(pdf), 200, { "Content-Type": "application/pdf" });
  } catch (e) {
    if (e instanceof PdfError && e.reason === "too-large") throw new HttpError(413, "report_too_large", `${e.message} Narrow the report, or use the XLSX.`);
    if (e instanceof PdfError && e.reason === "timeout") throw new HttpError(422, "report_too_slow", `${e.message} The HTML can be printed instead.`);
    throw new HttpError(503, "pdf_unavailable", e instanceof PdfError ? e.message : "The PDF could not be made; the HTML can be printed instead.");
  }
}
