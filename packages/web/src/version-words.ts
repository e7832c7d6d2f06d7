/**
 * What changed between two versions of a scenario, in words with names: "Komet: effekt på
 * ungdomsbrottslighet ändrad från −0,64 till −0,50". The two versions are compared as resolved
 * (catalogue entries filled in), so that a value set by hand where the catalogue's was used is
 * a change from the catalogue's value, not something added. Pure.
 * @module
 */
import { diffDocuments } from "@sikt/engine";
import type { Lang } from "./format";
import { showNumber } from "./number-input";
import { central } from "./uncertain";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const byId = (v: unknown, key = "id") => new Map(list(v).map((x) => [String(x[key]), x]));
const nameOf = (x: Obj | undefined, fallback: string) => (typeof x?.name === "string" ? x.name : fallback);

const W = {
  sv: {
    changed: (what: string, a: string, b: string) => `${what} ändrad från ${a} till ${b}`,
    changedN: (what: string, a: string, b: string) => `${what} ändrat från ${a} till ${b}`,
    changedPl: (what: string, a: string, b: string) => `${what} ändrade från ${a} till ${b}`,
    addedIv: (n: string) => `Ny insats: ${n}`,
    removedIv: (n: string) => `Insatsen ${n} är borttagen`,
    addedEffect: (iv: string, o: string, v: string) => `${iv}: ny effekt på ${o} (${v})`,
    removedEffect: (iv: string, o: string) => `${iv}: effekten på ${o} är borttagen`,
    effect: (o: string) => `effekt på ${o}`,
    baseline: (o: string) => `risk utan insats för ${o}`,
    decay: (o: string) => `effektens avtagande per år för ${o}`,
    efficacy: "genomslag i svensk praktik",
    participants: "deltagare per år",
    participantsIn: (y: number) => `deltagare ${y}`,
    cost: { perParticipant: "kostnad per deltagare", perYear: "kostnad per år", oneOff: "engångskostnad" } as Record<string, string>,
    addedCost: (iv: string, payer: string) => `${iv}: ny kostnad för ${payer}`,
    removedCost: (iv: string, payer: string) => `${iv}: kostnaden för ${payer} är borttagen`,
    unitCost: (n: string) => `Styckkostnad ${n}`,
    addedUnitCost: (n: string) => `Ny styckkostnad: ${n}`,
    removedUnitCost: (n: string) => `Styckkostnaden ${n} är borttagen`,
    outcomeChanged: (n: string) => `Utfallet ${n}: dess följder och kostnader är ändrade`,
    addedOutcome: (n: string) => `Nytt utfall: ${n}`,
    removedOutcome: (n: string) => `Utfallet ${n} är borttaget`,
    addedPayer: (n: string) => `Ny betalare: ${n}`,
    removedPayer: (n: string) => `Betalaren ${n} är borttagen`,
    top: { name: "Namnet", startYear: "Startåret", horizonYears: "Tidshorisonten (år)", discountRate: "Diskonteringsräntan", priceYear: "Prisåret", catalog: "Katalogen" } as Record<string, string>,
    /** Swedish past participles follow the noun: en-words "ändrad", ett-words "ändrat". */
    neuter: new Set(["name", "startYear", "priceYear"]),
    agreement: "Överenskommelsen om kostnadsdelning är ändrad",
    other: (p: string) => `Annan ändring: ${p}`,
    kr: "kr",
  },
  en: {
    changed: (what: string, a: string, b: string) => `${what} changed from ${a} to ${b}`,
    changedN: (what: string, a: string, b: string) => `${what} changed from ${a} to ${b}`,
    changedPl: (what: string, a: string, b: string) => `${what} changed from ${a} to ${b}`,
    addedIv: (n: string) => `New intervention: ${n}`,
    removedIv: (n: string) => `The intervention ${n} is removed`,
    addedEffect: (iv: string, o: string, v: string) => `${iv}: new effect on ${o} (${v})`,
    removedEffect: (iv: string, o: string) => `${iv}: the effect on ${o} is removed`,
    effect: (o: string) => `effect on ${o}`,
    baseline: (o: string) => `risk without the intervention for ${o}`,
    decay: (o: string) => `decay of the effect a year for ${o}`,
    efficacy: "efficacy in Swedish practice",
    participants: "participants a year",
    participantsIn: (y: number) => `participants ${y}`,
    cost: { perParticipant: "cost per participant", perYear: "cost a year", oneOff: "one-off cost" } as Record<string, string>,
    addedCost: (iv: string, payer: string) => `${iv}: new cost for ${payer}`,
    removedCost: (iv: string, payer: string) => `${iv}: the cost for ${payer} is removed`,
    unitCost: (n: string) => `Unit cost ${n}`,
    addedUnitCost: (n: string) => `New unit cost: ${n}`,
    removedUnitCost: (n: string) => `The unit cost ${n} is removed`,
    outcomeChanged: (n: string) => `The outcome ${n}: its consequences and costs changed`,
    addedOutcome: (n: string) => `New outcome: ${n}`,
    removedOutcome: (n: string) => `The outcome ${n} is removed`,
    addedPayer: (n: string) => `New payer: ${n}`,
    removedPayer: (n: string) => `The payer ${n} is removed`,
    top: { name: "The name", startYear: "The start year", horizonYears: "The horizon (years)", discountRate: "The discount rate", priceYear: "The price year", catalog: "The catalogue" } as Record<string, string>,
    neuter: new Set<string>(),
    agreement: "The cost-sharing agreement changed",
    other: (p: string) => `Other change: ${p}`,
    kr: "SEK",
  },
};

const EFFECT_SIZE = ["relativeRiskReduction", "oddsRatio", "standardizedMeanDifference"] as const;

/** "−0,64", "7 000 kr", "3,5 %": a value as the reader writes it. */
function show(v: unknown, lang: Lang, unit: "" | "kr" | "%" = ""): string {
  const c = central(v);
  if (c === null) return typeof v === "string" ? `”${v}”` : "–";
  if (unit === "%") return `${showNumber(c * 100, lang)} %`;
  if (unit === "kr") return `${showNumber(c, lang)} ${W[lang].kr}`;
  return showNumber(c, lang);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changes from version `a` to version `b`, each a sentence. `a` and `b` are the resolved
 * scenarios (names filled in from the catalogue); `metaA` and `metaB` their documents' meta.
 */
export function describeChanges(a: Obj, b: Obj, lang: Lang, metaA?: unknown, metaB?: unknown): string[] {
  const w = W[lang];
  const out: string[] = [];
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

  for (const key of ["name", "startYear", "horizonYears", "discountRate", "priceYear", "catalog"]) {
    if (same(a[key], b[key])) continue;
    const unit = key === "discountRate" ? "%" : "";
    const fmt = (v: unknown) => (key === "startYear" || key === "priceYear" ? String(v ?? "–") : show(v, lang, unit));
    out.push((w.neuter.has(key) ? w.changedN : w.changed)(w.top[key] ?? key, fmt(a[key]), fmt(b[key])));
  }

  // Interventions
  const ivA = byId(a.interventions);
  const ivB = byId(b.interventions);
  const outcomesB = byId(b.outcomes);
  const outcomesA = byId(a.outcomes);
  const outcomeName = (id: string) => {
    const n = nameOf(outcomesB.get(id) ?? outcomesA.get(id), id);
    return lang === "sv" ? n.charAt(0).toLowerCase() + n.slice(1) : n;
  };
  const payerName = (id: unknown) => nameOf(byId(b.payers).get(String(id)) ?? byId(a.payers).get(String(id)), String(id));
  const startYear = typeof b.startYear === "number" ? b.startYear : 0;
  for (const [id, x] of ivA) if (!ivB.has(id)) out.push(w.removedIv(nameOf(x, id)));
  for (const [id, y] of ivB) {
    const x = ivA.get(id);
    const name = nameOf(y, id);
    if (!x) {
      out.push(w.addedIv(name));
      continue;
    }
    const pa = Array.isArray(x.participants) ? (x.participants as number[]) : [];
    const pb = Array.isArray(y.participants) ? (y.participants as number[]) : [];
    if (!same(pa, pb)) {
      const flat = (p: number[]) => p.length > 0 && p.every((n) => n === p[0]);
      if (flat(pa) && flat(pb)) out.push(`${name}: ${w.changedPl(w.participants, show(pa[0], lang), show(pb[0], lang))}`);
      else {
        const years = Array.from({ length: Math.max(pa.length, pb.length) }, (_, k) => k).filter((k) => pa[k] !== pb[k]);
        const shown = years.slice(0, 3).map((k) => w.changedPl(w.participantsIn(startYear + k), show(pa[k] ?? 0, lang), show(pb[k] ?? 0, lang)));
        out.push(`${name}: ${shown.join("; ")}${years.length > 3 ? ` (${lang === "sv" ? `och ${years.length - 3} år till` : `and ${years.length - 3} more years`})` : ""}`);
      }
    }
    if (!same(x.efficacy, y.efficacy)) out.push(`${name}: ${w.changedN(w.efficacy, show(x.efficacy ?? 1, lang), show(y.efficacy ?? 1, lang))}`);
    const ca = list(x.costs);
    const cb = list(y.costs);
    for (let k = 0; k < Math.max(ca.length, cb.length); k++) {
      const l = ca[k];
      const r = cb[k];
      if (!l && r) out.push(w.addedCost(name, payerName(r.payer)));
      else if (l && !r) out.push(w.removedCost(name, payerName(l.payer)));
      else if (l && r && !same(l, r))
        for (const f of ["perParticipant", "perYear", "oneOff"])
          if (!same(l[f], r[f])) out.push(`${name}: ${w.changed(`${w.cost[f]} (${payerName(r.payer)})`, show(l[f] ?? 0, lang, "kr"), show(r[f] ?? 0, lang, "kr"))}`);
    }
    const ea = byId(x.effects, "outcome");
    const eb = byId(y.effects, "outcome");
    for (const [o] of ea) if (!eb.has(o)) out.push(w.removedEffect(name, outcomeName(o)));
    for (const [o, e] of eb) {
      const d = ea.get(o);
      const size = EFFECT_SIZE.find((f) => e[f] !== undefined);
      if (!d) {
        out.push(w.addedEffect(name, outcomeName(o), size ? show(e[size], lang) : "–"));
        continue;
      }
      if (!same(d.baselineRisk, e.baselineRisk)) out.push(`${name}: ${w.changed(w.baseline(outcomeName(o)), show(d.baselineRisk, lang), show(e.baselineRisk, lang))}`);
      const sizeA = EFFECT_SIZE.find((f) => d[f] !== undefined);
      if (size && (!same(d[size], e[size]) || sizeA !== size)) out.push(`${name}: ${w.changed(w.effect(outcomeName(o)), show(sizeA ? d[sizeA] : undefined, lang), show(e[size], lang))}`);
      if (!same(d.decayPerYear ?? 0, e.decayPerYear ?? 0)) out.push(`${name}: ${w.changedN(w.decay(outcomeName(o)), show(d.decayPerYear ?? 0, lang), show(e.decayPerYear ?? 0, lang))}`);
    }
  }

  // Unit costs, outcomes, payers
  const ua = byId(a.unitCosts);
  const ub = byId(b.unitCosts);
  for (const [id, u] of ua) if (!ub.has(id)) out.push(w.removedUnitCost(nameOf(u, id)));
  for (const [id, u] of ub) {
    const before = ua.get(id);
    if (!before) out.push(w.addedUnitCost(nameOf(u, id)));
    else if (!same(before.amount, u.amount)) out.push(w.changed(w.unitCost(nameOf(u, id)), show(before.amount, lang, "kr"), show(u.amount, lang, "kr")));
  }
  for (const [id, o] of outcomesA) if (!outcomesB.has(id)) out.push(w.removedOutcome(nameOf(o, id)));
  for (const [id, o] of outcomesB) {
    const before = outcomesA.get(id);
    if (!before) out.push(w.addedOutcome(nameOf(o, id)));
    else if (!same(before, o)) out.push(w.outcomeChanged(nameOf(o, id)));
  }
  const pa = byId(a.payers);
  const pb = byId(b.payers);
  for (const [id, p] of pa) if (!pb.has(id)) out.push(w.removedPayer(nameOf(p, id)));
  for (const [id, p] of pb) if (!pa.has(id)) out.push(w.addedPayer(nameOf(p, id)));

  // Anything else the sentences above do not cover, by its place in the scenario.
  const covered = /^(name|startYear|horizonYears|discountRate|priceYear|catalog|meta|interventions|unitCosts|outcomes|payers)(\b|\[|\.|$)/;
  for (const c of diffDocuments(a, b)) if (!covered.test(c.path)) out.push(w.other(c.path));
  const agreement = (m: unknown) => (isObj(m) ? m.sharingAgreement : undefined);
  if (!same(agreement(metaA), agreement(metaB))) out.push(w.agreement);
  return out.map(cap);
}
