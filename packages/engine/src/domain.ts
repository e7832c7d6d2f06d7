/**
 * The domain's fixed vocabularies, without the schema library, so that the computing modules
 * (and the Monte Carlo worker threads) load quickly.
 * @module
 */

/**
 * Payer groups (spec §1): municipality, region, state, the individual, other; and, from model
 * version 2 (spec §8.2), `livskvalitet`: values in SEK that are not money changing hands
 * (quality of life, victims' pain and suffering).
 */
export const payerGroups = ["kommun", "region", "stat", "individ", "ovrigt", "livskvalitet"] as const;
export type PayerGroup = (typeof payerGroups)[number];

/** The payer groups a version 1 scenario may use. */
export const payerGroupsV1: readonly PayerGroup[] = ["kommun", "region", "stat", "individ", "ovrigt"];

/** The fixed perspectives of spec §8.2, each with the payer groups it counts. */
export const perspectives = {
  offentligSektor: ["kommun", "region", "stat"],
  samhallsekonomiskt: ["kommun", "region", "stat", "individ", "ovrigt"],
  medLivskvalitet: ["kommun", "region", "stat", "individ", "ovrigt", "livskvalitet"],
} as const satisfies Record<string, readonly PayerGroup[]>;
export type Perspective = keyof typeof perspectives;
export const perspectiveKeys = Object.keys(perspectives) as Perspective[];

/** Prevention levels: indicated (individ), selective (grupp), universal/structural (samhalle). */
export const levels = ["individ", "grupp", "samhalle"] as const;
export type Level = (typeof levels)[number];
