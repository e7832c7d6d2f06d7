/**
 * Scenarios and versions, decisions and shares (store/scenarios.ts; contract: scenarios.ts).
 * @module
 */
import * as api from "@sikt/contract";
import { diffDocuments } from "@sikt/engine";
import { z } from "zod";
import { HttpError, idParam, intParam, notFound, readBody, readQuery } from "../http.js";
import type { AppContext } from "./context.js";

export function scenarioRoutes(x: AppContext): void {
  const { store, routes, auth, analyst, actor, scenarioFor, checkDocument, audit, save, versionOf } = x;

  // Scenarios and versions

  routes.add("get", "/api/scenarios", { summary: "Your organisation's scenarios and those shared with it", tag: "scenarios", response: z.array(api.scenarioSummarySchema) }, auth, async (c) =>
    c.json(await store.listScenarios(actor(c).organisationId)),
  );

  routes.add(
    "post",
    "/api/scenarios",
    { summary: "Create a scenario (its version 1)", tag: "scenarios", body: api.createScenarioBody, response: api.savedSchema, status: 201 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.createScenarioBody);
      const name = await checkDocument(c, body.document);
      const a = actor(c);
      const version = await store.createScenario(a, name, body.document, body.message ?? null);
      await audit(a, "scenario.create", "scenario", version.scenarioId, { version: 1, name });
      const scenario = await store.getScenario(version.scenarioId, a.organisationId);
      return c.json({ scenario, version }, 201);
    },
  );

  routes.add("get", "/api/scenarios/:id", { summary: "A scenario and the list of its versions", tag: "scenarios", response: api.scenarioDetailSchema }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json({ scenario, versions: await store.listVersions(scenario.id) });
  });

  routes.add("delete", "/api/scenarios/:id", { summary: "Delete a scenario (refused when a version was decided on)", tag: "scenarios", status: 204, errors: [409] }, auth, analyst, async (c) => {
    const { scenario, actor: a } = await scenarioFor(c, "owner");
    if ((await store.deleteScenario(scenario.id)) === "decided")
      throw new HttpError(409, "decided", "A version of this scenario was decided on by a committee; the scenario cannot be deleted.");
    await audit(a, "scenario.delete", "scenario", scenario.id, { name: scenario.name });
    return c.body(null, 204);
  });

  routes.add("get", "/api/scenarios/:id/versions", { summary: "The versions of a scenario", tag: "versions", response: z.array(api.versionInfoSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await store.listVersions(scenario.id));
  });

  routes.add(
    "post",
    "/api/scenarios/:id/versions",
    { summary: "Save a new version on top of baseVersion", tag: "versions", body: api.saveVersionBody, response: api.savedSchema, status: 201, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.saveVersionBody);
      return c.json(await save(c, await scenarioFor(c, "edit"), body.baseVersion, body.document, body.message ?? null, "version.save", { baseVersion: body.baseVersion }), 201);
    },
  );

  routes.add("get", "/api/scenarios/:id/versions/:version", { summary: "One version with its document", tag: "versions", response: api.versionSchema }, auth, async (c) => {
    const v = intParam(c, "version", "version");
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await versionOf(scenario.id, v));
  });

  routes.add(
    "delete",
    "/api/scenarios/:id/versions/:version",
    { summary: "Delete a version (never one decided on, nor the latest)", tag: "versions", status: 204, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      if (v === scenario.latestVersion) throw new HttpError(409, "latest_version", "The latest version cannot be deleted; restore an older one instead.");
      const outcome = await store.deleteVersion(scenario.id, v);
      if (outcome === "missing") throw notFound("version");
      if (outcome === "decided") throw new HttpError(409, "decided", "A committee decided on this version; it can never be deleted.");
      await audit(a, "version.delete", "scenario", scenario.id, { version: v });
      return c.body(null, 204);
    },
  );

  routes.add(
    "get",
    "/api/scenarios/:id/compare",
    { summary: "Which assumptions changed from one version to another", tag: "versions", query: api.compareQuery, response: api.compareSchema },
    auth,
    async (c) => {
      const q = readQuery(c, api.compareQuery);
      const { scenario } = await scenarioFor(c, "read");
      const [a, b] = [await versionOf(scenario.id, q.from), await versionOf(scenario.id, q.to)];
      return c.json({ from: q.from, to: q.to, changes: diffDocuments(a.document, b.document) });
    },
  );

  routes.add(
    "post",
    "/api/scenarios/:id/versions/:version/restore",
    { summary: "Save an old version's document as the newest version", tag: "versions", body: api.restoreBody, response: api.savedSchema, status: 201, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.restoreBody);
      const target = await scenarioFor(c, "edit");
      const old = await versionOf(target.scenario.id, v);
      return c.json(await save(c, target, body.baseVersion, old.document, body.message ?? `Återställd från version ${v}`, "version.restore", { from: v }), 201);
    },
  );

  routes.add(
    "put",
    "/api/scenarios/:id/versions/:version/decision",
    { summary: "Mark the version a committee decided on (final)", tag: "versions", body: api.decisionBody, response: api.versionInfoSchema, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.decisionBody);
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      const existing = await versionOf(scenario.id, v);
      if (existing.decision) throw new HttpError(409, "decided", "This version already carries a decision; a decision cannot be changed.");
      const info = await store.setDecision(scenario.id, v, body);
      await audit(a, "version.decision", "scenario", scenario.id, { version: v, ...body });
      return c.json(info);
    },
  );

  // Shares

  routes.add("get", "/api/scenarios/:id/shares", { summary: "Organisations the scenario is shared with", tag: "shares", response: z.array(api.shareSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "owner");
    return c.json(await store.listShares(scenario.id));
  });

  routes.add(
    "post",
    "/api/scenarios/:id/shares",
    { summary: "Share with another organisation to read or edit (or change the access)", tag: "shares", body: api.shareBody, response: api.shareSchema, status: 201 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.shareBody);
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      const target = await store.getOrganisation(body.organisationId);
      if (!target || target.id === a.organisationId)
        throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["organisationId"], code: "unknown_organisation", message: "no other organisation with this id" }] });
      const share = await store.share(scenario.id, target.id, body.access, a.userId);
      await audit(a, "share.set", "scenario", scenario.id, { organisationId: target.id, organisationName: target.name, access: body.access });
      return c.json(share, 201);
    },
  );

  routes.add("delete", "/api/scenarios/:id/shares/:organisationId", { summary: "Withdraw a share", tag: "shares", status: 204 }, auth, analyst, async (c) => {
    const orgId = idParam(c, "organisationId", "share");
    const { scenario, actor: a } = await scenarioFor(c, "owner");
    if (!(await store.unshare(scenario.id, orgId))) throw notFound("share");
    await audit(a, "share.remove", "scenario", scenario.id, { organisationId: orgId });
    return c.body(null, 204);
  });
}
