/** How every report and export leaves the server: HTML, PDF (through Chromium) or XLSX. @module */
import { htmlToPdf, type Sheet, xlsx } from "@sikt/report";
import type { Context } from "hono";
import { HttpError } from "./http.js";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Answers an export as HTML, PDF (through Chromium) or XLSX. `html` and `sheets` may be made
 * elsewhere (a task thread) and `sheets` may answer the workbook's bytes.
 */
export async function sendExport(
  c: Context,
  format: string,
  base: string,
  html: () => string | Promise<string>,
  sheets?: () => Sheet[] | Uint8Array<ArrayBuffer> | Promise<Sheet[] | Uint8Array<ArrayBuffer>>,
): Promise<Response> {
  if (format === "xlsx" && sheets) {
    const book = await sheets();
    c.header("Content-Disposition", `attachment; filename="${base}.xlsx"`);
    return c.body(book instanceof Uint8Array ? book : new Uint8Array(xlsx(book)), 200, { "Content-Type": XLSX_TYPE });
  }
  if (format === "html") return c.html(await html());
  const page = await html();
  try {
    const pdf = await htmlToPdf(page);
    c.header("Content-Disposition", `attachment; filename="${base}.pdf"`);
    return c.body(new Uint8Array(pdf), 200, { "Content-Type": "application/pdf" });
  } catch (e) {
    throw new HttpError(503, "pdf_unavailable", e instanceof Error && /Chromium/.test(e.message) ? e.message : "The PDF could not be made; the HTML can be printed instead.");
  }
}
