/**
 * The `sikt` command: run, validate and describe scenario files. A thin door: it reads files,
 * calls the engine and writes text; every number comes from the engine.
 *
 * A command loads only what it uses: the report package (and with it Chromium's driver), the
 * catalogue browser and the text formats are imported when a command needs them, so that
 * `sikt run --format json` starts fast.
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Override } from "@sikt/catalog";
import { parseArgs } from "node:util";
import {
  compile,
  evaluateDeterministic,
  formatIssue,
  type Lang,
  monteCarloSettings,
  type Scenario,
  type ScenarioResult,
  scenarioJsonSchema,
  sensitivity,
} from "@sikt/engine";
import { InputError } from "./input.js";
import { type Helper, iterationsAsked, releaseHelpers } from "./helper.js";
import { loadScenario } from "./scenario-file.js";
import { helpersFor, runMonteCarloParallel, threadCount } from "./parallel.js";
import { progressBar } from "./progress.js";

// For bin/sikt.cjs, which takes everything it runs from this module's bundle.
export { installProcessGuards, langFromArgv } from "./process-guards.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

const HELP = `sikt – beräkna sociala investeringar i förebyggande arbete

Användning:
  sikt run FIL [--format table|json|csv] [--iterations N] [--seed S] [--out FIL]
  sikt validate FIL
  sikt schema [--out FIL]
  sikt catalog list | show ID | search ORD
  sikt report FIL [--pdf UT.pdf] [--xlsx UT.xlsx] [--html UT.html] [--iterations N] [--seed S]

Kommandon:
  run       beräknar ett scenario (YAML eller JSON) och skriver resultatet
  validate  kontrollerar ett scenario och listar varje problem med sökväg
  schema    skriver scenarioformatets JSON Schema (för editorer)
  catalog   bläddrar i referenskatalogen: list (allt), show ID (en post med källor), search ORD
  report    beslutsunderlag för nämnden: PDF och utskrivbar HTML på svenska, XLSX för ekonomer (PDF kräver Chromium)

Flaggor:
  --format      table (standard, svensk sammanfattning), json (resultatobjektet), csv (årliga flöden per kostnadsbärare för Excel)
  --iterations  antal Monte Carlo-dragningar; ersätter filens monteCarlo.iterations (0: ingen Monte Carlo)
  --seed        frö för slumptalen; ersätter filens monteCarlo.seed
  --out         skriv till fil i stället för standard ut
  --lang        sv (standard) eller en, för felmeddelanden
  --help        visar denna hjälp

Slutstatus: 0 klart, 2 ogiltig indata, 1 annat fel.
`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`--${name} måste vara ett heltal ≥ 0 (fick '${v}')`);
  return n;
}

export class UsageError extends Error {}

/** The deterministic result, Monte Carlo (options over the file's settings, in worker threads) and the sensitivity analysis. */
async function evaluate(
  s: Scenario,
  values: { iterations?: string | undefined; seed?: string | undefined },
  started: readonly Helper[] = [],
): Promise<ScenarioResult> {
  const iterations = nonNegativeInt("iterations", values.iterations);
  const seed = nonNegativeInt("seed", values.seed);
  const m = compile(s);
  const mc = monteCarloSettings(s, {
    ...(iterations === undefined ? {} : { iterations }),
    ...(seed === undefined ? {} : { seed }),
  });
  let deterministic: ScenarioResult["deterministic"] | undefined;
  let bars: ScenarioResult["sensitivity"];
  // Beside Monte Carlo: the deterministic result while its helper threads start, the tornado
  // once its blocks are all taken (the kernel's code is warm then) while the helpers finish.
  const first = () => {
    deterministic = evaluateDeterministic(m);
  };
  const last = () => {
    bars = sensitivity(m);
  };
  let monteCarlo: ScenarioResult["monteCarlo"];
  if (mc.iterations > 0) {
    const bar = progressBar();
    try {
      const threads = threadCount(mc.iterations);
      monteCarlo = await runMonteCarloParallel(m, mc.iterations, mc.seed, threads, bar.update, { first, last }, started);
    } finally {
      bar.finish();
    }
  } else {
    releaseHelpers(started);
    first();
    last();
  }
  return {
    deterministic: deterministic as ScenarioResult["deterministic"],
    ...(monteCarlo ? { monteCarlo } : {}),
    ...(bars ? { sensitivity: bars } : {}),
  };
}

/**
 * Runs the CLI with arguments (without `node sikt`) and returns the exit status.
 * @example await main(["run", "examples/foraldrastod.yaml", "--format", "json"])
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let lang: Lang = "sv";
  // Monte Carlo threads started ahead (helper.ts), for `run`; let go when not used.
  let started: readonly Helper[] = [];
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "table" },
        iterations: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        pdf: { type: "string" },
        xlsx: { type: "string" },
        html: { type: "string" },
        lang: { type: "string", default: process.env.SIKT_LANG ?? "sv" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.lang !== "sv" && values.lang !== "en") throw new UsageError("--lang måste vara sv eller en");
    lang = values.lang;
    const [command, file, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
      io.stdout(HELP);
      return command === undefined && !values.help ? EXIT_INVALID : EXIT_OK;
    }
    const emit = async (text: string) => {
      if (values.out) writeFileSync(values.out, text);
      else io.stdout(text);
    };
    switch (command) {
      case "schema":
        await emit(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
        return EXIT_OK;
      case "catalog": {
        const { catalogCommand } = await import("./catalog-command.js");
        return catalogCommand(file, rest, io, lang);
      }
      case "validate": {
        if (!file || rest.length > 0) throw new UsageError("ange en fil: sikt validate FIL");
        const { scenario: s, overrides } = await loadScenario(file);
        io.stdout(
          lang === "sv"
            ? `${file}: giltigt scenario "${s.name}" (${s.interventions.length} insatser, ${s.outcomes.length} utfall, ${s.payers.length} kostnadsbärare)\n`
            : `${file}: valid scenario "${s.name}" (${s.interventions.length} interventions, ${s.outcomes.length} outcomes, ${s.payers.length} payers)\n`,
        );
        if (s.catalog) {
          const { formatOverrides } = await import("./catalog-command.js");
          io.stdout(formatOverrides(s.catalog, overrides, lang));
        }
        return EXIT_OK;
      }
      case "run": {
        if (!file || rest.length > 0) throw new UsageError("ange en fil: sikt run FIL");
        const format = values.format;
        if (format !== "table" && format !== "json" && format !== "csv")
          throw new UsageError(`--format måste vara table, json eller csv (fick '${format}')`);
        // The Monte Carlo threads start as soon as the file is parsed, to be ready when the scenario is.
        const flag = nonNegativeInt("iterations", values.iterations);
        const { scenario: s, overrides } = await loadScenario(file, (data) => {
          started = helpersFor(flag ?? iterationsAsked(data));
        });
        const result: ScenarioResult & { catalog?: { id: string; overrides: Override[] } } = await evaluate(s, values, started);
        if (s.catalog) result.catalog = { id: s.catalog, overrides: [...overrides] };
        let text: string;
        if (format === "json") text = `${JSON.stringify(result, null, 2)}\n`;
        else if (format === "csv") text = (await import("./format/csv.js")).formatCsv(s, result);
        else {
          const { formatTable } = await import("./format/table.js");
          const { formatOverrides } = await import("./catalog-command.js");
          text = formatTable(s, result, lang) + (s.catalog ? `\n${formatOverrides(s.catalog, overrides, lang)}` : "");
        }
        await emit(text);
        return EXIT_OK;
      }
      case "report": {
        if (!file || rest.length > 0) throw new UsageError("ange en fil: sikt report FIL --pdf UT.pdf --xlsx UT.xlsx --html UT.html");
        if (!values.pdf && !values.xlsx && !values.html) throw new UsageError("ange minst en av --pdf, --xlsx och --html");
        const { scenario: s, overrides } = await loadScenario(file);
        const { htmlToPdf, reportHtml, reportIterations, reportSheets, xlsx } = await import("@sikt/report");
        const { shippedCatalogs } = await import("@sikt/catalog/node");
        // A report always has its uncertainty analysis: the scenario's draws, or the report's default.
        const draws = values.iterations ?? String(reportIterations(s.monteCarlo?.iterations));
        const catalogName = s.catalog ? (shippedCatalogs().find((k) => k.id === s.catalog)?.name ?? null) : null;
        const input = { scenario: s, result: await evaluate(s, { ...values, iterations: draws }), overrides, catalogId: s.catalog ?? null, catalogName, date: new Date().toISOString().slice(0, 10) };
        const html = reportHtml(input);
        if (values.html) writeFileSync(values.html, html);
        if (values.xlsx) writeFileSync(values.xlsx, await xlsx(reportSheets(input)));
        if (values.pdf) writeFileSync(values.pdf, await htmlToPdf(html));
        io.stdout(`${[values.html, values.xlsx, values.pdf].filter(Boolean).join(", ")}: ${lang === "sv" ? "beslutsunderlag skrivet" : "decision report written"}\n`);
        return EXIT_OK;
      }
      default:
        throw new UsageError(`okänt kommando '${command}'; se sikt --help`);
    }
  } catch (e) {
    if (e instanceof InputError) {
      for (const issue of e.issues) io.stderr(`${formatIssue(issue, lang)}\n`);
      if (!e.missing)
        io.stderr(
          lang === "sv"
            ? `${e.issues.length} problem; inget har beräknats.\n`
            : `${e.issues.length} problem(s); nothing was computed.\n`,
        );
      return EXIT_INVALID;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`sikt: ${(e as Error).message}\n`);
      return EXIT_INVALID;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(lang === "en" ? `sikt: an unexpected error occurred: ${message}\n` : `sikt: ett oväntat fel inträffade: ${message}\n`);
    return EXIT_FAILURE;
  } finally {
    // Helpers that got no job (another command, bad input, no Monte Carlo) go; a second word is harmless.
    releaseHelpers(started);
  }
}
