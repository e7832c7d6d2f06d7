/**
 * The domain's fixed vocabularies, without the schema library, so that the computing modules
 * (and the Monte Carlo worker threads) load quickly.
 * @module
 */

/** Payer groups (spec §1): municipality, region, state, the individual, other. */
export const payerGroups = ["kommun", "region", "stat", "individ", "ovrigt"] as const;
export type PayerGroup = (typeof payerGroups)[number];

/** Prevention levels: indicated (individ), selective (grupp), universal/structural (samhalle). */
export const levels = ["individ", "grupp", "samhalle"] as const;
export type Level = (typeof levels)[number];
