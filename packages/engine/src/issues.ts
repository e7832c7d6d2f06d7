/**
 * Problems found in input, as data: a path, a code and parameters. Words are chosen at the
 * edge (CLI, API, web app) with `formatIssue`, in Swedish or English.
 * @module
 */

/** A path into the input, e.g. `["interventions", 1, "effects", 0, "baselineRisk"]`. */
export type IssuePath = readonly (string | number)[];

/** One problem with the input. */
export interface Issue {
  readonly path: IssuePath;
  readonly code: IssueCode;
  readonly params?: Readonly<Record<string, unknown>>;
}

export type IssueCode =
  | "required"
  | "invalid_type"
  | "not_integer"
  | "unknown_key"
  | "too_small"
  | "too_big"
  | "invalid_value"
  | "number_or_distribution"
  | "unknown_distribution"
  | "base_range"
  | "dist_rule"
  | "duplicate_id"
  | "unknown_ref"
  | "recipient_is_payer"
  | "too_many_participants"
  | "year_beyond_horizon"
  | "exactly_one_of"
  | "at_most_one_of"
  | "size_or_extent"
  | "needs_version_2"
  | "link_to_itself"
  | "link_cycle"
  | "only_with"
  | "unreadable"
  | "file_not_found"
  | "empty"
  | "unknown_catalog"
  | "invalid";

export type Lang = "sv" | "en";

/** `["a", 1, "b"]` → `a[1].b`; the empty path → `(scenario)`/`(scenariot)`. */
export function formatPath(path: IssuePath, lang: Lang = "en"): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s === "" ? p : `.${p}`;
  return s === "" ? (lang === "sv" ? "(filen)" : "(file)") : s;
}

const typeNames: Record<Lang, Record<string, string>> = {
  en: {
    number: "a number",
    string: "a text",
    array: "a list",
    object: "an object",
    boolean: "true or false",
    int: "a whole number",
  },
  sv: {
    number: "ett tal",
    string: "en text",
    array: "en lista",
    object: "ett objekt",
    boolean: "true eller false",
    int: "ett heltal",
  },
};

const num = (v: unknown, lang: Lang) =>
  typeof v === "number" ? v.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB") : String(v);
const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => `'${String(x)}'`).join(", ") : "");

const distRules: Record<Lang, Record<string, string>> = {
  en: {
    sd_nonnegative: "sd must be 0 or more",
    mean_positive: "mean must be greater than 0",
    sd_positive: "sd must be greater than 0",
    beta_mean: "mean of a beta distribution must be strictly between 0 and 1",
    beta_sd: "sd is too large for a beta distribution: sd² must be less than mean·(1 − mean)",
    min_below_max: "min must be less than max",
    mode_between: "mode must lie between min and max",
  },
  sv: {
    sd_nonnegative: "sd måste vara 0 eller mer",
    mean_positive: "mean måste vara större än 0",
    sd_positive: "sd måste vara större än 0",
    beta_mean: "mean i en betafördelning måste ligga strikt mellan 0 och 1",
    beta_sd: "sd är för stor för en betafördelning: sd² måste vara mindre än mean·(1 − mean)",
    min_below_max: "min måste vara mindre än max",
    mode_between: "mode måste ligga mellan min och max",
  },
};

function rangeText(p: Readonly<Record<string, unknown>>, lang: Lang): string {
  const sv = lang === "sv";
  const { min, max, minExclusive, maxExclusive } = p as {
    min?: number;
    max?: number;
    minExclusive?: boolean;
    maxExclusive?: boolean;
  };
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive)
    return sv
      ? `måste vara mellan ${num(min, lang)} och ${num(max, lang)}`
      : `must be between ${num(min, lang)} and ${num(max, lang)}`;
  const parts: string[] = [];
  if (min !== undefined)
    parts.push(
      minExclusive
        ? sv
          ? `större än ${num(min, lang)}`
          : `greater than ${num(min, lang)}`
        : sv
          ? `minst ${num(min, lang)}`
          : `at least ${num(min, lang)}`,
    );
  if (max !== undefined)
    parts.push(
      maxExclusive
        ? sv
          ? `mindre än ${num(max, lang)}`
          : `less than ${num(max, lang)}`
        : sv
          ? `högst ${num(max, lang)}`
          : `at most ${num(max, lang)}`,
    );
  return (sv ? "måste vara " : "must be ") + parts.join(sv ? " och " : " and ");
}

/** The problem in words, without its path. */
export function issueMessage(issue: Issue, lang: Lang = "en"): string {
  const p = issue.params ?? {};
  const sv = lang === "sv";
  switch (issue.code) {
    case "required":
      return sv ? "saknas (obligatoriskt fält)" : "is required";
    case "invalid_type":
      return sv
        ? `måste vara ${typeNames.sv[String(p.expected)] ?? String(p.expected)}`
        : `must be ${typeNames.en[String(p.expected)] ?? String(p.expected)}`;
    case "not_integer":
      return sv ? "måste vara ett heltal" : "must be a whole number";
    case "unknown_key":
      return sv ? "är inget känt fält" : "is not a known field";
    case "too_small":
      if (p.origin === "string") return sv ? "får inte vara tom" : "must not be empty";
      if (p.origin === "array")
        return sv
          ? `måste ha minst ${num(p.minimum, lang)} post(er)`
          : `must have at least ${num(p.minimum, lang)} entr${p.minimum === 1 ? "y" : "ies"}`;
      return rangeText({ min: p.minimum, minExclusive: p.inclusive === false }, lang);
    case "too_big":
      if (p.origin === "array")
        return sv
          ? `får ha högst ${num(p.maximum, lang)} poster`
          : `must have at most ${num(p.maximum, lang)} entries`;
      return rangeText({ max: p.maximum, maxExclusive: p.inclusive === false }, lang);
    case "invalid_value":
      return sv ? `måste vara en av ${list(p.values)}` : `must be one of ${list(p.values)}`;
    case "number_or_distribution":
      return sv
        ? "måste vara ett tal eller en fördelning (t.ex. { dist: pert, min, mode, max })"
        : "must be a number or a distribution (e.g. { dist: pert, min, mode, max })";
    case "unknown_distribution":
      return sv
        ? `okänd fördelning; använd en av ${list(p.options)}`
        : `unknown distribution; use one of ${list(p.options)}`;
    case "base_range": {
      const text = rangeText(p, lang);
      return p.ofMean ? (sv ? `fördelningens medelvärde ${text}` : `its mean ${text}`) : text;
    }
    case "dist_rule":
      return distRules[lang][String(p.rule)] ?? String(p.rule);
    case "duplicate_id":
      return sv
        ? `id '${String(p.id)}' förekommer mer än en gång`
        : `id '${String(p.id)}' is used more than once`;
    case "unknown_ref": {
      const kinds: Record<string, [string, string]> = {
        payer: ["payer", "kostnadsbärare"],
        unitCost: ["unit cost", "styckkostnad"],
        outcome: ["outcome", "utfall"],
        intervention: ["intervention", "insats"],
      };
      const k = kinds[String(p.kind)] ?? [String(p.kind), String(p.kind)];
      return sv
        ? `hänvisar till okänd ${k[1]} '${String(p.id)}'`
        : `refers to unknown ${k[0]} '${String(p.id)}'`;
    }
    case "recipient_is_payer":
      return sv ? "mottagaren måste vara en annan än betalaren" : "must differ from the payer";
    case "too_many_participants":
      return sv
        ? `får ha högst ${num(p.max, lang)} poster (planeringshorisonten, horizonYears)`
        : `must have at most ${num(p.max, lang)} entries (the planning horizon, horizonYears)`;
    case "year_beyond_horizon":
      return sv
        ? `måste ligga inom planeringshorisonten (högst ${num(p.max, lang)})`
        : `must fall within the planning horizon (at most ${num(p.max, lang)})`;
    case "exactly_one_of":
      return sv
        ? `ange exakt ett av ${list(p.fields)}`
        : `must give exactly one of ${list(p.fields)}`;
    case "at_most_one_of":
      return sv ? `ange högst ett av ${list(p.fields)}` : `must give at most one of ${list(p.fields)}`;
    case "size_or_extent":
      return sv
        ? `ange en effektstorlek (ett av ${list(p.fields)}) eller en effekt på omfattningen (extent)`
        : `must give an effect size (one of ${list(p.fields)}) or an effect on the extent (extent)`;
    case "needs_version_2": {
      const what: Record<string, [string, string]> = {
        links: ["links between outcomes", "länkar mellan utfall"],
        extent: ["an effect on the extent of an outcome", "en effekt på ett utfalls omfattning"],
        livskvalitet: ["the payer group 'livskvalitet'", "gruppen 'livskvalitet'"],
      };
      const w = what[String(p.feature)] ?? [String(p.feature), String(p.feature)];
      return sv
        ? `${w[1]} kräver version 2 av formatet (skriv version: 2)`
        : `${w[0]} need${p.feature === "links" ? "" : "s"} version 2 of the format (write version: 2)`;
    }
    case "link_to_itself":
      return sv ? "ett utfall kan inte länka till sig självt" : "an outcome cannot link to itself";
    case "link_cycle": {
      const cycle = Array.isArray(p.cycle) ? p.cycle.map(String).join(" → ") : "";
      return sv ? `länkarna bildar en cirkel: ${cycle}` : `the links form a cycle: ${cycle}`;
    }
    case "only_with":
      return sv
        ? `får bara anges tillsammans med '${String(p.other)}'`
        : `is only allowed together with '${String(p.other)}'`;
    case "unreadable":
      return sv
        ? `filen kan inte läsas som YAML eller JSON: ${String(p.detail ?? "")}`
        : `the file cannot be read as YAML or JSON: ${String(p.detail ?? "")}`;
    case "file_not_found":
      return sv ? `filen finns inte: ${String(p.file)}` : `no such file: ${String(p.file)}`;
    case "empty":
      return sv ? "filen är tom" : "the file is empty";
    case "unknown_catalog":
      return sv
        ? `okänd katalog '${String(p.id)}'${p.known ? `; tillgängliga: ${list(p.known)}` : ""}`
        : `unknown catalogue '${String(p.id)}'${p.known ? `; available: ${list(p.known)}` : ""}`;
    case "invalid":
      return String(p.detail ?? (sv ? "ogiltigt värde" : "invalid value"));
  }
}

/** `path: message`, e.g. `interventions[1].effects[0].baselineRisk: must be between 0 and 1`. */
export function formatIssue(issue: Issue, lang: Lang = "en"): string {
  return `${formatPath(issue.path, lang)}: ${issueMessage(issue, lang)}`;
}
