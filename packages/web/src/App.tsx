/** The app shell: session, language, navigation and the page the route names. */
import { type FormEvent, useEffect, useState } from "react";
import { api, ApiError, type ScenarioSummary, type Session } from "./api";
import { catalogScenario, emptyScenario, newestCatalog } from "./document";
import { useI18n } from "./i18n";
import { PasswordPage } from "./Password";
import { confirmLeave, go, href, type Route, useRoute } from "./route";
import { Budget } from "./Budget";
import { DecidedText } from "./Decided";
import { CompareScenarios } from "./CompareScenarios";
import { Fund } from "./Fund";
import { Versions } from "./Versions";
import { Workbench } from "./Workbench";
import { LagesbildEditor } from "./followup/LagesbildEditor";
import { LagesbildPage } from "./followup/LagesbildPage";
import { PlanEditor } from "./followup/PlanEditor";
import { Plans } from "./followup/Plans";
import { ServiceEditor, Services } from "./followup/Services";
import { TableWrap } from "./TableWrap";

export function App() {
  const { t, lang, setLang } = useI18n();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    api.session().then(setSession, () => setSession(null));
  }, []);

  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          // To the page's content (not a route): focus it and keep the address.
          e.preventDefault();
          const main = document.getElementById("main");
          main?.focus();
          main?.scrollIntoView();
        }}
      >
        {t("skip")}
      </a>
      <header className="top">
        <a className="brand" href={href({ page: "list" })}>
          <span aria-hidden="true">◢</span> {t("appName")}
        </a>
        <span className="tagline">{t("tagline")}</span>
        <nav aria-label={t("language")} className="lang">
          {(["sv", "en"] as const).map((l) => (
            <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} lang={l}>
              {l === "sv" ? "Svenska" : "English"}
            </button>
          ))}
        </nav>
        {session && (
          <div className="who">
            <span>
              {session.user.name}, {session.organisation.name}
            </span>
            {!session.passwordChangeRequired && <a href={href({ page: "password" })}>{t("changePassword")}</a>}
            <button
              type="button"
              onClick={async () => {
                if (!confirmLeave()) return;
                await api.logout().catch(() => {});
                setSession(null);
              }}
            >
              {t("logout")}
            </button>
          </div>
        )}
      </header>
      {session && !session.passwordChangeRequired && <MainNav route={route} />}
      <main id="main" tabIndex={-1}>
        {session === undefined ? (
          <p role="status">{t("loading")}</p>
        ) : session === null ? (
          <Login onLogin={setSession} />
        ) : session.passwordChangeRequired ? (
          <PasswordPage
            firstLogin
            onChanged={() => {
              setSession({ ...session, passwordChangeRequired: false });
              go({ page: "list" });
            }}
          />
        ) : route.page === "password" ? (
          <PasswordPage firstLogin={false} onChanged={() => {}} />
        ) : route.page === "scenario" ? (
          <Workbench key={route.id} id={route.id} session={session} />
        ) : route.page === "budget" ? (
          <Budget key={route.id} id={route.id} />
        ) : route.page === "fund" ? (
          <Fund />
        ) : route.page === "compare" ? (
          <CompareScenarios route={route} />
        ) : route.page === "versions" ? (
          <Versions key={route.id} route={route} session={session} />
        ) : route.page === "lagesbild" ? (
          route.id ? <LagesbildEditor key={route.id} id={route.id} session={session} /> : <LagesbildPage session={session} />
        ) : route.page === "plans" ? (
          <Plans session={session} />
        ) : route.page === "plan" ? (
          <PlanEditor key={route.id} id={route.id} session={session} />
        ) : route.page === "services" ? (
          <Services session={session} />
        ) : route.page === "service" ? (
          <ServiceEditor key={route.id} id={route.id} session={session} />
        ) : (
          <ScenarioList session={session} />
        )}
      </main>
    </>
  );
}

/** The sections of the app: scenarios, the lägesbild, action plans with follow-up, low-threshold services. */
function MainNav({ route }: { route: Route }) {
  const { t } = useI18n();
  const section = route.page === "lagesbild" ? "lagesbild" : route.page === "plans" || route.page === "plan" ? "plans" : route.page === "services" || route.page === "service" ? "services" : "list";
  const links = [
    { key: "list", to: href({ page: "list" }), text: t("scenarios") },
    { key: "lagesbild", to: href({ page: "lagesbild" }), text: t("navLagesbild") },
    { key: "plans", to: href({ page: "plans" }), text: t("navPlans") },
    { key: "services", to: href({ page: "services" }), text: t("navServices") },
  ];
  return (
    <nav aria-label={t("mainNav")} className="mainnav">
      <ul>
        {links.map((l) => (
          <li key={l.key}>
            <a href={l.to} {...(section === l.key ? { "aria-current": "page" as const } : {})}>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Login({ onLogin }: { onLogin: (s: Session) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // With accounts in several organisations (same address and password): which one.
  const [choices, setChoices] = useState<{ id: string; name: string }[] | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    try {
      onLogin(await api.login(String(f.get("email")), String(f.get("password")), f.get("organisationId") ? String(f.get("organisationId")) : undefined));
    } catch (err) {
      if (err instanceof ApiError && err.code === "choose_organisation" && err.detail.organisations) {
        setChoices(err.detail.organisations);
        setError(t("chooseOrganisation"));
      } else
        setError(
          !(err instanceof ApiError)
            ? String(err)
            : err.code === "one_time_password_used"
              ? t("oneTimeUsed")
              : err.code === "one_time_password_expired"
                ? t("oneTimeExpired")
                : err.status === 429
                  ? t("tooManyAttempts", { s: err.detail.retryAfter ?? 60 })
                  : err.status === 401
                    ? t("loginFailed")
                    : err.message,
        );
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="login card" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">{t("login")}</h1>
      <label>
        {t("email")}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {t("password")}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {choices && (
        <label>
          {t("organisation")}
          <select name="organisationId" required>
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t("login")}
      </button>
    </form>
  );
}

function ScenarioList({ session }: { session: Session }) {
  const i = useI18n();
  const { t } = i;
  const [list, setList] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canWrite = session.user.role !== "viewer";

  useEffect(() => {
    api.scenarios().then(setList, (e: Error) => setError(e.message));
  }, []);

  async function create(kind: "demo" | "catalog" | "scratch") {
    try {
      let document: Record<string, unknown>;
      const year = new Date().getFullYear() + 1;
      const catalog = kind === "demo" ? undefined : newestCatalog(await api.catalogs());
      if (kind === "scratch") document = emptyScenario(t("newFromScratch"), year, catalog?.id);
      else if (kind === "catalog") document = catalogScenario(t("newFromCatalog"), year, catalog?.id);
      else {
        const demo = list?.find((s) => s.organisationName === "Kalmar kommun" && s.name.startsWith("Kalmar")) ?? list?.[0];
        if (!demo) return;
        const v = await api.version(demo.id, demo.latestVersion);
        document = { ...v.document, name: `${String(v.document.name)} (${t("own").toLowerCase()})` };
      }
      const created = await api.create(document);
      go({ page: "scenario", id: created.scenario.id });
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length ? `${e.message} ${e.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}` : String(e));
    }
  }

  return (
    <section aria-labelledby="list-h">
      <h1 id="list-h">{t("scenarios")}</h1>
      {canWrite && (
        <div className="actions">
          <button type="button" onClick={() => create("demo")} disabled={!list?.length}>
            {t("newFromDemo")}
          </button>
          <button type="button" onClick={() => create("catalog")}>
            {t("newFromCatalog")}
          </button>
          <button type="button" onClick={() => create("scratch")}>
            {t("newFromScratch")}
          </button>
        </div>
      )}
      {list && list.length > 1 && (
        <p>
          <a href={href({ page: "compare" })}>{i.lang === "sv" ? "Jämför två scenarier" : "Compare two scenarios"}</a>
        </p>
      )}
      {list && list.length > 0 && (
        <p>
          <a href={href({ page: "fund" })}>{i.lang === "sv" ? "Social investeringsfond" : "Social investment fund"}</a>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {t("error", { m: error })}
        </p>
      )}
      {list === null ? (
        <p role="status">{t("loading")}</p>
      ) : list.length === 0 ? (
        <p>{t("noScenarios")}</p>
      ) : (
        <TableWrap label={t("scenarios")}>
        <table className="list">
          <caption className="visually-hidden">{t("scenarios")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("owner")}</th>
              <th scope="col">{t("version")}</th>
              <th scope="col">{t("decision")}</th>
              <th scope="col">{t("createdAt")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={href({ page: "scenario", id: s.id })}>{s.name}</a>
                </td>
                <td>
                  {s.access === "owner" ? t("own") : `${s.organisationName} – ${s.access === "edit" ? t("sharedEdit") : t("sharedRead")}`}
                </td>
                <td className="num">{s.latestVersion}</td>
                <td>{s.decided ? <DecidedText decided={s.decided} /> : <span className="small">{i.lang === "sv" ? "Inget beslut" : "No decision"}</span>}</td>
                <td>{i.date(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableWrap>
      )}
    </section>
  );
}

