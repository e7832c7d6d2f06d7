/**
 * The shipped catalogues (contract: service.ts).
 * @module
 */
import { type Catalog, ENTRY_KINDS, findEntry, searchCatalog } from "@sikt/catalog";
import { shippedCatalogs } from "@sikt/catalog/node";
import * as api from "@sikt/contract";
import type { Context } from "hono";
import { z } from "zod";
import { notFound, readQuery } from "../http.js";
import type { AppContext } from "./context.js";

export function catalogRoutes(x: AppContext): void {
  const { routes, auth } = x;

  // Catalogue

  const catalogFor = (c: Context): Catalog => {
    const id = c.req.param("catalogId");
    const found = shippedCatalogs().find((k) => k.id === id);
    if (!found) throw notFound("catalogue");
    return found;
  };
  const catalogSummary = api.catalogSummarySchema;

  routes.add("get", "/api/catalog", { summary: "The shipped catalogues", tag: "catalogue", response: z.array(catalogSummary) }, auth, (c) =>
    c.json(
      shippedCatalogs().map((k) => ({
        id: k.id,
        name: k.name,
        priceYear: k.priceYear,
        ...(k.description === undefined ? {} : { description: k.description }),
        counts: Object.fromEntries(ENTRY_KINDS.map((kind) => [kind, k[kind].length])),
      })),
    ),
  );
  routes.add("get", "/api/catalog/:catalogId", { summary: "A whole catalogue: entries with sources, price index", tag: "catalogue" }, auth, (c) => c.json(catalogFor(c)));
  routes.add("get", "/api/catalog/:catalogId/search", { summary: "Entries matching every word of q", tag: "catalogue", query: api.searchQuery }, auth, (c) => {
    const q = readQuery(c, api.searchQuery);
    return c.json(searchCatalog(catalogFor(c), q.q));
  });
  routes.add("get", "/api/catalog/:catalogId/entries/:entryId", { summary: "One entry with its sources", tag: "catalogue" }, auth, (c) => {
    const found = findEntry(catalogFor(c), c.req.param("entryId") ?? "");
    if (!found) throw notFound("entry");
    return c.json(found);
  });
}
