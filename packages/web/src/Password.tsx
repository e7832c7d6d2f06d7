/**
 * Changing one's own password: from the header at any time, and as the only page after a login
 * with a one-time password (the server answers 403 password_change_required to everything else).
 * @module
 */
import { type FormEvent, useId, useState } from "react";
import { api, ApiError } from "./api";
import { useI18n } from "./i18n";

export const MIN_PASSWORD = 12;

export function PasswordPage({ firstLogin, onChanged }: { firstLogin: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const current = String(f.get("current"));
    const next = String(f.get("next"));
    setDone(false);
    if (next.length < MIN_PASSWORD) return setError(t("passwordTooShort"));
    if (next !== String(f.get("repeat"))) return setError(t("passwordsDiffer"));
    if (next === current) return setError(t("passwordUnchanged"));
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setError(null);
      setDone(true);
      form.reset();
      onChanged();
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === "bad_credentials"
          ? t("wrongCurrentPassword")
          : err instanceof ApiError && err.status === 429
            ? t("tooManyAttempts", { s: err.detail.retryAfter ?? 60 })
            : err instanceof Error
              ? err.message
              : String(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login card" onSubmit={submit} aria-labelledby={`${id}-h`} aria-describedby={firstLogin ? `${id}-intro` : undefined}>
      <h1 id={`${id}-h`}>{firstLogin ? t("firstLoginTitle") : t("changePassword")}</h1>
      {firstLogin && (
        <p id={`${id}-intro`} className="notice">
          {t("firstLoginIntro")}
        </p>
      )}
      <label>
        {firstLogin ? t("oneTimePassword") : t("currentPassword")}
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t("newPassword")}
        <input name="next" type="password" autoComplete="new-password" required />
      </label>
      <label>
        {t("repeatPassword")}
        <input name="repeat" type="password" autoComplete="new-password" required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && <p role="status">{t("passwordChanged")}</p>}
      <button type="submit" disabled={busy}>
        {t("savePassword")}
      </button>
    </form>
  );
}
