/** Two scenarios (their latest versions) side by side. */
import { useEffect, useState } from "react";
import { api, type ScenarioSummary } from "./api";
import { useI18n } from "./i18n";
import { go, href, type Route } from "./route";
import { SideBySide } from "./SideBySide";

function useLatest(s: ScenarioSummary | undefined) {
  const [doc, setDoc] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    setDoc(null);
    if (s) api.version(s.id, s.latestVersion).then((v) => setDoc(v.document), () => setDoc(null));
  }, [s]);
  return doc;
}

export function CompareScenarios({ route }: { route: Extract<Route, { page: "compare" }> }) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ScenarioSummary[] | null>(null);
  useEffect(() => {
    api.scenarios().then(setList, () => setList([]));
  }, []);
  const a = list?.find((s) => s.id === route.a) ?? list?.[0];
  const b = list?.find((s) => s.id === route.b) ?? list?.[1] ?? list?.[0];
  const da = useLatest(a);
  const db = useLatest(b);
  if (!list) return <p role="status">{t("loading")}</p>;
  const pick = (label: string, value: ScenarioSummary | undefined, set: (id: string) => void) => (
    <label>
      {label}
      <select value={value?.id ?? ""} onChange={(e) => set(e.target.value)}>
        {list.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({t("version").toLowerCase()} {s.latestVersion})
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <p>
        <a href={href({ page: "list" })}>← {t("scenarios")}</a>
      </p>
      <h1>{lang === "sv" ? "Jämför scenarier" : "Compare scenarios"}</h1>
      <div className="row">
        {pick("Scenario A", a, (id) => go({ page: "compare", a: id, ...(b ? { b: b.id } : {}) }))}
        {pick("Scenario B", b, (id) => go({ page: "compare", ...(a ? { a: a.id } : {}), b: id }))}
      </div>
      <SideBySide a={{ label: `A: ${a?.name ?? ""}`, short: "A", document: da }} b={{ label: `B: ${b?.name ?? ""}`, short: "B", document: db }} />
    </div>
  );
}
