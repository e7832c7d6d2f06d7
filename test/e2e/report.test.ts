/**
 * The HTML decision report as the server serves it, opened in Chromium under the server's own
 * Content-Security-Policy: styled (its style sheet carries the response's nonce), with no console
 * error, no policy violation and no serious WCAG 2.1 A/AA finding.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, type E2E, expectAccessible, startE2E } from "./browser.js";

describe.skipIf(!CHROMIUM)("the decision report in Chromium", () => {
  let e2e: E2E;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    e2e = await startE2E({ ownPassword: true });
    context = await e2e.browser.newContext({ locale: "sv-SE" });
    page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it("loads styled under the server's policy, with no console error", { timeout: 180_000 }, async () => {
    const login = await context.request.post(`${e2e.url}/api/session`, { data: { email: "admin@kalmar.example", password: e2e.password } });
    expect(login.status()).toBe(200);
    const scenarios = (await (await context.request.get(`${e2e.url}/api/scenarios`)).json()) as { id: string; name: string; latestVersion: number }[];
    const kalmar = scenarios[0]!;
    const response = await page.goto(`${e2e.url}/api/scenarios/${kalmar.id}/versions/${kalmar.latestVersion}/report?format=html`, { timeout: 150_000 });
    expect(response?.status()).toBe(200);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/style-src 'self' 'nonce-/);
    expect(csp).not.toContain("unsafe-inline");
    // The report's style applies: its font, its heading size, its table borders.
    const styled = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(e: unknown): Record<string, string> });
      const h1 = d.getComputedStyle(d.document.querySelector("h1"));
      const th = d.getComputedStyle(d.document.querySelector("th"));
      const body = d.getComputedStyle(d.document.querySelector("body"));
      return { font: body.fontFamily, h1: h1.fontSize, border: th.borderBottomStyle };
    });
    expect(styled.font).toContain("DejaVu Sans");
    expect(styled.h1).toBe("26.6667px"); // 20pt
    expect(styled.border).toBe("solid");
    expect(await page.getByRole("heading", { level: 2, name: "Osäkerhetsanalys" }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await expectAccessible(page, "decision report");
  });
});
