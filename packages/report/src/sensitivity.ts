/**
 * A sensitivity (tornado) bar in words for the decision report and the workbook: what the number is
 * and whose it is, by name — an effect as "intervention → outcome", a link as "outcome → linked
 * outcome" — never a role, path or id.
 */
import type { Scenario, ScenarioResult } from "@sikt/engine";

type Bar = NonNullable<ScenarioResult["sensitivity"]>[number];

const ROLE: Record<string, string> = {
  "unitCost.amount": "Styckkostnad",
  "consequence.quantityPerYear": "Mängd per år",
  "intervention.efficacy": "Genomslag",
  "cost.amount": "Insatsens kostnad",
  "effect.baselineRisk": "Risk utan insats",
  "effect.size": "Effekt",
  "effect.decayPerYear": "Effektens avtagande",
  "effect.extent": "Kortare eller mildare förlopp",
  "link.probability": "Sannolikhet för följdutfall",
  discountRate: "Diskonteringsränta",
};

/** What the number is, in Swedish ("Antagande" for a role the report does not know). */
export function sensitivityWhat(b: Bar): string {
  return ROLE[b.role] ?? "Antagande";
}

/** Whose number it is, by name; "" for the discount rate (or anything that has no name). */
export function sensitivityOwner(b: Bar, s: Scenario): string {
  const nameOf = (id: string | undefined) =>
    id === undefined ? "" : (s.unitCosts.find((u) => u.id === id)?.name ?? s.outcomes.find((o) => o.id === id)?.name ?? s.interventions.find((x) => x.id === id)?.name ?? "");
  const effect = /interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(b.parameter);
  if (b.role.startsWith("effect.") && effect) {
    const x = s.interventions[Number(effect[1])];
    const e = x?.effects[Number(effect[2])];
    if (x && e) return `${x.name} → ${nameOf(e.outcome)}`;
  }
  const link = /outcomes\[(\d+)\]\.links\[(\d+)\]/.exec(b.parameter);
  if (b.role === "link.probability" && link) {
    const o = s.outcomes[Number(link[1])];
    const l = o?.links?.[Number(link[2])];
    if (o && l) return `${o.name} → ${nameOf(l.outcome)}`;
  }
  return nameOf(b.owner);
}

/** "Sannolikhet för följdutfall: Barnavårdsutredning … → Placering i familjehem". */
export function sensitivityLabel(b: Bar, s: Scenario): string {
  return [sensitivityWhat(b), sensitivityOwner(b, s)].filter(Boolean).join(": ");
}
