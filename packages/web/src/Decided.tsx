/** A scenario's decided version in words. */
import type { ScenarioSummary } from "./api";
import { useI18n } from "./i18n";

/** "Version 3 beslutad av Socialnämnden 21 oktober 2026 (SN 2026/214 § 97)". */
export function DecidedText({ decided }: { decided: NonNullable<ScenarioSummary["decided"]> }) {
  const i = useI18n();
  return (
    <>
      {i.t("version")} {decided.version}: {i.t("decidedBy", { body: decided.body, date: i.date(decided.date), reference: decided.reference })}
    </>
  );
}
