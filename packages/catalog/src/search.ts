/** Browsing a catalogue: listing and searching its entries (for `sikt catalog`). */
import type { Catalog } from "./catalog.js";

export type EntryKind = "payers" | "unitCosts" | "outcomes" | "interventions";
export const ENTRY_KINDS: readonly EntryKind[] = ["payers", "unitCosts", "outcomes", "interventions"];

export interface Found {
  readonly kind: EntryKind;
  readonly entry: Record<string, unknown> & { id: string; name: string };
}

/** Entries whose id, name, description or English name contain every word (case-insensitive). */
export function searchCatalog(c: Catalog, query: string): Found[] {
  const words = query.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
  const out: Found[] = [];
  for (const kind of ENTRY_KINDS)
    for (const entry of c[kind]) {
      const meta = (entry.meta ?? {}) as Record<string, unknown>;
      const text = [entry.id, entry.name, entry.description, meta.nameEn, meta.targetGroup]
        .filter((v) => typeof v === "string")
        .join(" ")
        .toLocaleLowerCase("sv");
      if (words.every((w) => text.includes(w))) out.push({ kind, entry });
    }
  return out;
}

/** The entry with this id, in whichever list has it. */
export function findEntry(c: Catalog, id: string): Found | undefined {
  for (const kind of ENTRY_KINDS) {
    const entry = c[kind].find((e) => e.id === id);
    if (entry) return { kind, entry };
  }
  return undefined;
}
