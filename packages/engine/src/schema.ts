/**
 * The scenario format (spec §2) as Zod schemas: the single source of the scenario types, the
 * JSON Schema (`sikt schema`) and, later, the API's request bodies. Structure is checked by the
 * schemas; the rules that span fields (references, base values of distributions, the horizon)
 * are checked in `validate.ts`, so that every problem is reported with its path.
 * @module
 */
import { z } from "zod";
import { levels, payerGroups } from "./domain.js";

// Shared instances: a Zod schema is immutable, and building one is most of the cost of loading
// this module (every `sikt` command loads it).
const finite = z.number();
const int = z.number().int();
/** A year offset: an integer 0 … 100 (spec §2). */
const yearOffset = int.min(0).max(100);
/** A span in years: an integer 1 … 100. */
const yearSpan = int.min(1).max(100);
const nonEmpty = z.string().min(1);

/** Fields any entry may carry; they change no number. */
const descriptive = {
  description: z.string().optional(),
  source: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
};

export const normalDist = z.strictObject({ dist: z.literal("normal"), mean: finite, sd: finite });
export const lognormalDist = z.strictObject({
  dist: z.literal("lognormal"),
  mean: finite,
  sd: finite,
});
export const gammaDist = z.strictObject({ dist: z.literal("gamma"), mean: finite, sd: finite });
export const betaDist = z.strictObject({ dist: z.literal("beta"), mean: finite, sd: finite });
export const uniformDist = z.strictObject({ dist: z.literal("uniform"), min: finite, max: finite });
export const triangularDist = z.strictObject({
  dist: z.literal("triangular"),
  min: finite,
  mode: finite,
  max: finite,
});
export const pertDist = z.strictObject({
  dist: z.literal("pert"),
  min: finite,
  mode: finite,
  max: finite,
});

/** A probability distribution of an uncertain number (spec §2, "Uncertain numbers"). */
export const distributionSchema = z
  .discriminatedUnion("dist", [
    normalDist,
    lognormalDist,
    gammaDist,
    betaDist,
    uniformDist,
    triangularDist,
    pertDist,
  ])
  .meta({ description: "A distribution; its mean is the base-case value." });
export type Distribution = z.infer<typeof distributionSchema>;
export type DistributionKind = Distribution["dist"];

/** A plain number or a distribution. */
export const uncertainSchema = z.union([finite, distributionSchema]);
export type Uncertain = z.infer<typeof uncertainSchema>;

export {
  type Level,
  levels,
  type PayerGroup,
  payerGroups,
  payerGroupsV1,
  type Perspective,
  perspectiveKeys,
  perspectives,
} from "./domain.js";

export const payerSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  group: z.enum(payerGroups),
  ...descriptive,
});

export const unitCostSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  payer: nonEmpty,
  recipient: nonEmpty.optional(),
  amount: uncertainSchema,
  unit: z.string().optional(),
  ...descriptive,
});

export const consequenceSchema = z.strictObject({
  unitCost: nonEmpty,
  quantityPerYear: uncertainSchema,
  fromYear: yearOffset.default(0),
  years: yearSpan.default(1),
  ...descriptive,
});

/** When a linked outcome follows, counted from the occurrence's year (spec §8.1). */
export const linkAfterSchema = z.strictObject({
  fromYear: yearOffset.default(0),
  years: yearSpan.default(1),
});

/** A link from one outcome to another (model version 2, spec §8.1). */
export const linkSchema = z.strictObject({
  outcome: nonEmpty,
  probability: uncertainSchema.meta({ description: "Share of occurrences that lead to the linked outcome (0–1)." }),
  after: linkAfterSchema.default({ fromYear: 0, years: 1 }),
  ...descriptive,
});

export const outcomeSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  consequences: z.array(consequenceSchema).min(1),
  links: z.array(linkSchema).optional().meta({ description: "Outcomes this one leads to (model version 2)." }),
  ...descriptive,
});

export const costLineSchema = z.strictObject({
  payer: nonEmpty,
  perParticipant: uncertainSchema.optional(),
  perYear: uncertainSchema.optional(),
  oneOff: uncertainSchema.optional(),
  years: yearSpan.optional(),
  year: yearOffset.optional(),
  ...descriptive,
});

export const onsetSchema = z.strictObject({
  fromYear: yearOffset.default(0),
  years: yearSpan.default(1),
});

export const effectSchema = z.strictObject({
  outcome: nonEmpty,
  baselineRisk: uncertainSchema,
  relativeRiskReduction: uncertainSchema.optional(),
  oddsRatio: uncertainSchema.optional(),
  standardizedMeanDifference: uncertainSchema.optional(),
  onset: onsetSchema.default({ fromYear: 0, years: 1 }),
  decayPerYear: uncertainSchema.default(0),
  extent: z
    .strictObject({
      reduction: uncertainSchema,
      fromYear: yearOffset.default(0),
    })
    .optional()
    .meta({ description: "An effect on the extent of the outcome (model version 2): the share by which the consequences of occurrences that still happen are reduced, from `fromYear` after the occurrence." }),
  ...descriptive,
});

export const interventionSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  level: z.enum(levels),
  participants: z.array(finite.min(0)).default([]),
  efficacy: uncertainSchema.default(1),
  costs: z.array(costLineSchema).default([]),
  effects: z.array(effectSchema).default([]),
  ...descriptive,
});

/** The scenario file (spec §2). */
export const scenarioSchema = z
  .strictObject({
    version: z.literal([1, 2]),
    name: nonEmpty,
    catalog: nonEmpty.optional(),
    startYear: int,
    priceYear: int.optional(),
    horizonYears: int.min(1).max(100),
    discountRate: finite.min(-0.1).max(1),
    optimismBias: z
      .strictObject({
        effects: finite.min(0).lt(1).default(0),
        costs: finite.min(0).lt(1).default(0),
      })
      .optional(),
    monteCarlo: z
      .strictObject({
        iterations: int.min(0).default(0),
        seed: int.min(0).max(Number.MAX_SAFE_INTEGER).default(1),
      })
      .optional(),
    payers: z.array(payerSchema),
    unitCosts: z.array(unitCostSchema),
    outcomes: z.array(outcomeSchema),
    interventions: z.array(interventionSchema),
    ...descriptive,
  })
  .meta({
    title: "Sikt scenario",
    description:
      "A Sikt scenario: preventive interventions, the outcomes they avoid and who pays and saves (model versions 1 and 2; links, extent and the payer group livskvalitet need version 2).",
  });

/** A scenario file as written (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario after parsing: defaults filled in, `priceYear` set. */
export type Scenario = Omit<z.output<typeof scenarioSchema>, "priceYear"> & { priceYear: number };
export type Payer = Scenario["payers"][number];
export type UnitCost = Scenario["unitCosts"][number];
export type Outcome = Scenario["outcomes"][number];
export type Consequence = Outcome["consequences"][number];
export type Intervention = Scenario["interventions"][number];
export type CostLine = Intervention["costs"][number];
export type Effect = Intervention["effects"][number];
export type Link = NonNullable<Outcome["links"]>[number];
export type Extent = NonNullable<Effect["extent"]>;

/**
 * The JSON Schema of the scenario file, for editors (draft 2020-12).
 * @example JSON.stringify(scenarioJsonSchema(), null, 2)
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
}
