/**
 * Reading the catalogues shipped in `data/` from disk (Node). Each catalogue is a folder of
 * YAML files: catalog, payers, unit-costs, outcomes, interventions, price-index.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type Issue, parseScenario, type Scenario } from "@sikt/engine";
import { buildCatalog, type Catalog, type RawCatalog } from "./catalog.js";
import { type Override, resolveScenario } from "./resolve.js";

/** The folder with the shipped catalogues. */
export const DATA_DIR = fileURLToPath(new URL("../data", import.meta.url));

const read = (dir: string, name: string) => parse(readFileSync(join(dir, `${name}.yaml`), "utf8"), { version: "1.2" });

/** Reads and builds one catalogue folder. */
export function loadCatalogDir(dir: string): Catalog {
  const index = read(dir, "price-index") as { kpi?: unknown; pkv?: unknown } & Record<string, unknown>;
  const raw: RawCatalog = {
    catalog: read(dir, "catalog"),
    payers: read(dir, "payers") ?? [],
    unitCosts: read(dir, "unit-costs") ?? [],
    outcomes: read(dir, "outcomes") ?? [],
    interventions: read(dir, "interventions") ?? [],
    priceIndex: {
      kpi: { name: "KPI", ...((index.kpi ?? index) as object) } as RawCatalog["priceIndex"]["kpi"],
      ...(index.pkv ? { pkv: { name: "PKV", ...(index.pkv as object) } as RawCatalog["priceIndex"]["kpi"] } : {}),
    },
  };
  return buildCatalog(raw);
}

let cache: Catalog[] | undefined;

/** Every catalogue shipped with Sikt, built once. */
export function shippedCatalogs(): Catalog[] {
  if (!existsSync(DATA_DIR)) return [];
  cache ??= readdirSync(DATA_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(DATA_DIR, d.name, "catalog.yaml")))
    .map((d) => loadCatalogDir(join(DATA_DIR, d.name)));
  return cache;
}

/** A scenario ready for the engine, or every problem found on the way. */
export type Prepared =
  | { ok: true; scenario: Scenario; overrides: Override[]; catalogId: string | null }
  | { ok: false; issues: Issue[] };

/**
 * Turns parsed scenario data into a validated scenario: resolves a shipped catalogue it names
 * (`catalog: se-2025.1`), then validates the result with the engine's rules.
 */
export function prepareScenario(data: unknown): Prepared {
  const usesCatalog = data !== null && typeof data === "object" && "catalog" in data;
  const resolved = resolveScenario(data, usesCatalog ? shippedCatalogs() : []);
  if (!resolved.ok) return resolved;
  const parsed = parseScenario(resolved.scenario);
  if (!parsed.ok) return parsed;
  return { ok: true, scenario: parsed.scenario, overrides: resolved.overrides, catalogId: resolved.catalog?.id ?? null };
}
