/**
 * The readable Swedish summary of a result (`sikt run --format table`): key figures, Monte
 * Carlo, per payer, per intervention, avoided cases, sensitivity and the yearly table.
 * @module
 */
import type { Lang, PayerGroup, Scenario, ScenarioResult, SensitivityBar } from "@sikt/engine";
import { kr, orDash, percent, percentWhole, twoDecimals, whole } from "./numbers.js";
import { avoidedSection, perspectivesSection } from "./v2.js";

/** Lays out rows as a text table; `align` per column, "r" right (numbers) or "l". */
export function textTable(header: string[], rows: string[][], align: ("l" | "r")[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === "r" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const groupNames: Record<PayerGroup, string> = {
  kommun: "Kommun",
  region: "Region",
  stat: "Staten",
  individ: "Individen",
  ovrigt: "Övrigt",
  livskvalitet: "Livskvalitet och brottsoffer",
};

const roleNames: Record<string, string> = {
  "unitCost.amount": "styckkostnad",
  "consequence.quantityPerYear": "mängd per år",
  "intervention.efficacy": "verkningsgrad",
  "cost.amount": "insatskostnad",
  "effect.baselineRisk": "grundrisk",
  "effect.size": "effektstorlek",
  "effect.decayPerYear": "avtagande per år",
  "effect.extent": "minskad omfattning",
  "link.probability": "sannolikhet för följdutfall",
  discountRate: "diskonteringsränta",
};

function barLabel(s: Scenario, b: SensitivityBar): string {
  if (b.role === "discountRate") return "Diskonteringsränta (1 % / 5 %)";
  const owner =
    s.unitCosts.find((u) => u.id === b.owner)?.name ??
    s.outcomes.find((o) => o.id === b.owner)?.name ??
    s.interventions.find((i) => i.id === b.owner)?.name ??
    b.owner ??
    "";
  return `${owner}: ${roleNames[b.role] ?? b.role}${barDetail(s, b.parameter)}`;
}

/** Which effect or consequence a number belongs to, where its owner has several. */
function barDetail(s: Scenario, parameter: string): string {
  const effect = /^interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(parameter);
  if (effect) {
    const e = s.interventions[Number(effect[1])]?.effects[Number(effect[2])];
    const name = s.outcomes.find((o) => o.id === e?.outcome)?.name ?? e?.outcome;
    return name === undefined ? "" : ` (${name})`;
  }
  const consequence = /^outcomes\[(\d+)\]\.consequences\[(\d+)\]/.exec(parameter);
  if (consequence) {
    const c = s.outcomes[Number(consequence[1])]?.consequences[Number(consequence[2])];
    const name = s.unitCosts.find((u) => u.id === c?.unitCost)?.name ?? c?.unitCost;
    return name === undefined ? "" : ` (${name})`;
  }
  return "";
}

/** The whole summary as text (the perspectives and the avoided cases also in English). */
export function formatTable(s: Scenario, r: ScenarioResult, lang: Lang = "sv"): string {
  const d = r.deterministic;
  const out: string[] = [];
  const T = d.years.length;
  out.push(`${s.name}`);
  out.push(
    `Startår ${s.startYear}, planeringshorisont ${s.horizonYears} år (flöden följs till ${s.startYear + T - 1}), ` +
      `diskonteringsränta ${percent(s.discountRate)}, belopp i ${s.priceYear} års priser.`,
  );
  if (s.optimismBias && (s.optimismBias.costs > 0 || s.optimismBias.effects > 0))
    out.push(
      `Optimismjustering: kostnader +${percentWhole(s.optimismBias.costs)}, effekter −${percentWhole(s.optimismBias.effects)}.`,
    );
  out.push("", "NYCKELTAL (nuvärden)");
  const key: [string, string][] = [
    ["Nuvärde kostnader", kr(d.pvCosts)],
    ["Nuvärde besparingar", kr(d.pvSavings)],
    ["Nettonuvärde", kr(d.npv)],
    ["Nytta/kostnad (BCR)", orDash(d.bcr, twoDecimals)],
    ["Avkastning (ROI)", orDash(d.roi, percent)],
    ["Internränta (IRR)", orDash(d.irr, percent)],
    ["Återbetalningsår", orDash(d.paybackYear, String)],
  ];
  out.push(textTable(["Mått", "Värde"], key.map(([a, b]) => [a, b]), ["l", "r"]));
  const be = d.breakEvenEffectScale;
  if (be !== null)
    out.push(
      be <= 1
        ? `Brytpunkt: effekterna får vara ${percentWhole(1 - be)} mindre än antaget innan investeringen slutar löna sig.`
        : `Brytpunkt: effekterna behöver vara ${percentWhole(be - 1)} större än antaget för att investeringen ska löna sig.`,
    );

  const mc = r.monteCarlo;
  if (mc) {
    out.push("", `OSÄKERHET (Monte Carlo, ${whole(mc.iterations)} dragningar, frö ${mc.seed})`);
    const rows: string[][] = [
      ["Nettonuvärde", kr(mc.npv.mean), kr(mc.npv.p05), kr(mc.npv.p50), kr(mc.npv.p95)],
    ];
    if (mc.bcr)
      rows.push(["Nytta/kostnad", twoDecimals(mc.bcr.mean), twoDecimals(mc.bcr.p05), twoDecimals(mc.bcr.p50), twoDecimals(mc.bcr.p95)]);
    out.push(textTable(["", "Medel", "5 %", "Median", "95 %"], rows, ["l", "r", "r", "r", "r"]));
    out.push(`Sannolikhet att investeringen lönar sig (nettonuvärde > 0): ${percentWhole(mc.probabilityNpvPositive)}`);
  }
  out.push(...perspectivesSection(s, r, lang));

  out.push("", "VEM BETALAR OCH VEM SPARAR (nuvärden per kostnadsbärare)");
  out.push(
    textTable(
      ["Kostnadsbärare", "Grupp", "Kostnader", "Besparingar", "Netto", "Återbetalt", ...(mc ? ["P(netto > 0)"] : [])],
      s.payers.map((p) => {
        const b = d.byPayer[p.id];
        return [
          p.name,
          groupNames[p.group] ?? p.group,
          kr(b?.pvCosts ?? 0),
          kr(b?.pvSavings ?? 0),
          kr(b?.npv ?? 0),
          orDash(b?.paybackYear, String),
          ...(mc ? [percentWhole(mc.byPayer[p.id]?.probabilityNpvPositive ?? 0)] : []),
        ];
      }),
      ["l", "l", "r", "r", "r", "r", "r"],
    ),
  );
  out.push("");
  out.push(
    textTable(
      ["Grupp", "Kostnader", "Besparingar", "Netto"],
      Object.entries(d.byGroup).map(([g, v]) => [groupNames[g as PayerGroup] ?? g, kr(v.pvCosts), kr(v.pvSavings), kr(v.npv)]),
      ["l", "r", "r", "r"],
    ),
  );
  if (s.payers.some((p) => p.group === "individ"))
    out.push("Individens rad visar bland annat minskade överföringar (t.ex. ekonomiskt bistånd) som mottagare.");

  out.push("", "PER INSATS");
  const levelNames: Record<string, string> = { individ: "individ", grupp: "grupp", samhalle: "samhälle" };
  out.push(
    textTable(
      ["Insats", "Nivå", "Kostnader", "Besparingar", "Netto", "BCR"],
      s.interventions.map((iv) => {
        const b = d.byIntervention[iv.id];
        return [
          iv.name,
          levelNames[iv.level] ?? iv.level,
          kr(b?.pvCosts ?? 0),
          kr(b?.pvSavings ?? 0),
          kr(b?.npv ?? 0),
          orDash(b?.bcr, twoDecimals),
        ];
      }),
      ["l", "l", "r", "r", "r", "r"],
    ),
  );

  out.push(...avoidedSection(s, r, lang));
  const shared = s.outcomes.filter(
    (o) => s.interventions.filter((iv) => iv.effects.some((e) => e.outcome === o.id)).length > 1,
  );
  if (shared.length > 0)
    out.push(
      `Antagande: insatserna som påverkar ${shared.map((o) => o.name).join(", ")} antas nå olika personer, så deras effekter läggs ihop.`,
    );

  if (r.sensitivity && r.sensitivity.length > 0) {
    out.push("", "KÄNSLIGHET (nettonuvärde med ett antagande i taget på sin 10:e och 90:e percentil)");
    out.push(
      textTable(
        ["Antagande", "Låg", "Hög", "Spann"],
        r.sensitivity.slice(0, 10).map((b) => [barLabel(s, b), kr(b.low.npv), kr(b.high.npv), kr(b.swing)]),
        ["l", "r", "r", "r"],
      ),
    );
  }

  out.push("", "PER ÅR (fasta priser, odiskonterat; ackumulerat netto diskonterat)");
  out.push(
    textTable(
      ["År", "Kostnader", "Besparingar", "Netto", "Ack. disk. netto", ...(mc ? ["5 %", "95 %"] : [])],
      d.years.map((y, t) => [
        String(y.year),
        kr(y.costs),
        kr(y.savings),
        kr(y.net),
        kr(y.cumulativeDiscountedNet),
        ...(mc ? [kr(mc.years[t]?.cumulativeDiscountedNet.p05 ?? 0), kr(mc.years[t]?.cumulativeDiscountedNet.p95 ?? 0)] : []),
      ]),
      ["r", "r", "r", "r", "r", "r", "r"],
    ),
  );
  return `${out.join("\n")}\n`;
}
