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
  /** The demo admin's password: the one-time password from its file, or with `ownPassword` one already chosen. */
  password: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The password `startE2E({ ownPassword: true })` chooses for the demo admin. */
export const OWN_PASSWORD = "ett eget långt lösenord";

/**
 * The server with the demo on a fresh database. The demo admin's one-time password is read from
 * the file the server writes; with `ownPassword` it is changed through the API first, so that the
 * browser logs in without the first-login prompt. `koladaBase` points the server's Kolada
 * imports at a local stand-in.
 */
export async function startE2E(o: { ownPassword?: boolean; koladaBase?: string } = {}): Promise<E2E> {
  const { startServer } = (await import("../../packages/server/dist/server.js")) as unknown as typeof import("../../packages/server/src/server.js");
  const dir = mkdtempSync(join(tmpdir(), "sikt-e2e-"));
  const server = await startServer({ port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), workers: 1, ...(o.koladaBase ? { koladaBase: o.koladaBase } : {}), log: () => {} });
  let password = /^password: (\S+)$/m.exec(readFileSync(server.passwordFile as string, "utf8"))?.[1] as string;
  if (o.ownPassword) {
    const login = await fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@kalmar.example", password }) });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const changed = await fetch(`${server.url}/api/session/password`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ currentPassword: password, newPassword: OWN_PASSWORD }),
    });
    if (changed.status !== 204) throw new Error(`could not change the demo password: ${changed.status}`);
    password = OWN_PASSWORD;
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
