/**
 * The chain of outcomes as a small graph drawn from the scenario: which outcome leads to which,
 * with what probability and after how long; with a table view and a caption in words.
 * Outcomes are laid out in columns by how many links lead to them (the longest path).
 * @module
 */
import type { Scenario, ScenarioResult } from "@sikt/engine";
import { useI18n } from "../i18n";
import { SourceText } from "../SourceText";
import { TableWrap } from "../TableWrap";
import { central, isUncertain } from "../uncertain";

const BOX_W = 170;
const BOX_H = 46;
const GAP_X = 90;
const GAP_Y = 22;

/** Splits a name into at most two lines of about `n` characters. */
function lines(name: string, n = 24): string[] {
  if (name.length <= n) return [name];
  const cut = name.lastIndexOf(" ", n);
  const first = cut > 8 ? name.slice(0, cut) : name.slice(0, n);
  const rest = name.slice(first.length).trim();
  return [first, rest.length > n ? `${rest.slice(0, n - 1)}…` : rest];
}

export interface ChainEdge {
  from: string;
  to: string;
  probability: number;
  uncertain: boolean;
  fromYear: number;
  years: number;
  source: string | undefined;
  avoided: number | undefined;
}

/** The links of a scenario as edges, with the avoided cases through each from the result. */
export function chainEdges(s: Scenario, r: ScenarioResult | undefined): ChainEdge[] {
  const through = r?.deterministic.byLink ?? [];
  let k = 0;
  return s.outcomes.flatMap((o) =>
    (o.links ?? []).map((l) => {
      const avoided = through[k++]?.avoided;
      return {
        from: o.id,
        to: l.outcome,
        probability: central(l.probability) ?? 0,
        uncertain: isUncertain(l.probability),
        fromYear: l.after.fromYear,
        years: l.after.years,
        source: l.source,
        avoided,
      };
    }),
  );
}

export function ChainGraph({ scenario, result }: { scenario: Scenario; result: ScenarioResult | undefined }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const edges = chainEdges(scenario, result);
  const name = (id: string) => scenario.outcomes.find((o) => o.id === id)?.name ?? id;
  if (edges.length === 0)
    return <p className="small">{sv ? "Inga länkar mellan utfall ännu." : "No links between outcomes yet."}</p>;

  // Columns by the longest path into each outcome; rows in file order.
  const nodes = scenario.outcomes.map((o) => o.id).filter((id) => edges.some((e) => e.from === id || e.to === id));
  const depth = new Map<string, number>(nodes.map((id) => [id, 0]));
  for (let pass = 0; pass < nodes.length; pass++)
    for (const e of edges) depth.set(e.to, Math.max(depth.get(e.to) ?? 0, (depth.get(e.from) ?? 0) + 1));
  const columns: string[][] = [];
  for (const id of nodes) (columns[depth.get(id) ?? 0] ??= []).push(id);
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((col, c) => col.forEach((id, r) => pos.set(id, { x: 10 + c * (BOX_W + GAP_X), y: 10 + r * (BOX_H + GAP_Y) })));
  const width = 20 + columns.length * BOX_W + (columns.length - 1) * GAP_X;
  const height = 20 + Math.max(...columns.map((c) => c.length)) * (BOX_H + GAP_Y) - GAP_Y;
  const years = (e: ChainEdge) =>
    e.years === 1
      ? sv
        ? `${e.fromYear} år senare`
        : `${e.fromYear} years later`
      : sv
        ? `${e.fromYear}–${e.fromYear + e.years - 1} år senare`
        : `${e.fromYear}–${e.fromYear + e.years - 1} years later`;
  const pct = (e: ChainEdge) => `${i.pct(e.probability)}${e.uncertain ? (sv ? " (osäker)" : " (uncertain)") : ""}`;
  const caption = edges
    .map((e) =>
      sv
        ? `${name(e.from)} leder till ${name(e.to).toLowerCase()} i ${i.pct(e.probability)} av fallen, ${years(e)}.`
        : `${name(e.from)} leads to ${name(e.to).toLowerCase()} in ${i.pct(e.probability)} of cases, ${years(e)}.`,
    )
    .join(" ");
  const avoidedWords = edges
    .filter((e) => e.avoided !== undefined && e.avoided > 0)
    .map((e) => {
      const of = result?.deterministic.byOutcome[e.from]?.avoided ?? 0;
      return sv
        ? `Av de cirka ${i.num(of, 1)} undvikna fallen av ${name(e.from).toLowerCase()} skulle cirka ${i.num(e.avoided as number, 1)} ha lett vidare till ${name(e.to).toLowerCase()}.`
        : `Of the about ${i.num(of, 1)} avoided cases of ${name(e.from).toLowerCase()}, about ${i.num(e.avoided as number, 1)} would have led on to ${name(e.to).toLowerCase()}.`;
    })
    .join(" ");

  const most = edges.reduce<ChainEdge | undefined>((m, e) => ((e.avoided ?? 0) > (m?.avoided ?? 0) ? e : m), undefined);
  const summary = [
    sv
      ? `${edges.length} ${edges.length === 1 ? "länk" : "länkar"}: en pil visar hur stor andel av fallen som leder vidare till nästa utfall; en streckad pil har en osäker andel.`
      : `${edges.length} ${edges.length === 1 ? "link" : "links"}: an arrow shows the share of cases that lead on to the next outcome; a dashed arrow has an uncertain share.`,
    most?.avoided
      ? sv
        ? ` Flest undvikna fall genom en länk: ${name(most.from).toLowerCase()} → ${name(most.to).toLowerCase()}, cirka ${i.num(most.avoided, 1)}.`
        : ` Most cases avoided through one link: ${name(most.from).toLowerCase()} → ${name(most.to).toLowerCase()}, about ${i.num(most.avoided, 1)}.`
      : "",
  ].join("");

  return (
    <figure className="chain">
      {/* The graph's message in a few words; every link in words folded below it (the graph's
          text alternative either way), so that the graph is not under a page of text. */}
      <figcaption id="chain-caption">
        <strong>{sv ? "Kedjan av utfall. " : "The chain of outcomes. "}</strong>
        {summary}
      </figcaption>
      <details className="chain-words">
        <summary>{sv ? "Kedjan i ord" : "The chain in words"}</summary>
        <p id="chain-words">
          {caption} {avoidedWords}
        </p>
      </details>
      {/* In a narrow column (the editor's, a phone) the graph keeps three quarters of its size, so
          that its text stays legible, and scrolls sideways. */}
      <TableWrap label={sv ? "Kedjan av utfall som diagram" : "The chain of outcomes as a diagram"}>
        <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chain-caption chain-words" data-testid="chain-graph" style={{ minWidth: `${Math.round(width * 0.75)}px`, maxWidth: `${width}px` }}>
          <defs>
            <marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="#3d4f63" />
            </marker>
          </defs>
          {edges.map((e, k) => {
            const a = pos.get(e.from);
            const b = pos.get(e.to);
            if (!a || !b) return null;
            const x1 = a.x + BOX_W;
            const y1 = a.y + BOX_H / 2;
            const x2 = b.x;
            const y2 = b.y + BOX_H / 2;
            const back = x2 <= x1;
            const path = back
              ? `M${a.x + BOX_W / 2},${a.y + BOX_H} C${a.x + BOX_W / 2},${a.y + BOX_H + 40} ${b.x + BOX_W / 2},${b.y + BOX_H + 40} ${b.x + BOX_W / 2},${b.y + BOX_H}`
              : `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2 - 2},${y2}`;
            return (
              <g key={k}>
                <path d={path} fill="none" stroke="#3d4f63" strokeWidth={1.6} strokeDasharray={e.uncertain ? "5 3" : undefined} markerEnd="url(#chain-arrow)" />
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" fontSize="13" fontWeight={600} fill="#1f2933" paintOrder="stroke" stroke="#fff" strokeWidth={4}>
                  {i.pct(e.probability)}
                </text>
              </g>
            );
          })}
          {nodes.map((id) => {
            const p = pos.get(id) as { x: number; y: number };
            const ls = lines(name(id));
            return (
              <g key={id}>
                <title>{name(id)}</title>
                <rect x={p.x} y={p.y} width={BOX_W} height={BOX_H} rx={6} fill="#eef3f8" stroke="#3d4f63" />
                {ls.map((t, k) => (
                  <text key={k} x={p.x + BOX_W / 2} y={p.y + BOX_H / 2 + (k - (ls.length - 1) / 2) * 15 + 4} textAnchor="middle" fontSize="12.5" fill="#1f2933">
                    {t}
                  </text>
                ))}
              </g>
            );
          })}
        </svg>
      </TableWrap>
      <details>
        <summary>{sv ? "Visa som tabell" : "Show as a table"}</summary>
        <TableWrap label={sv ? "Länkar mellan utfall" : "Links between outcomes"}>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{sv ? "Från" : "From"}</th>
                <th scope="col">{sv ? "Leder till" : "Leads to"}</th>
                <th scope="col" className="num">
                  {sv ? "Sannolikhet" : "Probability"}
                </th>
                <th scope="col">{sv ? "När" : "When"}</th>
                <th scope="col" className="num">
                  {sv ? "Undvikna genom länken" : "Avoided through the link"}
                </th>
                <th scope="col">{sv ? "Källa" : "Source"}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map((e, k) => (
                <tr key={k}>
                  <td>{name(e.from)}</td>
                  <td>{name(e.to)}</td>
                  <td className="num">{pct(e)}</td>
                  <td>{years(e)}</td>
                  <td className="num">{e.avoided === undefined ? "–" : i.num(e.avoided, 1)}</td>
                  <td>{e.source === undefined ? (sv ? "Eget antagande" : "Own assumption") : <SourceText text={e.source} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
