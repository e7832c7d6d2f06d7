/**
 * The result, explained: key figures in words, then the charts (each with a table view), and
 * the uncertainty analysis with progress and cancel.
 * @module
 */
import { useState } from "react";
import type { Doc } from "./document";
import { ResultCharts } from "./explain/Charts";
import { useI18n } from "./i18n";
import type { LiveState, useMonteCarlo } from "./useEngine";
import { Perspectives } from "./v2/Perspectives";

type Ok = Extract<LiveState, { status: "ok" }>;

export function Results({ live, mc, document }: { live: Ok; mc: ReturnType<typeof useMonteCarlo>; document: Doc }) {
  const i = useI18n();
  const { t } = i;
  const d = live.result.deterministic;
  const [iterations, setIterations] = useState(2000);
  const mcResult = mc.state.status === "done" ? mc.state.result.monteCarlo : undefined;
  const scale = d.breakEvenEffectScale;

  return (
    <>
      <dl className="figures" aria-label={t("keyFigures")}>
        <div>
          <dt>{t("npv")}</dt>
          <dd data-testid="npv">{i.sek(d.npv)}</dd>
          {mcResult && (
            <dd className="small">
              5–95 %: {i.sek(mcResult.npv.p05)} – {i.sek(mcResult.npv.p95)}
            </dd>
          )}
        </div>
        <div>
          <dt>{t("bcr")}</dt>
          <dd data-testid="bcr">{d.bcr === null ? "–" : i.ratio(d.bcr)}</dd>
        </div>
        <div>
          <dt>{t("payback")}</dt>
          <dd>{d.paybackYear ?? t("never")}</dd>
        </div>
        <div>
          <dt>{t("probability")}</dt>
          <dd data-testid="probability">{mcResult ? i.pct(mcResult.probabilityNpvPositive) : <span className="small">{t("needsMonteCarlo")}</span>}</dd>
        </div>
        <div className="wide">
          <dt>{t("breakEven")}</dt>
          <dd>
            {scale === null
              ? "–"
              : scale <= 1
                ? t("breakEvenText", { p: i.pct(1 - scale) })
                : t("breakEvenMore", { x: i.num(scale, 1) })}
          </dd>
        </div>
        <div>
          <dt>{t("pvCosts")}</dt>
          <dd>{i.sek(d.pvCosts)}</dd>
        </div>
        <div>
          <dt>{t("pvSavings")}</dt>
          <dd>{i.sek(d.pvSavings)}</dd>
        </div>
      </dl>

      <div className="card mc" id="mc" tabIndex={-1} role="group" aria-label={t("uncertainty")}>
        <label>
          {t("iterations")}
          <input type="number" min={100} max={100000} step={100} value={iterations} onChange={(e) => setIterations(Math.max(100, Math.min(100_000, Number(e.target.value) || 100)))} />
        </label>
        {mc.state.status === "running" ? (
          <>
            <progress max={1} value={mc.state.share} aria-label={t("runMonteCarlo")}>
              {i.pct(mc.state.share)}
            </progress>
            <span role="status">{i.pct(mc.state.share)}</span>
            <button type="button" onClick={mc.cancel}>
              {t("cancel")}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => mc.run(document, iterations)}>
            {t("runMonteCarlo")}
          </button>
        )}
        {mcResult && <p role="status">{t("monteCarloDone", { n: i.num(mcResult.iterations), seed: mcResult.seed })}</p>}
        {mc.state.status === "failed" && <p role="alert">{mc.state.message}</p>}
      </div>
      <Perspectives result={live.result} mc={mcResult} />
      <ResultCharts result={live.result} scenario={live.scenario} mc={mcResult} />
    </>
  );
}
