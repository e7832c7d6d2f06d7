/**
 * A local stand-in for Kolada's API, for tests (never the network): it answers in Kolada's
 * documented shapes (v3 under /v3, v2 under /v2; see packages/followup/fixtures/README.md) with
 * made-up numbers, pages its answers (`perPage` rows a page, `next_url` / `next_page` to the next),
 * and fails on purpose for some KPI ids: N40400 → 404, N41000 → 410, N40000 → 400, N42900 → 429
 * every time, N50300 → 503 on the first try of each address, N20000 → a bad period.
 * @module
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KOLADA_STARTER } from "@sikt/followup";

const fixture = (name: string): { values: Record<string, unknown>[] } => JSON.parse(readFileSync(new URL(`../../../followup/fixtures/${name}`, import.meta.url), "utf8"));

export interface KoladaStandIn {
  /** The base address to configure (without /v3). */
  url: string;
  /** Every path and query asked for, in order. */
  requested: string[];
  /** Rows a data page holds (default 3). */
  perPage: number;
  /** KPIs that have no total, only women and men. */
  genderOnly: Set<string>;
  close(): Promise<void>;
}

/** A made-up value for a KPI, place, year and gender: stable, distinct, nothing Kolada publishes. */
export function madeUpValue(kpi: string, place: string, year: number, gender: "T" | "K" | "M"): number {
  let h = 7;
  for (const ch of `${kpi}|${place}`) h = (h * 31 + ch.charCodeAt(0)) % 1000;
  return Math.round((10 + h / 10 + (year - 2020) * 0.7 + (gender === "K" ? -1.3 : gender === "M" ? 1.1 : 0)) * 10) / 10;
}

export async function startKoladaStandIn(): Promise<KoladaStandIn> {
  const kpiMeta = new Map<string, Record<string, unknown>>();
  for (const k of KOLADA_STARTER)
    kpiMeta.set(k.id, {
      id: k.id,
      title: k.title,
      description: `${k.title} (beskrivningen är påhittad för testerna).`,
      is_divided_by_gender: k.id !== "N01951",
      municipality_type: "K",
      auspice: "X",
      operating_area: k.theme,
      has_ou_data: k.id === "N15428",
    });
  for (const k of fixture("kolada-v3-kpi.json").values) kpiMeta.set(k.id as string, k);
  const names = new Map<string, Record<string, unknown>>();
  for (const p of fixture("kolada-v3-municipality.json").values) names.set(p.id as string, p);
  for (const [id, title] of [
    ["0780", "Växjö"],
    ["1380", "Halmstad"],
  ])
    names.set(id!, { id, title, type: "K" });
  const groups = new Map(fixture("kolada-v3-municipality-groups.json").values.map((g) => [g.id as string, g]));
  const ous = new Map(fixture("kolada-v3-ou.json").values.map((u) => [u.id as string, u]));
  const tried = new Set<string>();

  const s: KoladaStandIn = { url: "", requested: [], perPage: 3, genderOnly: new Set(["N15428"]), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", s.url);
    s.requested.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const m = /^\/(v2|v3)\/(.*)$/.exec(url.pathname);
    if (!m) return send(404, { error: "no such address" });
    const [, version, rest] = m as unknown as [string, "v2" | "v3", string];
    const parts = rest.split("/").map(decodeURIComponent);
    const page = Number(url.searchParams.get("page") ?? "1");
    /** Kolada's envelope for the rows of one page, with the addresses of the next and previous pages. */
    const envelope = (rows: unknown[]) => {
      const pages = Math.max(1, Math.ceil(rows.length / s.perPage));
      const at = (n: number) => `${s.url}${url.pathname}?page=${n}&per_page=${s.perPage}`;
      const values = rows.slice((page - 1) * s.perPage, page * s.perPage);
      return version === "v3"
        ? { count: rows.length, values, next_url: page < pages ? at(page + 1) : null, previous_url: page > 1 ? at(page - 1) : null }
        : { count: rows.length, values, ...(page < pages ? { next_page: at(page + 1) } : {}), ...(page > 1 ? { previous_page: at(page - 1) } : {}) };
    };
    const meta = (all: Map<string, Record<string, unknown>>, ids: string) => send(200, envelope(ids.split(",").flatMap((id) => (all.has(id) ? [all.get(id)] : []))));

    if (parts[0] === "kpi" && parts[1]) return meta(kpiMeta, parts[1]);
    if (parts[0] === "municipality" && parts[1]) return meta(names, parts[1]);
    if (parts[0] === "municipality_groups" && parts[1]) return meta(groups, parts[1]);
    if (parts[0] === "ou" && parts[1]) return meta(ous, parts[1]);
    const data = (parts[0] === "data" && parts[1] === "kpi" && parts[3] === "municipality" && parts[5] === "year") || (parts[0] === "oudata" && parts[1] === "kpi" && parts[3] === "ou" && parts[5] === "year");
    if (!data) return send(404, { error: "no such address" });
    const kpis = parts[2]!.split(",");
    const places = parts[4]!.split(",");
    const years = parts[6]!.split(",").map(Number);
    if (kpis.includes("N40400")) return send(404, { error: "not found" });
    if (kpis.includes("N41000")) return send(410, { error: "gone" });
    if (kpis.includes("N40000")) return send(400, { error: "bad request" });
    if (kpis.includes("N42900")) return send(429, { error: "too many requests" });
    if (kpis.includes("N50300") && !tried.has(url.href)) {
      tried.add(url.href);
      return send(503, "Service Unavailable");
    }
    const rows = kpis.flatMap((kpi) =>
      places.flatMap((place) =>
        years.map((year) => ({
          kpi,
          [parts[0] === "oudata" ? "ou" : "municipality"]: place,
          period: kpi === "N20000" ? null : version === "v2" ? String(year) : year,
          values: (s.genderOnly.has(kpi) ? (["K", "M"] as const) : (["T", "K", "M"] as const)).map((gender) => ({
            count: 1,
            gender,
            status: "",
            value: madeUpValue(kpi, place, year, gender),
            ...(version === "v3" ? { isdeleted: false } : {}),
          })),
        })),
      ),
    );
    return send(200, envelope(rows));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return s;
}
