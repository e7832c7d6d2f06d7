/**
 * One indicator over the years: a line per place with the municipality emphasised, a caption
 * that says the latest value, the comparison with the other places and the trend in words, and
 * the same numbers as a table.
 * @module
 */
import type { IndicatorView, PlaceRole } from "@sikt/followup";
import { Figure, labelEvery, scale, ticks, useChartWidth } from "../explain/Charts";
import { useI18n } from "../i18n";
import { SourceText } from "../SourceText";
import { captionOf, fmtValue, unitOf, withStop } from "./text";

const H = 260;
const PAD = { l: 56, r: 16, t: 12, b: 28 };

/** Colour, width and dash per place: the municipality is thick and solid, the others thin and dashed. */
const PEER_COLOURS = ["#8a4f00", "#6f42c1", "#a4262c", "#00707a", "#5c6b00"];
function styleOf(role: PlaceRole, k: number): { stroke: string; width: number; dash?: string } {
  if (role === "municipality") return { stroke: "#0b5cad", width: 3.5 };
  if (role === "country") return { stroke: "#1b1f24", width: 1.8, dash: "7 4" };
  if (role === "county") return { stroke: "#1a6b3a", width: 1.8, dash: "3 3" };
  if (role === "area") return { stroke: "#4a5561", width: 1.5, dash: "1 3" };
  return { stroke: PEER_COLOURS[k % PEER_COLOURS.length]!, width: 1.5, dash: "10 3 2 3" };
}

export function IndicatorChart({ view }: { view: IndicatorView }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const caption = captionOf(view, i);
  const W = useChartWidth();
  const years = view.years;
  const all = view.series.flatMap((s) => s.points.map((p) => p.value));
  const lo = Math.min(0, ...all);
  const top = Math.max(0, ...all) || 1;
  // The axis ends at the first round tick above the highest value.
  const rough = ticks(lo, top);
  const roughStep = rough.length > 1 ? rough[1]! - rough[0]! : top;
  const hi = Math.ceil(top / roughStep - 1e-9) * roughStep || top;
  const x = scale(years[0] ?? 0, years.at(-1) ?? 1, PAD.l + 8, W - PAD.r - 8);
  const y = scale(lo, hi, H - PAD.b, PAD.t);
  const yTicks = ticks(lo, hi);
  const step = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  const tickDigits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  const every = Math.max(years.length > 12 ? Math.ceil(years.length / 10) : 1, labelEvery(years.length, W - PAD.l - PAD.r - 16));
  let peer = 0;
  const styled = view.series.map((s) => ({ s, st: styleOf(s.role, s.role === "peer" || s.role === "other" ? peer++ : 0) }));
  // The municipality is drawn last, on top.
  const drawOrder = [...styled].sort((a, b) => Number(a.s.role === "municipality") - Number(b.s.role === "municipality"));
  const unit = unitOf(view, i.lang, true);
  const title = view.indicator.name;
  return (
    <Figure
      title={title}
      caption={
        <>
          <span data-testid="indicator-caption">{caption}</span>{" "}
          <span className="small">
            {unit.trim() ? `${sv ? "Enhet" : "Unit"}: ${withStop(unit)} ` : ""}
            {sv ? "Källa" : "Source"}: <SourceText text={withStop(view.indicator.source)} />
          </span>
        </>
      }
      chart={
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={caption} className="chart">
            {yTicks.map((v) => (
              <g key={v}>
                <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#d8dee4" />
                <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#4a5561">
                  {i.num(v, tickDigits)}
                </text>
              </g>
            ))}
            {years.map((yr, k) =>
              k % every === 0 ? (
                <text key={yr} x={x(yr)} y={H - 8} textAnchor="middle" fontSize="11" fill="#4a5561">
                  {yr}
                </text>
              ) : null,
            )}
            {drawOrder.map(({ s, st }) => (
              <g key={s.place} data-place={s.place}>
                <polyline points={s.points.map((p) => `${x(p.year)},${y(p.value)}`).join(" ")} fill="none" stroke={st.stroke} strokeWidth={st.width} strokeDasharray={st.dash} />
                {s.points.map((p) => (
                  <circle key={p.year} cx={x(p.year)} cy={y(p.value)} r={s.role === "municipality" ? 4 : 2.5} fill={st.stroke} />
                ))}
              </g>
            ))}
          </svg>
          <ul className="legend" aria-label={sv ? "Teckenförklaring" : "Legend"}>
            {styled.map(({ s, st }) => (
              <li key={s.place}>
                <svg width="34" height="10" aria-hidden="true">
                  <line x1="1" x2="33" y1="5" y2="5" stroke={st.stroke} strokeWidth={st.width} strokeDasharray={st.dash} />
                </svg>{" "}
                {s.role === "municipality" ? <strong>{s.name}</strong> : s.name}
              </li>
            ))}
          </ul>
        </>
      }
      table={
        <table className="list">
          <caption>
            {title} ({unit})
          </caption>
          <thead>
            <tr>
              <th scope="col">{sv ? "Plats" : "Place"}</th>
              {years.map((yr) => (
                <th key={yr} scope="col" className="num">
                  {yr}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.series.map((s) => (
              <tr key={s.place}>
                <th scope="row">{s.name}</th>
                {years.map((yr) => {
                  const p = s.points.find((q) => q.year === yr);
                  return (
                    <td key={yr} className="num">
                      {p ? fmtValue(i, p.value) : "–"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
