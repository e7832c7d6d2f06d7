/**
 * The door to Kolada's API around the pure parsers of `@sikt/followup`: requests in batches of
 * at most 25 ids per dimension, every page followed (`next_url` in v3, `next_page` in v2, only on
 * Kolada's own address), bounded retries with back-off on 429 and 5xx (honouring Retry-After),
 * and errors that say what Kolada answered. Nothing is returned unless every page of every
 * request was read and every row is good.
 * @module
 */
import {
  batches,
  type KoladaKpi,
  type KoladaPlace,
  type KoladaProblem,
  type KoladaValue,
  koladaBase,
  koladaConflicts,
  koladaDataUrl,
  koladaMetaUrl,
  parseKoladaKpis,
  parseKoladaPage,
  parseKoladaPlaces,
} from "@sikt/followup";

export type KoladaErrorKind = "unreachable" | "status" | "invalid";

/** What went wrong with Kolada, in words a user can act on. */
export class KoladaError extends Error {
  constructor(
    message: string,
    readonly kind: KoladaErrorKind,
    /** Kolada's HTTP status, when it answered. */
    readonly status: number | null,
    readonly url: string,
    /** Problems with the rows Kolada sent, by their place in the answer. */
    readonly problems: KoladaProblem[] = [],
  ) {
    super(message);
  }
}

export interface KoladaClientOptions {
  /** The configured base address, with or without /v2 or /v3 (v3 when none). */
  base: string;
  fetch: typeof fetch;
  /** Tries per request for 429, 5xx and network failures (default 4). */
  attempts?: number;
  /** The first wait in milliseconds, doubled each try (default 500); Retry-After wins up to 30 s. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** Pages followed per request at most (a loop guard; default 500). */
  maxPages?: number;
  /** Called after each request, for progress. */
  onRequest?: (url: string) => void;
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

function statusMessage(status: number, url: string, tries: number): string {
  const answered = `Kolada answered ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ""} for ${url}`;
  if (status === 400) return `${answered}: it did not accept the KPI ids, places or years asked for.`;
  if (status === 404) return `${answered}: Kolada has no such address, KPI or place (check the KPI id, and that SIKT_KOLADA_URL points at Kolada's API).`;
  if (status === 410) return `${answered}: this version of Kolada's API is retired; point SIKT_KOLADA_URL at version 3 (https://api.kolada.se/v3).`;
  if (status === 429) return `${answered} ${tries} times (too many requests); wait a minute and try again.`;
  if (status >= 500) return `${answered} ${tries} times: a fault at Kolada; try again later.`;
  return `${answered}.`;
}

export class KoladaClient {
  readonly root: string;
  readonly version: "v2" | "v3";
  private readonly origin: string;
  requests = 0;
  pages = 0;

  constructor(private readonly o: KoladaClientOptions) {
    const b = koladaBase(o.base);
    this.root = b.root;
    this.version = b.version;
    this.origin = new URL(b.root).origin;
  }

  /** One JSON answer, asked again (bounded, with back-off) on 429, 5xx and network failures. */
  async getJson(url: string): Promise<unknown> {
    const attempts = Math.max(1, this.o.attempts ?? 4);
    const backoff = this.o.backoffMs ?? 500;
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
    for (let attempt = 1; ; attempt++) {
      let r: Response;
      try {
        r = await this.o.fetch(url, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000), headers: { accept: "application/json" } });
      } catch (e) {
        if (attempt < attempts) {
          await sleep(backoff * 2 ** (attempt - 1));
          continue;
        }
        const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : "error";
        throw new KoladaError(`Kolada could not be reached at ${url} (${reason}, ${attempts} tries).`, "unreachable", null, url);
      }
      this.requests++;
      this.o.onRequest?.(url);
      if ((r.status === 429 || r.status >= 500) && attempt < attempts) {
        await r.body?.cancel();
        const after = Number(r.headers.get("retry-after"));
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : backoff * 2 ** (attempt - 1));
        continue;
      }
      if (!r.ok) {
        await r.body?.cancel();
        throw new KoladaError(statusMessage(r.status, url, attempt), "status", r.status, url);
      }
      const text = await r.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new KoladaError(`Kolada's answer from ${url} is not JSON (it begins ${JSON.stringify(text.slice(0, 40))}).`, "invalid", r.status, url);
      }
    }
  }

  /** Every page of an answer, following next_url / next_page on Kolada's own address only. */
  async allPages<T>(first: string, read: (page: unknown, n: number) => { items: T[]; next: string | null }): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let url: string | null = first;
    for (let n = 1; url !== null; n++) {
      if (seen.has(url) || n > (this.o.maxPages ?? 500)) throw new KoladaError(`Kolada's pages do not end (page ${n} leads back to ${url}).`, "invalid", null, url);
      seen.add(url);
      const page = await this.getJson(url);
      this.pages++;
      const { items, next } = read(page, n);
      out.push(...items);
      if (next !== null) {
        const nextUrl: URL = new URL(next, url);
        if (nextUrl.origin !== this.origin) throw new KoladaError(`Kolada's next page is at another address (${nextUrl.origin}); it was not followed.`, "invalid", null, url);
        url = nextUrl.href;
      } else url = null;
    }
    return out;
  }

  /**
   * Values of KPIs for places (municipalities, counties, the country, groups; or organisational
   * units) and years: requests in batches of at most 25 KPIs, 25 places and 25 years, every page
   * followed, every row read strictly, duplicates across pages and requests reported.
   */
  async data(kpis: readonly string[], places: readonly string[], years: readonly number[], placeKind: "municipality" | "ou" = "municipality"): Promise<{ values: KoladaValue[]; missing: number; deleted: number }> {
    const values: KoladaValue[] = [];
    const paths: (string | number)[][] = [];
    const problems: KoladaProblem[] = [];
    let missing = 0;
    let deleted = 0;
    let firstBad = "";
    const requests: string[] = [];
    for (const k of batches(kpis)) for (const p of batches(places)) for (const y of batches(years)) requests.push(koladaDataUrl(this.o.base, k, p, y, placeKind));
    for (const [r, url] of requests.entries()) {
      await this.allPages(url, (page, n) => {
        const prefix = [...(requests.length > 1 ? [`request ${r + 1}`] : []), `page ${n}`];
        const parsed = parseKoladaPage(page, prefix);
        if (!parsed.ok) {
          firstBad ||= url;
          problems.push(...parsed.problems);
          return { items: [], next: null };
        }
        values.push(...parsed.page.values);
        paths.push(...parsed.page.paths);
        missing += parsed.page.missing;
        deleted += parsed.page.deleted;
        return { items: [], next: parsed.page.next };
      });
    }
    problems.push(...koladaConflicts(values, paths));
    if (problems.length > 0) throw new KoladaError(`Kolada's answer has ${problems.length} problem(s); nothing was imported.`, "invalid", null, firstBad || requests[0] || this.root, problems);
    return { values, missing, deleted };
  }

  /** What Kolada says about KPIs (in batches of 25, every page). */
  async kpis(ids: readonly string[]): Promise<KoladaKpi[]> {
    const out: KoladaKpi[] = [];
    for (const b of batches([...new Set(ids)]))
      out.push(
        ...(await this.allPages(koladaMetaUrl(this.o.base, "kpi", b), (page) => {
          const r = parseKoladaKpis(page);
          if (!r.ok) throw new KoladaError("Kolada's KPI description is not in the expected shape.", "invalid", null, koladaMetaUrl(this.o.base, "kpi", b), r.problems);
          return { items: r.kpis, next: r.next };
        })),
      );
    return out;
  }

  /** Kolada's names of places: groups (G…) from municipality_groups, organisational units (V…) from ou, the rest from municipality. */
  async places(codes: readonly string[]): Promise<KoladaPlace[]> {
    const unique = [...new Set(codes)];
    const kinds: ["municipality" | "group" | "ou", "municipality" | "municipality_groups" | "ou", string[]][] = [
      ["group", "municipality_groups", unique.filter((c) => c.startsWith("G"))],
      ["ou", "ou", unique.filter((c) => c.startsWith("V"))],
      ["municipality", "municipality", unique.filter((c) => !c.startsWith("G") && !c.startsWith("V"))],
    ];
    const out: KoladaPlace[] = [];
    for (const [kind, entity, list] of kinds)
      for (const b of batches(list))
        out.push(
          ...(await this.allPages(koladaMetaUrl(this.o.base, entity, b), (page) => {
            const r = parseKoladaPlaces(page, kind);
            if (!r.ok) throw new KoladaError(`Kolada's list of ${entity} is not in the expected shape.`, "invalid", null, koladaMetaUrl(this.o.base, entity, b), r.problems);
            return { items: r.places, next: r.next };
          })),
        );
    return out;
  }
}
