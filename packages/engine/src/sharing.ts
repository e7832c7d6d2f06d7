/**
 * Cost sharing between the public actors (docs/budget.md §2): who should pay how much of a
 * scenario's costs so that no public actor loses in expectation, and each actor's result
 * under a sharing agreement. Present values over the whole horizon. Pure.
 * @module
 */
import type { PayerGroup } from "./domain.js";
import { evaluateDeterministic } from "./evaluate.js";
import { compile } from "./model.js";
import type { DeterministicResult } from "./result.js";
import type { Scenario } from "./schema.js";

/** Groups that can carry a share: the individual and others (lost production) cannot pay. */
export const PUBLIC_GROUPS: readonly PayerGroup[] = ["kommun", "region", "stat"];

export interface ActorShare {
  id: string;
  name: string;
  group: PayerGroup;
  /** PV of the costs the payer carries in the scenario as written. */
  pvCosts: number;
  pvSavings: number;
  /** PV of what the payer pays under the sharing (may be negative: it is compensated). */
  contribution: number;
  /** Its share of the public costs (contribution / total), 0–1 for those who pay. */
  share: number;
  /** NPV for the payer without the sharing, and with it. */
  npvBefore: number;
  npvAfter: number;
}

export interface SharingResult {
  /** PV of the costs the public payers carry, which the sharing redistributes. */
  publicCosts: number;
  /** PV of the public payers' savings, negative ones included. */
  publicSavings: number;
  /** True when the public sector as a whole gains (publicSavings ≥ publicCosts). */
  feasible: boolean;
  actors: ActorShare[];
}

function publicPayers(result: DeterministicResult, s: Scenario) {
  return s.payers
    .filter((p) => PUBLIC_GROUPS.includes(p.group))
    .map((p) => ({ p, r: result.byPayer[p.id] }))
    .filter((x): x is { p: (typeof s.payers)[number]; r: NonNullable<typeof x.r> } => x.r !== undefined && (x.r.pvCosts !== 0 || x.r.pvSavings !== 0));
}

/**
 * The proportional proposal. Let C be the public payers' PV costs, and L the sum of the losses
 * of public payers whose savings are negative (they lose through the scenario, e.g. a transfer
 * they now pay). Payers with negative savings are compensated (their contribution is their
 * loss, negative) and so end at 0; the payers with positive savings S⁺ carry C + L in
 * proportion to their savings: contribution_p = (C + L) · S_p / ΣS⁺. Then every public payer's
 * NPV is S_p · (1 − (C + L)/ΣS⁺) ≥ 0 exactly when ΣS⁺ − L ≥ C, i.e. when the public sector as a
 * whole gains; otherwise `feasible` is false and the same proportional split shows how the loss
 * would be spread.
 */
export function proposeSharing(result: DeterministicResult, s: Scenario): SharingResult {
  const payers = publicPayers(result, s);
  const publicCosts = payers.reduce((t, x) => t + x.r.pvCosts, 0);
  const publicSavings = payers.reduce((t, x) => t + x.r.pvSavings, 0);
  const losses = payers.reduce((t, x) => t + Math.max(0, -x.r.pvSavings), 0);
  const gains = payers.reduce((t, x) => t + Math.max(0, x.r.pvSavings), 0);
  const toShare = publicCosts + losses;
  const actors = payers.map(({ p, r }) => {
    const contribution = r.pvSavings < 0 ? r.pvSavings : gains > 0 ? (toShare * r.pvSavings) / gains : 0;
    return actor(p, r, contribution, publicCosts);
  });
  return { publicCosts, publicSavings, feasible: publicSavings >= publicCosts - 1e-9, actors };
}

/** A sharing agreement: each public payer's share (0–1) of the public costs; they add up to 1. */
export type Agreement = Readonly<Record<string, number>>;

/**
 * The payer through which the state pays its share in a coordination association (Finsam):
 * Försäkringskassan, with Arbetsförmedlingen a member beside it (lag (2003:1210) om finansiell
 * samordning av rehabiliteringsinsatser). An agreement may name it even when the scenario has no
 * flows for it.
 */
export const FINSAM_STATE_PAYER = {
  id: "stat.forsakringskassan",
  name: "Försäkringskassan (statens andel i samordningsförbundet; Arbetsförmedlingen är medlem)",
  group: "stat",
} as const satisfies Scenario["payers"][number];

/** A payer of the scenario, or the Finsam state payer when the scenario has none by that id. */
function payerOf(s: Scenario, id: string): Scenario["payers"][number] | undefined {
  return s.payers.find((x) => x.id === id) ?? (id === FINSAM_STATE_PAYER.id ? FINSAM_STATE_PAYER : undefined);
}

/**
 * The financial coordination association (samordningsförbund, Finsam) preset, as the law on
 * financial coordination has the members pay: the state half, paid through Försäkringskassan
 * (Arbetsförmedlingen being a member with it), the region and the municipality a quarter each.
 * Within the region and the municipality, in proportion to each payer's positive savings
 * (equally when none has any). The state's other payers (police, courts, prison service) are
 * not members and pay nothing; where they save, the saving is theirs.
 */
export function finsamAgreement(result: DeterministicResult, s: Scenario): Agreement {
  const groupShare: Partial<Record<PayerGroup, number>> = { region: 0.25, kommun: 0.25 };
  const payers = publicPayers(result, s);
  const out: Record<string, number> = { [FINSAM_STATE_PAYER.id]: 0.5 };
  for (const [group, share] of Object.entries(groupShare) as [PayerGroup, number][]) {
    const members = payers.filter((x) => x.p.group === group);
    const positive = members.reduce((t, x) => t + Math.max(0, x.r.pvSavings), 0);
    for (const x of members) out[x.p.id] = positive > 0 ? (share * Math.max(0, x.r.pvSavings)) / positive : share / members.length;
  }
  return out;
}

/** Problems with an agreement: unknown or non-public payers, shares outside 0–1, a sum ≠ 1. */
export function agreementProblems(a: Agreement, s: Scenario): string[] {
  const problems: string[] = [];
  for (const [id, share] of Object.entries(a)) {
    const p = payerOf(s, id);
    if (!p) problems.push(`${id}: no such payer`);
    else if (!PUBLIC_GROUPS.includes(p.group)) problems.push(`${id}: the group ${p.group} cannot carry a share`);
    if (!(share >= 0 && share <= 1)) problems.push(`${id}: a share must be between 0 and 1`);
  }
  const sum = Object.values(a).reduce((t, v) => t + v, 0);
  if (Math.abs(sum - 1) > 1e-9) problems.push(`the shares add up to ${sum}, not 1`);
  return problems;
}

/** Each public actor's result when the public costs are carried as the agreement says. */
export function applyAgreement(result: DeterministicResult, s: Scenario, a: Agreement): SharingResult {
  const payers = publicPayers(result, s);
  const publicCosts = payers.reduce((t, x) => t + x.r.pvCosts, 0);
  const publicSavings = payers.reduce((t, x) => t + x.r.pvSavings, 0);
  const ids = new Set([...payers.map((x) => x.p.id), ...Object.keys(a)]);
  const actors: ActorShare[] = [];
  for (const id of ids) {
    const p = payerOf(s, id);
    if (!p || !PUBLIC_GROUPS.includes(p.group)) continue;
    const r = result.byPayer[id] ?? { pvCosts: 0, pvSavings: 0, npv: 0 };
    actors.push(actor(p, r, publicCosts * (a[id] ?? 0), publicCosts));
  }
  return { publicCosts, publicSavings, feasible: publicSavings >= publicCosts - 1e-9, actors };
}

function actor(p: Scenario["payers"][number], r: { pvCosts: number; pvSavings: number; npv: number }, contribution: number, publicCosts: number): ActorShare {
  return {
    id: p.id,
    name: p.name,
    group: p.group,
    pvCosts: r.pvCosts,
    pvSavings: r.pvSavings,
    contribution,
    share: publicCosts > 0 ? contribution / publicCosts : 0,
    npvBefore: r.npv,
    npvAfter: r.pvSavings - contribution,
  };
}

/** An agreement for some interventions (all when absent) and some years (inclusive). */
export interface ScopedAgreement {
  readonly shares: Agreement;
  readonly interventions?: readonly string[] | undefined;
  readonly fromYear?: number | undefined;
  readonly toYear?: number | undefined;
}

/** Problems with scoped agreements, each prefixed with its index. */
export function scopedAgreementProblems(list: readonly ScopedAgreement[], s: Scenario): string[] {
  return list.flatMap((a, k) => [
    ...agreementProblems(a.shares, s),
    ...(a.interventions ?? []).filter((id) => !s.interventions.some((x) => x.id === id)).map((id) => `${id}: no such intervention`),
    ...(a.fromYear !== undefined && a.toYear !== undefined && a.fromYear > a.toYear ? [`fromYear ${a.fromYear} is after toYear ${a.toYear}`] : []),
  ].map((m) => `[${k}] ${m}`));
}

/**
 * Each public actor's result under agreements that cover some interventions' public costs in
 * some years: those costs are pooled per agreement and carried as its shares say; every other
 * cost stays with the payer that carries it. Where agreements overlap, the first one covering a
 * cost takes it. Costs are split per intervention by evaluating each intervention alone
 * (interventions add up in the model), in present values.
 */
export function applyScopedAgreements(s: Scenario, agreements: readonly ScopedAgreement[]): SharingResult {
  const whole = evaluateDeterministic(compile(s));
  const pub = new Set(s.payers.filter((p) => PUBLIC_GROUPS.includes(p.group)).map((p) => p.id));
  const moved = new Map<string, number>(); // payer → PV of its costs pooled away
  const pools = agreements.map(() => 0);
  for (const x of s.interventions) {
    const alone = evaluateDeterministic(compile({ ...s, interventions: [x] }));
    for (const y of alone.years) {
      const df = (1 + s.discountRate) ** -(y.year - s.startYear);
      const k = agreements.findIndex(
        (a) => (!a.interventions || a.interventions.includes(x.id)) && (a.fromYear === undefined || y.year >= a.fromYear) && (a.toYear === undefined || y.year <= a.toYear),
      );
      if (k < 0) continue;
      for (const [payer, v] of Object.entries(y.byPayer)) {
        if (!pub.has(payer) || v.costs === 0) continue;
        moved.set(payer, (moved.get(payer) ?? 0) + v.costs * df);
        pools[k] = (pools[k] as number) + v.costs * df;
      }
    }
  }
  const payers = publicPayers(whole, s);
  const ids = new Set([...payers.map((x) => x.p.id), ...agreements.flatMap((a) => Object.keys(a.shares))]);
  const publicCosts = payers.reduce((t, x) => t + x.r.pvCosts, 0);
  const publicSavings = payers.reduce((t, x) => t + x.r.pvSavings, 0);
  const actors: ActorShare[] = [];
  for (const id of ids) {
    const p = payerOf(s, id);
    if (!p || !PUBLIC_GROUPS.includes(p.group)) continue;
    const r = whole.byPayer[id] ?? { pvCosts: 0, pvSavings: 0, npv: 0 };
    const contribution = r.pvCosts - (moved.get(id) ?? 0) + agreements.reduce((t, a, k) => t + (a.shares[id] ?? 0) * (pools[k] as number), 0);
    actors.push(actor(p, r, contribution, publicCosts));
  }
  return { publicCosts, publicSavings, feasible: publicSavings >= publicCosts - 1e-9, actors };
}
