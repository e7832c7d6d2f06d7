/**
 * The catalogue's evidence rule (docs/catalog.md, "The evidence rule"): one documented way to
 * discount an intervention's effect for how far its evidence is from a Swedish, registered,
 * usual-care comparison. An intervention's `efficacy` is the product of three factors, each
 * chosen by a named level in `meta.evidence`. Pure.
 * @module
 */

/** The factors of the rule, by dimension and level. */
export const EVIDENCE_RULE = {
  /** Where the effect was measured. */
  transfer: {
    /** Swedish or Nordic trials of the programme itself. */
    sverige: 1,
    /** Foreign trials of the programme. */
    utland: 0.75,
    /** Another programme's effect, or an assumed effect, or a Swedish review that finds no proven advantage over usual care. */
    "annan-insats": 0.5,
    /** A Swedish randomised trial of the programme found no difference against usual care. */
    "svensk-nolleffekt": 0.25,
  },
  /** What the effect was measured on, against the catalogue's registered outcome. */
  outcome: {
    /** The registered outcome itself (or an effect assumed directly for it). */
    registrerat: 1,
    /** Recorded or self-reported behaviour close to the outcome (delinquency, reports of maltreatment). */
    beteende: 0.75,
    /** A rating scale right after the programme (a proxy). */
    symtomskala: 0.5,
  },
  /** What the programme was compared with. */
  comparison: {
    /** Usual care or an active comparison (or no study: an assumed effect). */
    sedvanlig: 1,
    /** Wait-list or no treatment, which overstates the advantage over what a municipality already does. */
    vantelista: 0.75,
  },
} as const;

export type EvidenceDimension = keyof typeof EVIDENCE_RULE;
export const EVIDENCE_DIMENSIONS = Object.keys(EVIDENCE_RULE) as EvidenceDimension[];

/** An intervention's evidence levels, as written in `meta.evidence`. */
export type EvidenceLevels = { [D in EvidenceDimension]: keyof (typeof EVIDENCE_RULE)[D] };

/**
 * The efficacy the rule gives an intervention's evidence levels, or the first problem found
 * (a missing or unknown level) as a message naming the dimension.
 */
export function evidenceEfficacy(levels: unknown): { ok: true; efficacy: number } | { ok: false; message: string } {
  if (levels === null || typeof levels !== "object") return { ok: false, message: "meta.evidence is missing" };
  let efficacy = 1;
  for (const d of EVIDENCE_DIMENSIONS) {
    const level = (levels as Record<string, unknown>)[d];
    const factors = EVIDENCE_RULE[d] as Record<string, number>;
    if (typeof level !== "string" || !(level in factors))
      return { ok: false, message: `meta.evidence.${d} must be one of ${Object.keys(factors).join(", ")}` };
    efficacy *= factors[level] as number;
  }
  return { ok: true, efficacy };
}
