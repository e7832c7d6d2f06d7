/**
 * HTML to PDF with Chromium (playwright-core, a Chromium installed on the machine: Debian's
 * `chromium` package, or `CHROMIUM_PATH`). Nothing is downloaded.
 * @module
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p): p is string => !!p && existsSync(p));
}

/** The PDF of a self-contained HTML document (A4). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("PDF needs Chromium: install Debian's chromium package or set CHROMIUM_PATH (the HTML report needs nothing)");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" } });
  } finally {
    await browser.close();
  }
}
