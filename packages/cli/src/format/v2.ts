/**
 * The parts of the summary that model version 2 brings (spec §8): the three perspectives side
 * by side, and per outcome the cases avoided directly and through links, with the links in
 * words. Swedish, or English with `--lang en`.
 * @module
 */
import { type Lang, type Perspective, perspectiveKeys, type Scenario, type ScenarioResult } from "@sikt/engine";
import { numbersFor, orDash } from "./numbers.js";
import { textTable } from "./table.js";

const words = {
  sv: {
    perspectives: "TRE PERSPEKTIV (nuvärden)",
    perspective: "Perspektiv",
    costs: "Kostnader",
    savings: "Besparingar",
    net: "Netto",
    bcr: "BCR",
    chance: "P(netto > 0)",
    names: {
      offentligSektor: "Offentlig sektor (kommun, region, stat)",
      samhallsekonomiskt: "Samhällsekonomiskt (alla utom livskvalitet)",
      medLivskvalitet: "Med livskvalitet och brottsoffers lidande",
    },
    noQuality: "Ingen kostnadsbärare i gruppen livskvalitet: de två samhällsperspektiven är lika.",
    headline: "Nyckeltalen ovan räknar alla kostnadsbärare, alltså samma som det sista perspektivet.",
    avoided: "UNDVIKNA FALL PER UTFALL (under hela perioden)",
    outcome: "Utfall",
    total: "Undvikna fall",
    direct: "direkt",
    linked: "genom länkar",
    shortened: "lindrigare",
    pv: "Nuvärde besparingar",
    about: "ca",
    link: (from: string, n: string, to: string, m: string, p: string) =>
      `Av de ca ${n} undvikna fallen av ${from} skulle ca ${m} ha lett vidare till ${to} (sannolikhet ${p}).`,
    shortenedNote: "Lindrigare: fall som ändå inträffar men blir kortare eller lindrigare (effekt på omfattningen).",
  },
  en: {
    perspectives: "THREE PERSPECTIVES (present values)",
    perspective: "Perspective",
    costs: "Costs",
    savings: "Savings",
    net: "Net",
    bcr: "BCR",
    chance: "P(net > 0)",
    names: {
      offentligSektor: "Public sector (municipality, region, state)",
      samhallsekonomiskt: "Society (all but quality of life)",
      medLivskvalitet: "With quality of life and victims' suffering",
    },
    noQuality: "No payer in the group livskvalitet: the two society perspectives are the same.",
    headline: "The key figures above count every payer, as the last perspective does.",
    avoided: "AVOIDED CASES PER OUTCOME (over the whole period)",
    outcome: "Outcome",
    total: "Avoided cases",
    direct: "directly",
    linked: "through links",
    shortened: "milder",
    pv: "PV of savings",
    about: "about",
    link: (from: string, n: string, to: string, m: string, p: string) =>
      `Of the about ${n} avoided cases of ${from}, about ${m} would have led on to ${to} (probability ${p}).`,
    shortenedNote: "Milder: cases that still happen but are shorter or milder (an effect on the extent).",
  },
} as const;

const dec1 = (n: number, lang: Lang) => numbersFor(lang).oneDecimal(n);

/** The three perspectives side by side: costs, savings, net, BCR and the chance of gaining. */
export function perspectivesSection(s: Scenario, r: ScenarioResult, lang: Lang = "sv"): string[] {
  const w = words[lang];
  const { kr, percentWhole, twoDecimals } = numbersFor(lang);
  const d = r.deterministic;
  const mc = r.monteCarlo;
  const rows = perspectiveKeys.map((k: Perspective) => {
    const p = d.byPerspective[k];
    return [
      w.names[k],
      kr(p.pvCosts),
      kr(p.pvSavings),
      kr(p.npv),
      orDash(p.bcr, twoDecimals),
      ...(mc ? [percentWhole(mc.byPerspective[k].probabilityNpvPositive)] : []),
    ];
  });
  const out = [
    "",
    w.perspectives,
    textTable([w.perspective, w.costs, w.savings, w.net, w.bcr, ...(mc ? [w.chance] : [])], rows, ["l", "r", "r", "r", "r", "r"]),
  ];
  if (!s.payers.some((p) => p.group === "livskvalitet")) out.push(w.noQuality);
  out.push(w.headline);
  return out;
}

/**
 * Avoided cases per outcome; with links, the cases avoided directly and through links, and each
 * link in words; with extent effects, the cases made milder.
 */
export function avoidedSection(s: Scenario, r: ScenarioResult, lang: Lang = "sv"): string[] {
  const w = words[lang];
  const { kr, percentWhole } = numbersFor(lang);
  const d = r.deterministic;
  const links = d.byLink.length > 0;
  const extent = Object.values(d.byOutcome).some((o) => o.shortened > 0);
  const header = [w.outcome, w.total, ...(links ? [w.direct, w.linked] : []), ...(extent ? [w.shortened] : []), w.pv];
  const rows = s.outcomes.map((o) => {
    const b = d.byOutcome[o.id];
    return [
      o.name,
      `${w.about} ${dec1(b?.avoided ?? 0, lang)}`,
      ...(links ? [dec1(b?.avoidedDirect ?? 0, lang), dec1(b?.avoidedLinked ?? 0, lang)] : []),
      ...(extent ? [dec1(b?.shortened ?? 0, lang)] : []),
      kr(b?.pvSavings ?? 0),
    ];
  });
  const out = ["", w.avoided, textTable(header, rows, ["l", ...header.slice(1).map(() => "r" as const)])];
  const name = (id: string) => s.outcomes.find((o) => o.id === id)?.name ?? id;
  for (const l of d.byLink) {
    if (!(l.avoided > 0)) continue;
    out.push(
      w.link(
        name(l.from),
        dec1(d.byOutcome[l.from]?.avoided ?? 0, lang),
        name(l.to),
        dec1(l.avoided, lang),
        percentWhole(l.probability),
      ),
    );
  }
  if (extent) out.push(w.shortenedNote);
  return out;
}
