/**
 * The key figures at a glance, just under the scenario's title on a narrow screen (a phone), where
 * the full result comes only after the title, links and shortcuts: net present value, benefit per
 * krona and the payback year, with a shortcut to the whole result. On a wide screen the result
 * stands beside the editor and this summary is not there at all (not even hidden, so that a screen
 * reader does not meet the figures twice).
 * @module
 */
import { useI18n } from "./i18n";
import { useMedia } from "./useMedia";
import type { LiveState } from "./useEngine";

type Deterministic = Extract<LiveState, { status: "ok" }>["result"]["deterministic"];

/** The width below which the workbench puts the result under the editor's shortcuts (styles.css, `.columns`). */
export const NARROW = "(max-width: 900px)";

export function KeySummary({ d, onMore }: { d: Pick<Deterministic, "npv" | "bcr" | "paybackYear">; onMore: () => void }) {
  const i = useI18n();
  const { t } = i;
  const sv = i.lang === "sv";
  if (!useMedia(NARROW)) return null;
  return (
    <div className="key-summary" data-testid="key-summary">
      <dl aria-label={sv ? "Nyckeltal i korthet" : "Key figures at a glance"}>
        <div>
          <dt>{t("npv")}</dt>
          <dd data-testid="summary-npv">{i.sek(d.npv)}</dd>
        </div>
        <div>
          <dt>{t("bcr")}</dt>
          <dd data-testid="summary-bcr">{d.bcr === null ? "–" : i.ratio(d.bcr)}</dd>
        </div>
        <div>
          <dt>{t("payback")}</dt>
          <dd data-testid="summary-payback">{d.paybackYear ?? t("never")}</dd>
        </div>
      </dl>
      <a
        href="#results-h"
        onClick={(e) => {
          e.preventDefault();
          onMore();
        }}
      >
        {sv ? "Hela resultatet" : "The whole result"}
      </a>
    </div>
  );
}
