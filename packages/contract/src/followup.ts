/**
 * Request and response schemas of the lägesbild, action plan, follow-up and service register
 * routes (docs/followup.md; routes/followup.ts in the server). They mirror the types of
 * `@sikt/followup` (the server checks that they agree at compile time).
 * @module
 */
import { z } from "zod";

/** The genders a service's reach is counted by (`GENDERS` of `@sikt/followup`). */
export const REACH_GENDERS = ["flickor", "pojkar", "annat"] as const;

const text = (max = 20_000) => z.string().max(max);
const name = z.string().trim().min(1).max(300);
const year = z.number().int().min(1900).max(2100);
const count = z.number().int().min(0).max(10_000_000);
const money = z.number().finite().min(0).max(1e12);
const level = z.enum(["individ", "grupp", "samhalle"]);
const id = z.string().min(1).max(100);
const koladaCode = z.string().regex(/^[0-9A-Za-z]{1,10}$/, "a Kolada code such as 0880");

/** A place by its Kolada code; the name may be left empty: Kolada's name is shown once fetched. */
const place = z.strictObject({ code: koladaCode, name: z.string().trim().max(300) });
export const placesSchema = z.strictObject({ municipality: place, county: place.nullable(), country: place.nullable(), peers: z.array(place).max(50) });

export const indicatorBody = z.strictObject({
  code: z.string().trim().min(1).max(100),
  name,
  unit: text(100),
  kind: z.enum(["count", "rate"]),
  source: z.string().trim().min(1, "say where the numbers come from").max(1000),
  higherIsBetter: z.boolean(),
  description: text(10_000).optional(),
  byGender: z.boolean().nullable().optional(),
});
export const indicatorSchema = indicatorBody.extend({ id: z.uuid() });

export const csvImportBody = z.strictObject({
  csv: z.string().min(1).max(1_000_000),
  source: z.string().trim().min(1, "say where the numbers come from").max(1000),
  /** Whether higher values are better, for indicators the file creates and gives no direction for in its column bättre. */
  higherIsBetter: z.boolean().optional(),
});
const koladaOptions = {
  name: name.optional(),
  unit: text(100).optional(),
  kind: z.enum(["count", "rate"]).optional(),
  higherIsBetter: z.boolean().optional(),
};
/** A saved Kolada data response: one complete page, or a list of every page of one answer. */
export const koladaFileBody = z.strictObject({
  response: z.unknown(),
  /** Ask Kolada (SIKT_KOLADA_URL) for the KPIs' titles, units and descriptions and the places' names (one brief try; the values are imported either way). */
  metadata: z.boolean().optional(),
  ...koladaOptions,
});
const kpiId = z.string().regex(/^[A-Z]\d{5}$/, "a Kolada KPI id such as N07403");
export const koladaOnlineBody = z
  .strictObject({
    /** One KPI (the earlier form) or several. */
    kpi: kpiId.optional(),
    kpis: z.array(kpiId).min(1).max(100).optional(),
    years: z.array(year).min(1).max(30),
    /** Organisational units (schools, preschools: Kolada ids such as V15E144001101) to fetch as places, beside your places. */
    ous: z.array(z.string().regex(/^V[0-9A-Z]{2,20}$/, "a Kolada organisational unit id such as V15E144001101")).max(200).optional(),
    ...koladaOptions,
  })
  .refine((b) => b.kpi !== undefined || b.kpis !== undefined, { message: "give kpi or kpis", path: ["kpis"] });
export const importResult = z.object({
  indicators: z.array(indicatorSchema),
  points: z.number(),
  /** Values Kolada lists without a number (left out, not zero). */
  missing: z.number().optional(),
  /** Pages and requests read from Kolada. */
  pages: z.number().optional(),
  requests: z.number().optional(),
  /** What could not be read beside the values (Kolada's descriptions or place names). */
  warnings: z.array(z.string()).optional(),
});
export const starterSchema = z.array(
  z.object({ id: z.string(), title: z.string(), theme: z.enum(["brott", "ekonomiskt-bistand", "barn-och-unga", "skola", "befolkning"]), higherIsBetter: z.boolean(), source: z.string() }),
);
/** The query of an indicator's view: one gender's values (T total, K women, M men; default T). */
export const indicatorQuery = z.strictObject({ gender: z.enum(["T", "K", "M"]).optional() });
/** The counts of participants the caller entered in a plan, as typed (for their entry form only). */
/** A scenario's deterministic key figures (docs/followup.md, `KeyFigures`). */
export const keyFiguresSchema = z.object({ npv: z.number(), bcr: z.number().nullable(), pvCosts: z.number(), pvSavings: z.number(), paybackYear: z.number().nullable() });
/** A measure's scenario as planned and re-run with the actual participants and costs that the follow-up shows. */
export const planRerunSchema = z.object({ scenario: z.string(), planned: keyFiguresSchema, actual: keyFiguresSchema, yearsReported: z.array(z.number().int()) });

export const ownCountsSchema = z.object({ counts: z.array(z.object({ measureId: z.string(), year: z.number().int(), participants: z.number().int() })) });

const finding = z.strictObject({
  id,
  kind: z.enum(["problem", "risk", "protective"]),
  level,
  title: name,
  description: text(),
  indicatorIds: z.array(z.uuid()).max(100),
});
export const lagesbildSchema = z.strictObject({
  title: name,
  year,
  mapping: z.strictObject({ indicators: z.array(z.strictObject({ indicatorId: z.uuid(), why: text(2000) })).max(200), sources: text(), limitations: text() }),
  otherInformation: text(),
  analysis: text(50_000),
  findings: z.array(finding).max(200),
});

const measure = z.strictObject({
  id,
  title: name,
  description: text(),
  level,
  findingIds: z.array(id).max(100),
  responsible: z.array(name).max(30),
  startYear: year,
  endYear: year,
  planned: z.array(z.strictObject({ year, participants: count, cost: money })).max(100),
  scenario: z.strictObject({ id: z.uuid(), interventionId: id }).nullable(),
  indicators: z.array(z.strictObject({ indicatorId: z.uuid(), target: z.number().finite().nullable(), targetYear: year.nullable() })).max(50),
});
export const planSchema = z
  .strictObject({
    title: name,
    lagesbildId: z.uuid().nullable(),
    startYear: year,
    endYear: year,
    tolerance: z.number().min(0).max(1),
    measures: z.array(measure).max(100),
  })
  .superRefine((p, ctx) => {
    if (p.endYear < p.startYear || p.endYear - p.startYear > 30) ctx.addIssue({ code: "custom", path: ["endYear"], message: "must be from startYear to startYear + 30" });
    const ids = new Set<string>();
    p.measures.forEach((m, i) => {
      if (ids.has(m.id)) ctx.addIssue({ code: "custom", path: ["measures", i, "id"], message: "is used by another measure" });
      ids.add(m.id);
      if (m.endYear < m.startYear) ctx.addIssue({ code: "custom", path: ["measures", i, "endYear"], message: "must not be before startYear" });
      const years = new Set<number>();
      m.planned.forEach((y, k) => {
        if (years.has(y.year)) ctx.addIssue({ code: "custom", path: ["measures", i, "planned", k, "year"], message: "is planned twice" });
        years.add(y.year);
      });
    });
  });

export const actualsBody = z.strictObject({
  actuals: z
    .array(z.strictObject({ measureId: id, year, participants: count.nullable().optional(), cost: money.nullable(), note: text(2000) }))
    .min(1)
    .max(1000),
});

export const serviceSchema = z.strictObject({
  name,
  description: text(),
  provider: name,
  level,
  decision: z.strictObject({
    body: name,
    date: z.iso.date("a date as YYYY-MM-DD"),
    reference: name,
    conditions: text(),
    identitiesRecorded: z.boolean(),
  }),
  ageGroups: z.array(z.string().trim().min(1).max(50)).min(1).max(20),
  expectedParticipantsPerYear: z.number().finite().min(0).nullable(),
});

export const reachBody = z.strictObject({
  period: z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, "a year, quarter or month: 2026, 2026-Q1 or 2026-03"),
  visits: count,
  participants: z.record(z.string().min(1).max(50), z.partialRecord(z.enum(REACH_GENDERS), count)),
});

export const docSchema = (body: z.ZodType) => z.object({ id: z.uuid(), kind: z.string(), version: z.number(), createdAt: z.string(), updatedAt: z.string(), body });
export const saveBody = (body: z.ZodType) => z.strictObject({ baseVersion: z.number().int().min(1), body });
