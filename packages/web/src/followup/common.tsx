/**
 * Pieces shared by the lägesbild, plan and service pages: counts of people as the server
 * suppressed them, optional numbers, export links, version conflicts.
 * @module
 */
import type { FindingKind, Gender, Level, Reported } from "@sikt/followup";
import { useEffect, useState } from "react";
import { ApiError, type Doc, errorText } from "../api";
import { type I18n, useI18n } from "../i18n";
import { useLeaveGuard } from "../route";

/** The same constants as @sikt/followup's, kept here so that the app imports types only. */
export const LEVELS: readonly Level[] = ["individ", "grupp", "samhalle"];
export const FINDING_KINDS: readonly FindingKind[] = ["problem", "risk", "protective"];
export const GENDERS: readonly Gender[] = ["flickor", "pojkar", "annat"];

/** A fresh id for an item inside a document (a finding, a measure). */
export const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** The years from `a` to `b`, both included (none when b < a; at most 100). */
export const yearsBetween = (a: number, b: number) => Array.from({ length: Math.max(0, Math.min(100, b - a + 1)) }, (_, k) => a + k);

/** A hidden count: ".." on screen, "hidden" to a screen reader, the reason in the footnote. */
export function Hidden() {
  const { t } = useI18n();
  return (
    <span className="suppressed" title={t("suppressedNote")}>
      <span aria-hidden="true">..</span>
      <span className="visually-hidden">{t("hidden")}</span>
    </span>
  );
}

/** A count of people as the server answered it: a number, hidden, or nothing reported. */
export function Count({ value, digits = 0 }: { value: Reported | undefined; digits?: number }) {
  const i = useI18n();
  if (value === "suppressed") return <Hidden />;
  if (value === null || value === undefined) return <>–</>;
  return <>{i.num(value, digits)}</>;
}

/** The note that explains "..". */
export function SuppressedNote() {
  const { t } = useI18n();
  return (
    <p className="footnote small">
      <span aria-hidden="true">..</span> {t("suppressedNote")}
    </p>
  );
}

/** A number that may be left empty (null); Swedish and English decimals are both understood. */
export function OptionalNumber({
  label,
  value,
  onChange,
  min,
  max,
  placeholder,
  hint,
  hideLabel,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  min?: number;
  max?: number;
  placeholder?: string | undefined;
  hint?: string;
  hideLabel?: boolean;
}) {
  const i = useI18n();
  const show = (v: number | null) => (v === null || !Number.isFinite(v) ? "" : String(+v.toFixed(6)).replace(".", i.lang === "sv" ? "," : "."));
  const [text, setText] = useState(show(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText((cur) => {
      const parsed = cur.trim() === "" ? null : Number(cur.replace(",", ".").replace(/\s/g, ""));
      return parsed === value ? cur : show(value);
    });
  }, [value, i.lang]);
  return (
    <label>
      {hideLabel ? <span className="visually-hidden">{label}</span> : label}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        aria-invalid={bad}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setBad(false);
            onChange(null);
            return;
          }
          const v = Number(e.target.value.replace(",", ".").replace(/\s/g, ""));
          const ok = Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max);
          setBad(!ok);
          if (ok) onChange(v);
        }}
      />
      {hint && <span className="small">{hint}</span>}
    </label>
  );
}

/** Links to a document's exports: HTML opens in a new tab, the others download. */
export function ExportLinks({ base, formats, label }: { base: string; formats: readonly ("html" | "pdf" | "xlsx")[]; label?: string }) {
  const { t, lang } = useI18n();
  const name = { html: "HTML", pdf: "PDF", xlsx: lang === "sv" ? "Excel" : "Excel" };
  return (
    <p className="meta">
      {label ?? t("exportAs")}:{" "}
      {formats.map((f, k) => (
        <span key={f}>
          {k > 0 && " · "}
          <a href={`${base}${base.includes("?") ? "&" : "?"}format=${f}`} {...(f === "html" ? { target: "_blank", rel: "noopener" } : { download: "" })}>
            {name[f]}
          </a>
        </span>
      ))}
    </p>
  );
}

/** What went wrong in saving a versioned document: a conflict with the newer version, or the server's message. */
function saveProblem(e: unknown, i: I18n): { conflict: number | null; message: string } {
  if (e instanceof ApiError && e.status === 409 && e.latestVersion !== undefined) return { conflict: e.latestVersion, message: i.t("conflict", { v: e.latestVersion }) };
  return { conflict: null, message: errorText(e) };
}

/** Comma-separated text as a list of trimmed, non-empty items. */
const splitList = (text: string) =>
  text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** A list typed as comma-separated text ("Socialförvaltningen, Polisen"). */
export function ListField({ label, value, onChange, hint }: { label: string; value: readonly string[]; onChange: (v: string[]) => void; hint?: string }) {
  const [text, setText] = useState(value.join(", "));
  useEffect(() => {
    setText((cur) => (splitList(cur).join("\u0000") === value.join("\u0000") ? cur : value.join(", ")));
  }, [value]);
  return (
    <label>
      {label}
      <input
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(splitList(e.target.value));
        }}
      />
      {hint && <span className="small">{hint}</span>}
    </label>
  );
}

/** Deletes a document after asking, then goes back to its list; the server's refusal is shown. */
export function DeleteDoc({ label, question, remove, after }: { label: string; question: string; remove: () => Promise<void>; after: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="delete-doc">
      <button
        type="button"
        className="link danger"
        onClick={async () => {
          if (!confirm(question)) return;
          setError(null);
          try {
            await remove();
            after();
          } catch (e) {
            setError(errorText(e));
          }
        }}
      >
        {label}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A versioned document being edited: loaded, changed in `body`, saved over the version it was
 * loaded as; a save that someone else's save overtook says so and offers the latest version.
 * `after` runs after each load and save (to fetch what depends on the document).
 */
export function useDocEditor<T>(
  id: string,
  get: (id: string) => Promise<Doc<T>>,
  put: (id: string, baseVersion: number, body: T) => Promise<Doc<T>>,
  o: { prepare?: (body: T) => T; after?: () => Promise<void> } = {},
) {
  const i = useI18n();
  const [doc, setDoc] = useState<Doc<T> | null>(null);
  const [body, setBody] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const take = (d: Doc<T>) => {
    setDoc(d);
    setBody(d.body);
  };
  async function load() {
    setConflict(null);
    setError(null);
    setNotice(null);
    try {
      take(await get(id));
      await o.after?.();
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function save() {
    if (!doc || !body) return;
    setSaving(true);
    setNotice(null);
    setError(null);
    setConflict(null);
    try {
      const d = await put(id, doc.version, o.prepare ? o.prepare(body) : body);
      take(d);
      setNotice(i.t("savedVersion", { v: d.version }));
      await o.after?.();
    } catch (e) {
      const p = saveProblem(e, i);
      setConflict(p.conflict);
      setError(p.message);
    } finally {
      setSaving(false);
    }
  }
  const dirty = doc !== null && body !== null && JSON.stringify(body) !== JSON.stringify(doc.body);
  // Leaving with unsaved edits asks first, as the workbench does (one guard for every editor).
  useLeaveGuard(dirty ? i.t("unsavedLeave") : null);
  return { doc, body, setBody, dirty, load, save, saving, error, conflict, notice };
}

/** The save button of a document with what blocks it, the outcome, and the way to the latest version after a conflict. */
export function SaveBar({ editor, label, blocked, hint }: { editor: Pick<ReturnType<typeof useDocEditor>, "dirty" | "saving" | "save" | "load" | "error" | "conflict" | "notice">; label: string; blocked?: boolean; hint?: string | false }) {
  const i = useI18n();
  return (
    <div className="save doc-save">
      <button type="button" onClick={() => void editor.save()} disabled={!editor.dirty || editor.saving || blocked}>
        {editor.saving ? i.t("saving") : label}
      </button>
      {hint && <p className="small">{hint}</p>}
      {editor.notice && <p role="status">{editor.notice}</p>}
      {editor.error && (
        <div role="alert" className="error">
          <p>{editor.error}</p>
          {editor.conflict !== null && (
            <button type="button" onClick={() => void editor.load()}>
              {i.t("loadLatest")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The prevention level of a finding, measure or service. */
export function LevelSelect({ value, onChange }: { value: Level; onChange: (level: Level) => void }) {
  const i = useI18n();
  return (
    <label>
      {i.t("level")}
      <select value={value} onChange={(e) => onChange(e.target.value as Level)}>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {i.t(`level_${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
