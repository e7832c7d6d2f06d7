/**
 * A starter set of Kolada KPIs for the lägesbild of the law on municipal crime prevention
 * (2023:196) and for child and youth welfare: reported crime, economic assistance, out-of-home
 * care and open interventions for children and young people, school results. Each id is taken
 * from a source that shows it beside its title (listed in `source`), never guessed; the title
 * here is the one that source gives, and the title stored on import is the one Kolada answers
 * then (its metadata endpoint). `higherIsBetter` is Sikt's reading of the KPI's direction, an
 * assumption the user can change.
 *
 * Not in the set, because no source seen gives an id that agrees with another: the share of young
 * people 16–24 who neither work nor study (two ids in use), upper-secondary completion within
 * four years under the current title, and the number of children and young people in
 * out-of-home care (heldygnsinsatser). Search Kolada for them and add them by id.
 * @module
 */

export interface StarterKpi {
  id: string;
  title: string;
  /** The theme of the lägesbild the KPI belongs to. */
  theme: "brott" | "ekonomiskt-bistand" | "barn-och-unga" | "skola" | "befolkning";
  higherIsBetter: boolean;
  /** Where the id and title were seen. */
  source: string;
}

export const KOLADA_STARTER: readonly StarterKpi[] = [
  {
    id: "N07403",
    title: "Anmälda våldsbrott, antal/100 000 inv",
    theme: "brott",
    higherIsBetter: false,
    source: "Kolada's title asserted by a published R package's tests; the same id in several public Kolada clients",
  },
  {
    id: "U07417",
    title: "U. Anmälda stöld- och tillgreppsbrott, antal/1000 inv",
    theme: "brott",
    higherIsBetter: false,
    source: "a saved Kolada KPI metadata response (id, title and description as Kolada gave them)",
  },
  {
    id: "N31807",
    title: "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.",
    theme: "ekonomiskt-bistand",
    higherIsBetter: false,
    source: "a county region's published analysis script (requests N31807 from Kolada) and an independent dataset definition",
  },
  {
    id: "N31001",
    title: "Kostnad ekonomiskt bistånd, kr/inv",
    theme: "ekonomiskt-bistand",
    higherIsBetter: false,
    source: "a saved Kolada KPI metadata response",
  },
  {
    id: "N33100",
    title: "Kostnad/vårddygn för institutionsvård av barn och unga 0-20 år, kr (genomsnitt)",
    theme: "barn-och-unga",
    higherIsBetter: false,
    source: "a saved Kolada KPI metadata response",
  },
  {
    id: "N33101",
    title: "Kostnad/vårddygn för familjehemsvård av barn och unga 0-20 år, kr (genomsnitt)",
    theme: "barn-och-unga",
    higherIsBetter: false,
    source: "a saved Kolada KPI metadata response",
  },
  {
    id: "N33009",
    title: "Kostnad öppna insatser barn och unga, kr/inv",
    theme: "barn-och-unga",
    higherIsBetter: false,
    source: "a saved Kolada KPI metadata response",
  },
  {
    id: "N15428",
    title: "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
    theme: "skola",
    higherIsBetter: true,
    source: "several independent public Kolada clients, one of them checked against Kolada's API",
  },
  {
    id: "N15507",
    title: "Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)",
    theme: "skola",
    higherIsBetter: true,
    source: "two independent public Kolada clients",
  },
  {
    id: "N33900",
    title: "Invånare 0-20 år, andel (%)",
    theme: "befolkning",
    higherIsBetter: true,
    source: "a saved Kolada KPI metadata response",
  },
  {
    id: "N01951",
    title: "Invånare totalt, antal",
    theme: "befolkning",
    higherIsBetter: true,
    source: "a saved Kolada KPI metadata response and many public Kolada clients",
  },
];
