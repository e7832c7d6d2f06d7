/**
 * Version history: every version with its message and decision, what changed between two
 * versions (assumption by assumption, from the server), their key figures side by side, and
 * restoring an old version as the newest.
 * @module
 */
import { type Catalog, resolveScenario } from "@sikt/catalog";
import { type FormEvent, useEffect, useState } from "react";
import { api, type Change, type ScenarioSummary, type ScenarioVersion, type Session, type VersionInfo } from "./api";
import { type I18n, useI18n } from "./i18n";
import { go, href, type Route } from "./route";
import { SideBySide } from "./SideBySide";
import { TableWrap } from "./TableWrap";
import { describeChanges } from "./version-words";

export function Versions({ route, session }: { route: Extract<Route, { page: "versions" }>; session: Session }) {
  const i = useI18n();
  const { t } = i;
  const [data, setData] = useState<{ scenario: ScenarioSummary; versions: VersionInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api.scenario(route.id).then(setData, (e: Error) => setError(e.message));
  }, [route.id, reload]);

  if (error) return <p role="alert" className="error">{t("error", { m: error })}</p>;
  if (!data) return <p role="status">{t("loading")}</p>;
  const latest = data.scenario.latestVersion;
  const numbers = data.versions.map((v) => v.version);
  const to = route.to ?? latest;
  const from = route.from ?? numbers.filter((n) => n < to).at(-1) ?? to;
  const canEdit = session.user.role !== "viewer" && data.scenario.access !== "read";
  const isOwner = session.user.role !== "viewer" && data.scenario.access === "owner";

  async function restore(v: number) {
    try {
      const r = await api.restore(route.id, v, latest);
      go({ page: "versions", id: route.id, from: v, to: r.version.version });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div>
      <p>
        <a href={href({ page: "scenario", id: route.id })}>← {data.scenario.name}</a>
      </p>
      <h1>{t("history")}</h1>
      <table className="list">
        <caption className="visually-hidden">{t("versions")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("version")}</th>
            <th scope="col">{t("createdAt")}</th>
            <th scope="col">{t("message")}</th>
            <th scope="col">{t("decision")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("restore")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...data.versions].reverse().map((v) => (
            <tr key={v.version}>
              <td className="num">{v.version}</td>
              <td>{i.dateTime(v.createdAt)}</td>
              <td>{v.message ?? ""}</td>
              <td>
                {v.decision ? (
                  t("decidedBy", { body: v.decision.body, date: i.date(v.decision.date), reference: v.decision.reference })
                ) : isOwner ? (
                  <DecisionForm id={route.id} version={v.version} onDone={() => setReload((n) => n + 1)} />
                ) : (
                  ""
                )}
              </td>
              <td>
                {canEdit && v.version !== latest && (
                  <button type="button" onClick={() => restore(v.version)} aria-label={`${t("restore")} ${v.version}`}>
                    {t("restore")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("compareVersions")}</h2>
      <div className="row">
        <VersionSelect label={t("from")} value={from} numbers={numbers} onChange={(v) => go({ page: "versions", id: route.id, from: v, to })} />
        <VersionSelect label={t("to")} value={to} numbers={numbers} onChange={(v) => go({ page: "versions", id: route.id, from, to: v })} />
      </div>
      <Comparison id={route.id} from={from} to={to} i18n={i} />
    </div>
  );
}

function VersionSelect({ label, value, numbers, onChange }: { label: string; value: number; numbers: number[]; onChange: (v: number) => void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

function DecisionForm({ id, version, onDone }: { id: string; version: number; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t("markDecision")}
      </button>
    );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api.decide(id, version, { body: String(f.get("body")), date: String(f.get("date")), reference: String(f.get("reference")) });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form onSubmit={submit} className="decision">
      <label>
        {t("decisionBody")}
        <input name="body" required defaultValue="Socialnämnden" />
      </label>
      <label>
        {t("decisionDate")}
        <input name="date" type="date" required />
      </label>
      <label>
        {t("decisionReference")}
        <input name="reference" required />
      </label>
      <button type="submit">{t("markDecision")}</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function useVersion(id: string, v: number) {
  const [doc, setDoc] = useState<ScenarioVersion | null>(null);
  useEffect(() => {
    api.version(id, v).then(setDoc, () => setDoc(null));
  }, [id, v]);
  return doc;
}

/** A version resolved against its catalogue, so that names and catalogue values can be compared. */
function useResolved(doc: ScenarioVersion | null): Record<string, unknown> | null {
  const [resolved, setResolved] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    if (!doc) return;
    let live = true;
    const ids = typeof doc.document.catalog === "string" ? [doc.document.catalog] : [];
    Promise.all(ids.map((c) => api.catalog(c)))
      .then((catalogs) => {
        const r = resolveScenario(doc.document, catalogs as unknown as Catalog[]);
        if (live) setResolved(r.ok ? (r.scenario as unknown as Record<string, unknown>) : doc.document);
      })
      .catch(() => live && setResolved(doc.document));
    return () => {
      live = false;
    };
  }, [doc]);
  return resolved;
}

function Comparison({ id, from, to, i18n }: { id: string; from: number; to: number; i18n: I18n }) {
  const { t } = i18n;
  const [changes, setChanges] = useState<Change[] | null>(null);
  useEffect(() => {
    api.compare(id, from, to).then((r) => setChanges(r.changes), () => setChanges([]));
  }, [id, from, to]);
  const a = useVersion(id, from);
  const b = useVersion(id, to);
  const ra = useResolved(a);
  const rb = useResolved(b);
  const show = (v: unknown) => (v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const words = ra && rb && a && b ? describeChanges(ra, rb, i18n.lang, a.document.meta, b.document.meta) : null;

  return (
    <>
      <SideBySide a={{ label: `${t("version")} ${from}`, document: a?.document ?? null }} b={{ label: `${t("version")} ${to}`, document: b?.document ?? null }} />
      <h3>{t("whatChanged")}</h3>
      {words === null || changes === null ? (
        <p role="status">{t("loading")}</p>
      ) : words.length === 0 ? (
        <p>{t("noChanges")}</p>
      ) : (
        <ul data-testid="changes" className="changes">
          {words.map((w, k) => (
            <li key={k}>{w}</li>
          ))}
        </ul>
      )}
      {changes && changes.length > 0 && (
        <details className="small">
          <summary>{i18n.lang === "sv" ? "Ändringarna i scenariofilen, fält för fält" : "The changes in the scenario file, field by field"}</summary>
          <TableWrap label={t("whatChanged")}>
            <table className="list" data-testid="changes-raw">
              <caption className="visually-hidden">{t("whatChanged")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("field")}</th>
                  <th scope="col">{t("before")}</th>
                  <th scope="col">{t("after")}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path}>
                    <th scope="row">
                      <code>{c.path}</code> <span className="small">({t(c.kind)})</span>
                    </th>
                    <td className="mono-cell">{show(c.from)}</td>
                    <td className="mono-cell">{show(c.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      )}
    </>
  );
}
