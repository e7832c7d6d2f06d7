/**
 * Kolada as it is today, against a local stand-in that answers in Kolada's documented shapes
 * (never the network): every page followed, ids in batches of 25, retries on 429 and 5xx, errors
 * that say what Kolada answered, and through the API: every value by gender with Kolada's title,
 * unit, description and place names stored, saved files that are only part of an answer refused,
 * strict rows, and the starter set.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { KoladaClient, KoladaError } from "./kolada-client.js";
import { testDatabases } from "./testing/databases.js";
import { Client, type Harness, harness, makeOrg, testLimits } from "./testing/harness.js";
import { type KoladaStandIn, madeUpValue, startKoladaStandIn } from "./testing/kolada-standin.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../followup/fixtures/${name}`, import.meta.url), "utf8"));
const noWait = async () => {};

describe("the Kolada client against a local stand-in", () => {
  let k: KoladaStandIn;
  beforeAll(async () => {
    k = await startKoladaStandIn();
  });
  afterAll(async () => {
    await k?.close();
  });
  const client = (base = k.url, o: Partial<ConstructorParameters<typeof KoladaClient>[0]> = {}) => new KoladaClient({ base, fetch, sleep: noWait, ...o });

  it("follows next_url over three pages and keeps every value", async () => {
    k.requested = [];
    const r = await client().data(["N07403"], ["0880", "0008", "0000"], [2021, 2022, 2023]);
    expect(k.requested).toEqual([
      "/v3/data/kpi/N07403/municipality/0880,0008,0000/year/2021,2022,2023",
      "/v3/data/kpi/N07403/municipality/0880,0008,0000/year/2021,2022,2023?page=2&per_page=3",
      "/v3/data/kpi/N07403/municipality/0880,0008,0000/year/2021,2022,2023?page=3&per_page=3",
    ]);
    expect(r.values).toHaveLength(27); // 9 rows × 3 genders, three rows a page
    expect(r.values.find((v) => v.municipality === "0000" && v.year === 2022 && v.gender === "K")?.value).toBe(madeUpValue("N07403", "0000", 2022, "K"));
  });

  it("pages v3 and v2 alike, with the base address given with or without its version", async () => {
    k.perPage = 1;
    for (const [base, prefix] of [
      [k.url, "/v3/"],
      [`${k.url}/v3`, "/v3/"],
      [`${k.url}/v3/`, "/v3/"],
      [`${k.url}/v2`, "/v2/"],
    ] as const) {
      k.requested = [];
      const r = await client(base).data(["N07403"], ["0880"], [2021, 2022, 2023]);
      expect(r.values.filter((v) => v.gender === "T").map((v) => v.year)).toEqual([2021, 2022, 2023]);
      expect(k.requested).toHaveLength(3);
      expect(k.requested.every((u) => u.startsWith(prefix))).toBe(true);
    }
    k.perPage = 3;
  });

  it("asks for 60 places in three requests of at most 25", async () => {
    k.requested = [];
    k.perPage = 1000;
    const places = Array.from({ length: 60 }, (_, i) => String(1000 + i));
    const c = client();
    const r = await c.data(["N07403"], places, [2023]);
    k.perPage = 3;
    expect(k.requested.map((u) => u.split("/")[6]!.split(",").length)).toEqual([25, 25, 10]);
    expect(new Set(r.values.map((v) => v.municipality)).size).toBe(60);
    expect(c.requests).toBe(3);
  });

  it("asks again after 503 and stops after a bounded number of tries on 429, saying what Kolada answered", async () => {
    k.requested = [];
    const waits: number[] = [];
    const r = await client(k.url, { sleep: async (ms) => void waits.push(ms), backoffMs: 100 }).data(["N50300"], ["0880"], [2023]);
    expect(r.values).toHaveLength(3);
    expect(k.requested).toHaveLength(2);
    expect(waits).toEqual([100]);

    k.requested = [];
    waits.length = 0;
    const e = await client(k.url, { sleep: async (ms) => void waits.push(ms), backoffMs: 100 })
      .data(["N42900"], ["0880"], [2023])
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KoladaError);
    expect((e as KoladaError).status).toBe(429);
    expect((e as KoladaError).message).toMatch(/^Kolada answered 429 Too Many Requests for .* 4 times \(too many requests\)/);
    expect(k.requested).toHaveLength(4);
    expect(waits).toEqual([100, 200, 400]); // doubled each time
  });

  it("reports 404, 410 and 400 as Kolada's answers, not as Kolada out of reach, without asking again", async () => {
    for (const [kpi, status, words] of [
      ["N40400", 404, /Kolada answered 404 Not Found .*no such address, KPI or place/],
      ["N41000", 410, /Kolada answered 410 Gone .*retired.*version 3/],
      ["N40000", 400, /Kolada answered 400 Bad Request .*did not accept/],
    ] as const) {
      k.requested = [];
      const e = (await client()
        .data([kpi], ["0880"], [2023])
        .catch((x: unknown) => x)) as KoladaError;
      expect([e.kind, e.status]).toEqual(["status", status]);
      expect(e.message).toMatch(words);
      expect(e.message).not.toMatch(/could not be reached/);
      expect(k.requested).toHaveLength(1);
    }
  });

  it("says Kolada could not be reached when nothing answers, after its tries", async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    const e = (await client(`http://127.0.0.1:${port}`, { attempts: 2 })
      .data(["N07403"], ["0880"], [2023])
      .catch((x: unknown) => x)) as KoladaError;
    expect(e.kind).toBe("unreachable");
    expect(e.message).toMatch(/^Kolada could not be reached at http:\/\/127\.0\.0\.1:\d+\/v3\/data\/kpi\/N07403.*2 tries/);
  });

  it("names a bad period by its place in the answer and returns nothing", async () => {
    const e = (await client()
      .data(["N20000"], ["0880"], [2023])
      .catch((x: unknown) => x)) as KoladaError;
    expect(e.problems.map((p) => p.path.join("."))).toEqual(["page 1.values.0.period"]);
  });

  it("does not follow a next page at another address", async () => {
    const other = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ values: [], next_url: "http://example.invalid/v3/steal?page=2", previous_url: null }));
    });
    await new Promise<void>((ok) => other.listen(0, "127.0.0.1", ok));
    const e = (await client(`http://127.0.0.1:${(other.address() as AddressInfo).port}`)
      .data(["N07403"], ["0880"], [2023])
      .catch((x: unknown) => x)) as KoladaError;
    await new Promise<void>((ok) => other.close(() => ok()));
    expect(e.message).toMatch(/another address \(http:\/\/example\.invalid\)/);
  });

  it("reads KPI descriptions and the names of municipalities, groups and organisational units", async () => {
    const c = client();
    expect((await c.kpis(["N07403", "N31807"])).map((x) => [x.id, x.unit, x.byGender])).toEqual([
      ["N07403", "antal/100 000 inv", true],
      ["N31807", "andel (%) av bef.", false],
    ]);
    k.requested = [];
    const names = await c.places(["0880", "G900001", "V15E088000101", "0000"]);
    expect(names.map((p) => [p.id, p.title, p.type])).toEqual([
      ["G900001", "Liknande kommuner (testgrupp)", "G"],
      ["V15E088000101", "Testskolan (påhittad)", "OU"],
      ["0880", "Kalmar", "K"],
      ["0000", "Riket", "L"],
    ]);
    expect(k.requested).toEqual(["/v3/municipality_groups/G900001", "/v3/ou/V15E088000101", "/v3/municipality/0880,0000"]);
  });
});

const places = {
  municipality: { code: "0880", name: "" },
  county: { code: "0008", name: "" },
  country: { code: "0000", name: "" },
  peers: [{ code: "G900001", name: "" }],
};

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`Kolada imports through the API on ${target.name}`, () => {
    let h: Harness;
    let a: Client;
    let k: KoladaStandIn;

    beforeAll(async () => {
      h = await harness(await target.open());
      k = await startKoladaStandIn();
      const owner = await makeOrg(h.store, "Kalmar kommun");
      const app = createApp({ store: h.store, runs: undefined as never, limits: testLimits(), koladaBase: `${k.url}/v3`, koladaBackoffMs: 1 });
      a = await Client.as(app, owner.users.analyst);
      expect((await a.put("/api/places", places)).status).toBe(200);
    });
    afterAll(async () => {
      await k?.close();
      await h?.close();
    });

    it("fetches every page for the municipality, county, country and a group, storing every value with Kolada's title, unit, description and names", async () => {
      k.requested = [];
      const r = await a.post("/api/indicators/import/kolada-online", { kpi: "N07403", years: [2021, 2022, 2023] });
      expect(r.status).toBe(200);
      expect(r.body.points).toBe(36); // 4 places × 3 years × 3 genders
      expect(r.body.pages).toBe(4 + 3); // 12 rows, 3 a page; then KPI, group and municipality names
      expect(k.requested.filter((u) => u.includes("/data/"))).toHaveLength(4);
      const indicator = r.body.indicators[0];
      expect(indicator).toMatchObject({
        code: "N07403",
        name: "Anmälda våldsbrott, antal/100 000 inv",
        unit: "antal/100 000 inv",
        byGender: true,
        source: "Kolada (RKA), nyckeltal N07403",
        higherIsBetter: false,
      });
      expect(indicator.description).toMatch(/^Antal anmälda våldsbrott per 100 000 invånare/);
      const view = (await a.get(`/api/indicators/${indicator.id}`)).body;
      expect(view.genders).toEqual(["T", "K", "M"]);
      expect(view.series.map((s: { name: string; role: string }) => [s.role, s.name])).toEqual([
        ["municipality", "Kalmar"],
        ["county", "Region Kalmar län"],
        ["country", "Riket"],
        ["peer", "Liknande kommuner (testgrupp)"],
      ]);
      expect(view.series[0].points.map((p: { value: number }) => p.value)).toEqual([2021, 2022, 2023].map((y) => madeUpValue("N07403", "0880", y, "T")));
      const women = (await a.get(`/api/indicators/${indicator.id}?gender=K`)).body;
      expect(women.gender).toBe("K");
      expect(women.series[0].points.map((p: { value: number }) => p.value)).toEqual([2021, 2022, 2023].map((y) => madeUpValue("N07403", "0880", y, "K")));
      expect((await a.get(`/api/indicators/${indicator.id}?gender=X`)).status).toBe(400);
    });

    it("imports a KPI that has only women and men, and shows them", async () => {
      const r = await a.post("/api/indicators/import/kolada-online", { kpis: ["N15428"], years: [2023] });
      expect(r.status).toBe(200);
      expect(r.body.points).toBe(8);
      const view = (await a.get(`/api/indicators/${r.body.indicators[0].id}`)).body;
      expect([view.gender, view.genders]).toEqual(["K", ["K", "M"]]);
    });

    it("fetches organisational units (a school) as places of their own, named as Kolada names them", async () => {
      k.requested = [];
      const r = await a.post("/api/indicators/import/kolada-online", { kpis: ["N15428"], years: [2023], ous: ["V15E088000101"] });
      expect(r.status).toBe(200);
      expect(k.requested).toContain("/v3/oudata/kpi/N15428/ou/V15E088000101/year/2023");
      const view = (await a.get(`/api/indicators/${r.body.indicators[0].id}`)).body;
      const school = view.series.find((s: { place: string }) => s.place === "V15E088000101");
      expect([school.name, school.role, school.points[0].value]).toEqual(["Testskolan (påhittad)", "other", madeUpValue("N15428", "V15E088000101", 2023, "K")]);
    });

    it("answers Kolada's 404, 410 and 429 with what Kolada said, and imports nothing", async () => {
      const before = (await a.get("/api/indicators")).body.length;
      for (const [kpi, words] of [
        ["N40400", /^Kolada answered 404 Not Found/],
        ["N41000", /^Kolada answered 410 Gone/],
        ["N42900", /^Kolada answered 429 Too Many Requests .* 4 times/],
      ] as const) {
        const r = await a.post("/api/indicators/import/kolada-online", { kpi, years: [2023] });
        expect(r.status).toBe(502);
        expect(r.body.error.code).toBe("kolada_error");
        expect(r.body.error.message).toMatch(words);
      }
      const bad = await a.post("/api/indicators/import/kolada-online", { kpis: ["N07403", "N20000"], years: [2023] });
      expect(bad.status).toBe(422);
      // N07403's four rows come first (page 1 and the first row of page 2), then N20000's rows without a year.
      expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(["kolada.page 2.values.1.period", "kolada.page 2.values.2.period"]);
      expect((await a.get("/api/indicators")).body.length).toBe(before);
    });

    it("imports a saved answer only when it is complete: one last page, or every page as a list", async () => {
      const single = await a.post("/api/indicators/import/kolada", { response: fixture("kolada-v3-data-page1.json") });
      expect(single.status).toBe(422);
      expect(single.body.error.issues).toEqual([{ path: ["response", "next_url"], code: "invalid", message: expect.stringMatching(/only part of Kolada's answer/) }]);
      const v2 = await a.post("/api/indicators/import/kolada", { response: fixture("kolada-v2-data-page1.json") });
      expect(v2.body.error.issues[0].path).toEqual(["response", "next_page"]);
      const all = await a.post("/api/indicators/import/kolada", { response: [1, 2, 3].map((n) => fixture(`kolada-v3-data-page${n}.json`)), metadata: true });
      expect(all.status).toBe(200);
      expect([all.body.points, all.body.missing, all.body.pages]).toEqual([26, 1, 3]);
      const two = await a.post("/api/indicators/import/kolada", { response: [fixture("kolada-v2-data-page1.json"), fixture("kolada-v2-data-page2.json")] });
      expect([two.status, two.body.points]).toEqual([200, 26]);
    });

    it("refuses duplicates and bad periods in a saved answer by their place, importing nothing", async () => {
      const before = (await a.get("/api/indicators")).body.length;
      const row = (period: unknown) => ({ kpi: "N99001", municipality: "0880", period, values: [{ gender: "T", value: 1, status: "" }] });
      const r = await a.post("/api/indicators/import/kolada", { response: { count: 4, next_url: null, previous_url: null, values: [row(2023), row(2023), row(""), row(true)] } });
      expect(r.status).toBe(422);
      expect(r.body.error.issues.map((i: { path: unknown[]; message: string }) => [i.path.join("."), i.message.split(" (")[0]])).toEqual([
        ["response.values.2.period", "must be a year such as 2023"],
        ["response.values.3.period", "must be a year such as 2023"],
        ["response.values.1.values.0", "conflict: N99001 for 0880 in 2023"],
      ]);
      expect((await a.get("/api/indicators")).body.length).toBe(before);
    });

    it("lists the starter set and fetches all of it in one step", async () => {
      const starter = (await a.get("/api/kolada/starter")).body as { id: string; title: string }[];
      expect(starter.length).toBeGreaterThanOrEqual(8);
      const r = await a.post("/api/indicators/import/kolada-online", { kpis: starter.map((s) => s.id), years: [2022, 2023] });
      expect(r.status).toBe(200);
      const byCode = new Map((r.body.indicators as { code: string; name: string }[]).map((i) => [i.code, i.name]));
      for (const s of starter) expect(byCode.get(s.id)).toBe(s.title);
    });
  });
}
