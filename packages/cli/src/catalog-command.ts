/** `sikt catalog list | show ID | search WORD`, and the report of a scenario's overrides. */
import { findEntry, type Override, searchCatalog } from "@sikt/catalog";
import { shippedCatalogs } from "@sikt/catalog/node";
import type { Lang } from "@sikt/engine";
import { stringify } from "yaml";
import { textTable } from "./format/table.js";

const kindNames: Record<string, string> = {
  payers: "Kostnadsbärare",
  unitCosts: "Styckkostnader",
  outcomes: "Utfall",
  interventions: "Insatser",
};

/** A value as text; a list of one repeated number is shortened ("22 × 20"). */
function show(v: unknown): string {
  if (Array.isArray(v) && v.length > 1 && v.every((x) => x === v[0])) return `${String(v[0])} × ${v.length}`;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** The overrides of a scenario against its catalogue, as text. */
export function formatOverrides(catalogId: string, overrides: readonly Override[], lang: Lang): string {
  const sv = lang === "sv";
  if (overrides.length === 0)
    return sv
      ? `Katalog ${catalogId}: inga lokala avvikelser.\n`
      : `Catalogue ${catalogId}: no local overrides.\n`;
  const head = sv
    ? `AVVIKELSER FRÅN KATALOGEN ${catalogId} (${overrides.length})`
    : `OVERRIDES OF CATALOGUE ${catalogId} (${overrides.length})`;
  const where = (o: Override) => {
    const field = o.path.replace(/^[A-Za-z]+\[\d+\]\.?/, "");
    return field === "" ? o.entry : `${o.entry}: ${field}`;
  };
  const rows = overrides.map((o) => [where(o), o.catalogValue === undefined ? "–" : show(o.catalogValue), show(o.localValue)]);
  return `${head}\n${textTable(sv ? ["Var", "Katalogen", "Scenariot"] : ["Where", "Catalogue", "Scenario"], rows, ["l", "l", "l"])}\n`;
}

export function catalogCommand(
  sub: string | undefined,
  args: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
  lang: Lang,
): number {
  const catalogs = shippedCatalogs();
  const sv = lang === "sv";
  // the newest catalogue: ids carry their version (se-2025.1, se-2026.1), so they sort by it
  const catalog = [...catalogs].sort((a, b) => a.id.localeCompare(b.id)).at(-1);
  if (!catalog) {
    io.stderr(sv ? "sikt: ingen katalog finns installerad\n" : "sikt: no catalogue is installed\n");
    return 1;
  }
  switch (sub) {
    case "list":
    case undefined: {
      const out: string[] = [`${catalog.name} (${catalog.id}), ${sv ? "prisår" : "price year"} ${catalog.priceYear}`];
      for (const kind of ["payers", "unitCosts", "outcomes", "interventions"] as const) {
        out.push("", `${kindNames[kind]} (${catalog[kind].length})`);
        out.push(
          textTable(
            ["Id", sv ? "Namn" : "Name", ...(kind === "interventions" ? [sv ? "Nivå" : "Level"] : [])],
            catalog[kind].map((e) => [e.id, e.name, ...(kind === "interventions" ? [String(e.level)] : [])]),
            ["l", "l", "l"],
          ),
        );
      }
      io.stdout(`${out.join("\n")}\n`);
      return 0;
    }
    case "show": {
      const id = args[0];
      const found = id ? findEntry(catalog, id) : undefined;
      if (!found) {
        io.stderr(sv ? `sikt: katalogen har ingen post '${id ?? ""}'\n` : `sikt: the catalogue has no entry '${id ?? ""}'\n`);
        return 2;
      }
      io.stdout(`# ${kindNames[found.kind]} – ${catalog.id}\n${stringify(found.entry, { lineWidth: 100 })}`);
      return 0;
    }
    case "search": {
      const hits = searchCatalog(catalog, args.join(" "));
      if (hits.length === 0) {
        io.stdout(sv ? "Inga träffar.\n" : "No matches.\n");
        return 0;
      }
      io.stdout(
        `${textTable(
          [sv ? "Typ" : "Kind", "Id", sv ? "Namn" : "Name"],
          hits.map((h) => [kindNames[h.kind] ?? h.kind, h.entry.id, h.entry.name]),
          ["l", "l", "l"],
        )}\n`,
      );
      return 0;
    }
    default:
      io.stderr(sv ? `sikt: okänt underkommando '${sub}'; använd list, show eller search\n` : `sikt: unknown subcommand '${sub}'\n`);
      return 2;
  }
}
