/**
 * HTML to PDF with Chromium (playwright-core, a Chromium installed on the machine: Debian's
 * `chromium` package, or `CHROMIUM_PATH`). Nothing is downloaded.
 *
 * The document is treated as hostile even though every report escapes what it prints: Chromium
 * renders it with JavaScript off, every request refused except the document's own data: URLs
 * (and host names resolving nowhere, should anything slip past the request filter), within a
 * time limit, and a PDF larger than the size limit is refused.
 * @module
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, errors } from "playwright-core";

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p): p is string => !!p && existsSync(p));
}

export interface PdfOptions {
  /** The whole rendering, launch included, must end within this many milliseconds (default 60 s). */
  timeoutMs?: number;
  /** The largest HTML accepted and the largest PDF returned, in bytes (default 32 MiB each). */
  maxBytes?: number;
  /** A line in every page's footer beside the page number (default: the document's title). */
  footer?: string | undefined;
}

/** Why a PDF could not be made: Chromium is missing, or the document broke a limit. */
export class PdfError extends Error {
  constructor(
    readonly reason: "no-chromium" | "too-large" | "timeout",
    message: string,
  ) {
    super(message);
  }
}

// eslint-disable-next-line no-control-regex -- the control characters are what is replaced
const footerEsc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/[\u0000-\u001f\u007f]/g, " ");

/** The PDF of a self-contained HTML document (A4, page numbers in the footer). */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const executablePath = chromiumPath();
  if (!executablePath) throw new PdfError("no-chromium", "PDF needs Chromium: install Debian's chromium package or set CHROMIUM_PATH (the HTML report needs nothing)");
  if (Buffer.byteLength(html) > maxBytes) throw new PdfError("too-large", `The document is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
  let browser: Browser | undefined;
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfError("timeout", `The PDF took longer than ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
  });
  const render = async () => {
    const launched = await chromium.launch({
      executablePath,
      timeout: timeoutMs,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--disable-component-update", "--no-pings", "--dns-prefetch-disable"],
    });
    browser = launched;
    // A launch that ends after the time limit closes at once.
    if (cancelled) throw new PdfError("timeout", "The PDF took too long.");
    const context = await launched.newContext({ javaScriptEnabled: false, offline: true, acceptDownloads: false, serviceWorkers: "block" });
    await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort("blockedbyclient")));
    await context.routeWebSocket(/.*/, (ws) => ws.close());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "load", timeout: timeoutMs });
    const footer = footerEsc(options.footer ?? (await page.title()));
    return await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#4a5561;font-family:'DejaVu Sans',sans-serif"><span>${footer}</span><span>Sida <span class="pageNumber"></span> av <span class="totalPages"></span></span></div>`,
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
  };
  const work = render();
  try {
    const pdf = await Promise.race([work, expired]);
    if (pdf.length > maxBytes) throw new PdfError("too-large", `The PDF would be larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
    return pdf;
  } catch (e) {
    if (e instanceof errors.TimeoutError) throw new PdfError("timeout", `The PDF took longer than ${Math.round(timeoutMs / 1000)} s.`);
    throw e;
  } finally {
    cancelled = true;
    clearTimeout(timer);
    await (browser as Browser | undefined)?.close();
    // A launch still under way closes when it ends.
    void work.catch(() => undefined).finally(() => (browser as Browser | undefined)?.close());
  }
}
