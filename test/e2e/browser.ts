/**
 * End-to-end plumbing: the real server (built) on a temporary embedded database, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser). axe-core is run inside the
 * page to check WCAG 2.1 A/AA.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (process.env.SIKT_REQUIRE_BROWSER === "1" && !CHROMIUM) throw new Error("SIKT_REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium (apt-get install chromium)");

export interface E2E {
  url: string;
  password: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the built server on an empty embedded database and Chromium; `koladaBase` points its Kolada imports at a local stand-in. */
export async function startE2E(options: { koladaBase?: string } = {}): Promise<E2E> {
  const { startServer } = (await import("../../packages/server/dist/server.js")) as unknown as typeof import("../../packages/server/src/server.js");
  const dir = mkdtempSync(join(tmpdir(), "sikt-e2e-"));
  let password = "";
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    workers: 1,
    ...(options.koladaBase ? { koladaBase: options.koladaBase } : {}),
    log: (line) => {
      const m = /one-time password: (\w+)/.exec(line);
      if (m) password = m[1] as string;
    },
  });
  // The one-time password stands in a file (mode 0600) and works for one login, which must choose a
  // new password: that is done here through the API, and the new password is the one the tests use.
  if (!password && server.passwordFile) password = /^password: (\S+)$/m.exec(readFileSync(server.passwordFile, "utf8"))?.[1] ?? "";
  if (password) {
    const login = await fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@kalmar.example", password }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const chosen = `${password}-e2e-vald`;
    const changed = await fetch(`${server.url}/api/session/password`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ currentPassword: password, newPassword: chosen }),
    });
    if (changed.status === 204) password = chosen;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM as string, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  return {
    url: server.url,
    password,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is; the serious and critical findings. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  })) as Violation[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A Swedish desktop page in a fresh context; page errors and console errors are logged, except the HTTP statuses a test provokes on purpose. */
export async function openPage(e2e: E2E, expectedStatuses: number[] = []): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1360, height: 900 }, locale: "sv-SE" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const expected = new RegExp(`status of (${expectedStatuses.join("|")})\\b`);
  page.on("pageerror", (e) => console.error("PAGE ERROR", e.message));
  page.on("console", (m) => m.type() === "error" && !(expectedStatuses.length > 0 && expected.test(m.text())) && console.error("CONSOLE", m.text()));
  return { context, page };
}

/** Fails, naming the page, when axe finds serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const found = await seriousViolations(page);
  expect([name, found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)]).toEqual([name, []]);
}
