/**
 * Routes live in the URL's hash (#/scenarios/ID), so that the server serves one page and a
 * link or reload opens the same view.
 * @module
 */
import { useEffect, useState } from "react";

export type Route =
  | { page: "list" }
  | { page: "scenario"; id: string }
  | { page: "versions"; id: string; from?: number; to?: number }
  | { page: "compare"; a?: string; b?: string }
  | { page: "budget"; id: string }
  | { page: "fund" }
  | { page: "lagesbild"; id?: string }
  | { page: "plans" }
  | { page: "plan"; id: string }
  | { page: "services" }
  | { page: "service"; id: string }
  | { page: "password" };

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const q = new URLSearchParams(query);
  const num = (k: string) => (q.has(k) && /^\d+$/.test(q.get(k) ?? "") ? Number(q.get(k)) : undefined);
  if (parts[0] === "fund") return { page: "fund" };
  if (parts[0] === "password") return { page: "password" };
  if (parts[0] === "lagesbild") return parts[1] ? { page: "lagesbild", id: parts[1] } : { page: "lagesbild" };
  if (parts[0] === "plans") return parts[1] ? { page: "plan", id: parts[1] } : { page: "plans" };
  if (parts[0] === "services") return parts[1] ? { page: "service", id: parts[1] } : { page: "services" };
  if (parts[0] === "scenarios" && parts[1] && parts[2] === "budget") return { page: "budget", id: parts[1] };
  if (parts[0] === "compare") {
    const a = q.get("a");
    const b = q.get("b");
    return { page: "compare", ...(a ? { a } : {}), ...(b ? { b } : {}) };
  }
  if (parts[0] === "scenarios" && parts[1]) {
    if (parts[2] === "versions") {
      const from = num("from");
      const to = num("to");
      return { page: "versions", id: parts[1], ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    }
    return { page: "scenario", id: parts[1] };
  }
  return { page: "list" };
}

export function href(r: Route): string {
  if (r.page === "list") return "#/scenarios";
  if (r.page === "scenario") return `#/scenarios/${r.id}`;
  if (r.page === "budget") return `#/scenarios/${r.id}/budget`;
  if (r.page === "fund") return "#/fund";
  if (r.page === "password") return "#/password";
  if (r.page === "lagesbild") return r.id ? `#/lagesbild/${r.id}` : "#/lagesbild";
  if (r.page === "plans") return "#/plans";
  if (r.page === "plan") return `#/plans/${r.id}`;
  if (r.page === "services") return "#/services";
  if (r.page === "service") return `#/services/${r.id}`;
  if (r.page === "compare") {
    const q = new URLSearchParams();
    if (r.a) q.set("a", r.a);
    if (r.b) q.set("b", r.b);
    return `#/compare${q.size ? `?${q}` : ""}`;
  }
  const q = new URLSearchParams();
  if (r.from !== undefined) q.set("from", String(r.from));
  if (r.to !== undefined) q.set("to", String(r.to));
  return `#/scenarios/${r.id}/versions${q.size ? `?${q}` : ""}`;
}

/**
 * What the parts of a page with unsaved changes say before the user leaves it (null: nothing
 * unsaved). Any number of parts may hold one at a time (a document's fields and, beside them, a
 * form of its own); the route asks before it changes, and the browser before it unloads.
 */
const leaveGuards = new Set<() => string | null>();

/** What leaving now would lose, in words (the first part that has unsaved changes), or null. */
export function leaveMessage(): string | null {
  for (const guard of leaveGuards) {
    const message = guard();
    if (message !== null) return message;
  }
  return null;
}

/** Set by `go(route, { discard: true })`: the next change of route leaves without asking. */
let discarding = false;

/** True when nothing unsaved would be lost, or the user agrees to lose it. */
export function confirmLeave(): boolean {
  const message = leaveMessage();
  return message === null || confirm(message);
}

/**
 * Asks before leaving the page while `message` is set: in-app links, the back button, reload and
 * closing the tab. Every editor with unsaved changes uses this one hook (the workbench, the
 * lägesbild, the action plan and its actuals, the services register and its reach).
 */
export function useLeaveGuard(message: string | null) {
  useEffect(() => {
    if (message === null) return;
    const guard = () => message;
    leaveGuards.add(guard);
    const unload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = message;
      return message;
    };
    addEventListener("beforeunload", unload);
    return () => {
      leaveGuards.delete(guard);
      removeEventListener("beforeunload", unload);
    };
  }, [message]);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = (e: HashChangeEvent) => {
      // A section link inside a page (#main) is not a route; leave the page where it is.
      if (/^#[a-z][\w-]*$/i.test(location.hash) && !location.hash.startsWith("#/")) {
        history.replaceState(null, "", e.oldURL);
        return;
      }
      const discarded = discarding;
      discarding = false;
      if (!discarded && !confirmLeave()) {
        // Stay: put the address back without a new history entry or another hashchange.
        history.replaceState(null, "", e.oldURL);
        return;
      }
      setRoute(parseRoute(location.hash));
    };
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

/**
 * Goes to a route, asking first when something is unsaved. `discard`: what is unsaved is meant
 * to go (the document was just deleted, or what was typed was just saved as a new one).
 */
export const go = (r: Route, o: { discard?: boolean } = {}) => {
  const to = href(r);
  if (o.discard && to !== location.hash) discarding = true;
  location.hash = to;
};
