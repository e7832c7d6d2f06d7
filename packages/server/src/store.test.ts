/**
 * The conformance suite of the storage: the same tests on every adapter (embedded PGlite, and
 * a PostgreSQL server when SIKT_TEST_DATABASE_URL is set).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, migrations } from "./db/migrate.js";
import type { Database } from "./db/sql.js";
import { type Actor, Duplicate, type Organisation, Store, VersionConflict } from "./store.js";
import { testDatabases } from "./testing/databases.js";

const doc = (name: string, extra: Record<string, unknown> = {}) => ({ name, discountRate: 0.035, ...extra });

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`store on ${target.name}`, () => {
    let db: Database;
    let store: Store;
    let a: Organisation;
    let b: Organisation;
    let alice: Actor;
    let bob: Actor;

    beforeEach(async () => {
      db = await target.open();
      store = new Store(db);
      a = await store.createOrganisation({ name: "Kalmar kommun", kind: "kommun", municipalityCode: "0880" });
      b = await store.createOrganisation({ name: "Region Kalmar län", kind: "region" });
      const ua = await store.createUser({ organisationId: a.id, email: "alice@kalmar.example", name: "Alice", role: "admin", passwordHash: "h1" });
      const ub = await store.createUser({ organisationId: b.id, email: "bob@region.example", name: "Bob", role: "analyst", passwordHash: "h2" });
      alice = { userId: ua.id, organisationId: a.id, role: "admin" };
      bob = { userId: ub.id, organisationId: b.id, role: "analyst" };
    });
    afterEach(async () => {
      await db.close();
    });

    it("applies each migration once, also when two processes migrate at the same time", async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ n: number }>("select count(*)::int as n from schema_migrations");
      expect(rows[0]?.n).toBeGreaterThan(0);
      if (target.fresh) {
        const { openPostgres } = await import("./db/postgres.js");
        const fresh = await target.fresh();
        const [x, y] = [await openPostgres(fresh.url), await openPostgres(fresh.url)];
        const [ax, ay] = await Promise.all([migrate(x), migrate(y)]);
        expect([...ax, ...ay].sort()).toEqual(migrations().map(([, name]) => name));
        await x.close();
        await y.close();
        await fresh.drop();
      }
    });

    it("finds a login by e-mail in any case and refuses a second user with the same address in one organisation", async () => {
      const [found, ...more] = await store.findLogins("ALICE@Kalmar.example");
      expect(more).toEqual([]);
      expect(found?.user.organisationId).toBe(a.id);
      expect(found?.passwordHash).toBe("h1");
      await expect(store.createUser({ organisationId: a.id, email: "Alice@kalmar.example", name: "X", role: "viewer", passwordHash: "h" })).rejects.toBeInstanceOf(Duplicate);
      // Another organisation may have a user with the same address: nothing tells it apart.
      const twin = await store.createUser({ organisationId: b.id, email: "Alice@kalmar.example", name: "X", role: "viewer", passwordHash: "h" });
      expect((await store.findLogins("alice@kalmar.example")).map((l) => l.user.id)).toEqual([found?.user.id, twin.id]);
      expect((await store.findLogins("alice@kalmar.example", b.id)).map((l) => l.user.id)).toEqual([twin.id]);
      await store.deleteUser(b.id, twin.id);
      expect(await store.findLogins("nobody@kalmar.example")).toEqual([]);
    });

    it("keeps users inside their organisation", async () => {
      expect((await store.listUsers(a.id)).map((u) => u.email)).toEqual(["alice@kalmar.example"]);
      expect(await store.getUser(b.id, alice.userId)).toBeNull();
      expect(await store.updateUser(b.id, alice.userId, { role: "viewer" })).toBeNull();
      expect(await store.deleteUser(b.id, alice.userId)).toBe(false);
      expect((await store.getUser(a.id, alice.userId))?.role).toBe("admin");
      expect(await store.countAdmins(a.id)).toBe(1);
    });

    it("ends sessions when they expire, on logout and when the password changes", async () => {
      const soon = new Date(Date.now() + 3_600_000);
      await store.createSession({ userId: alice.userId, tokenHash: "t1", csrfToken: "c1", expiresAt: soon });
      await store.createSession({ userId: alice.userId, tokenHash: "t2", csrfToken: "c2", expiresAt: new Date(Date.now() - 1000) });
      await store.createSession({ userId: alice.userId, tokenHash: "t3", csrfToken: "c3", expiresAt: soon });
      expect((await store.getSession("t1"))?.csrfToken).toBe("c1");
      expect(await store.getSession("t2")).toBeNull();
      await store.deleteSession("t1");
      expect(await store.getSession("t1")).toBeNull();
      expect(await store.getSession("t3")).not.toBeNull();
      await store.updateUser(a.id, alice.userId, { passwordHash: "new" });
      expect(await store.getSession("t3")).toBeNull();
      expect((await store.findLogins("alice@kalmar.example"))[0]?.passwordHash).toBe("new");
    });

    it("keeps every version immutable and numbered, and refuses a save based on an old version", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), "first");
      expect(v1.version).toBe(1);
      const v2 = await store.saveVersion(alice, v1.scenarioId, 1, "Plan B", doc("Plan B", { discountRate: 0.03 }), "lower rate");
      expect(v2.version).toBe(2);
      const stale = store.saveVersion(alice, v1.scenarioId, 1, "Plan C", doc("Plan C"), null);
      await expect(stale).rejects.toEqual(new VersionConflict(2));
      expect((await store.getVersion(v1.scenarioId, 1))?.document).toEqual(doc("Plan"));
      expect((await store.getVersion(v1.scenarioId, 2))?.document).toEqual(doc("Plan B", { discountRate: 0.03 }));
      expect(await store.getVersion(v1.scenarioId, 3)).toBeNull();
      expect((await store.listVersions(v1.scenarioId)).map((v) => [v.version, v.message])).toEqual([
        [1, "first"],
        [2, "lower rate"],
      ]);
      const summary = await store.getScenario(v1.scenarioId, a.id);
      expect(summary).toMatchObject({ name: "Plan B", latestVersion: 2, access: "owner", organisationName: "Kalmar kommun" });
    });

    it("lets exactly one of many concurrent saves on the same base version win", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), null);
      const saves = Array.from({ length: 12 }, (_, i) => store.saveVersion(alice, v1.scenarioId, 1, `Plan ${i}`, doc(`Plan ${i}`), null));
      const outcomes = await Promise.allSettled(saves);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(11);
      for (const l of lost) expect(l.reason).toEqual(new VersionConflict(2));
      expect((await store.listVersions(v1.scenarioId)).map((v) => v.version)).toEqual([1, 2]);
    });

    it("shows a scenario to another organisation only through a share, with the access given", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), null);
      const id = v1.scenarioId;
      expect(await store.accessTo(a.id, id)).toBe("owner");
      expect(await store.accessTo(b.id, id)).toBeNull();
      expect(await store.getScenario(id, b.id)).toBeNull();
      expect(await store.listScenarios(b.id)).toEqual([]);

      const share = await store.share(id, b.id, "read", alice.userId);
      expect(share).toMatchObject({ scenarioId: id, organisationId: b.id, organisationName: "Region Kalmar län", access: "read" });
      expect(await store.accessTo(b.id, id)).toBe("read");
      expect((await store.listScenarios(b.id)).map((s) => [s.id, s.access, s.organisationName])).toEqual([[id, "read", "Kalmar kommun"]]);
      await store.share(id, b.id, "edit", alice.userId);
      expect(await store.accessTo(b.id, id)).toBe("edit");
      expect(await store.listShares(id)).toHaveLength(1);

      expect(await store.unshare(id, b.id)).toBe(true);
      expect(await store.unshare(id, b.id)).toBe(false);
      expect(await store.accessTo(b.id, id)).toBeNull();
      expect(await store.listScenarios(b.id)).toEqual([]);
    });

    it("never deletes a version a committee decided on, nor a scenario holding one", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), null);
      const id = v1.scenarioId;
      await store.saveVersion(alice, id, 1, "Plan", doc("Plan", { discountRate: 0.04 }), null);
      await store.saveVersion(alice, id, 2, "Plan", doc("Plan", { discountRate: 0.05 }), null);
      const decision = { body: "Socialnämnden", date: "2026-03-18", reference: "SN 2026/112 § 14" };
      expect((await store.setDecision(id, 1, decision))?.decision).toEqual(decision);
      expect(await store.deleteVersion(id, 1)).toBe("decided");
      expect(await store.deleteScenario(id)).toBe("decided");
      expect(await store.deleteVersion(id, 2)).toBe("deleted");
      expect(await store.deleteVersion(id, 2)).toBe("missing");
      expect((await store.listVersions(id)).map((v) => v.version)).toEqual([1, 3]);
      expect((await store.getVersion(id, 1))?.decision).toEqual(decision);

      const other = await store.createScenario(alice, "Other", doc("Other"), null);
      expect(await store.deleteScenario(other.scenarioId)).toBe("deleted");
      expect(await store.getScenario(other.scenarioId, a.id)).toBeNull();
    });

    it("keeps each organisation's audit log to itself, newest first", async () => {
      await store.audit({ organisationId: a.id, userId: alice.userId, action: "scenario.create", entity: "scenario", entityId: "x", detail: { n: 1 } });
      await store.audit({ organisationId: a.id, userId: alice.userId, action: "version.save", entity: "scenario", entityId: "x" });
      await store.audit({ organisationId: b.id, userId: bob.userId, action: "scenario.create", entity: "scenario" });
      const log = await store.listAudit(a.id);
      expect(log.map((e) => e.action)).toEqual(["version.save", "scenario.create"]);
      expect(log[1]?.detail).toEqual({ n: 1 });
      expect((await store.listAudit(b.id)).map((e) => e.userId)).toEqual([bob.userId]);
    });

    it("hands each queued run to exactly one of many competing workers", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), null);
      const created = [];
      for (let i = 0; i < 3; i++)
        created.push(await store.createRun({ organisationId: a.id, scenarioId: v1.scenarioId, version: 1, iterations: 10, seed: 7 + i, createdBy: alice.userId }));
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimRun(`w${i}`)));
      const claimed = claims.filter((r) => r !== null).map((r) => r.id);
      expect(claimed.sort()).toEqual(created.map((r) => r.id).sort());
      expect(await store.claimRun("late")).toBeNull();

      const [first, second] = created as [(typeof created)[0], (typeof created)[0]];
      await store.setRunProgress(first.id, 0.5);
      expect((await store.getRun(first.id))?.progress).toBe(0.5);
      await store.finishRun(first.id, { engineVersion: "0.1.0", resolved: { catalogId: null }, result: { npv: 1 } });
      const done = await store.getRun(first.id);
      expect(done).toMatchObject({ status: "done", progress: 1, engineVersion: "0.1.0", seed: 7, result: { npv: 1 } });
      await store.failRun(second.id, { code: "engine" });
      expect((await store.getRun(second.id))?.status).toBe("failed");
      expect(await store.requeueRuns(null)).toBe(1);
      expect((await store.claimRun("again"))?.id).toBe(created[2]?.id);
      expect((await store.listRuns(v1.scenarioId)).every((r) => r.result === null)).toBe(true);
    });

    it("keeps each organisation's funds to itself", async () => {
      const f = await store.createFund(alice, "Fonden", { capital: 40e6 });
      expect((await store.listFunds(a.id)).map((x) => x.name)).toEqual(["Fonden"]);
      expect(await store.listFunds(b.id)).toEqual([]);
      expect(await store.getFund(b.id, f.id)).toBeNull();
      expect(await store.updateFund(b.id, f.id, "Kapad", {})).toBeNull();
      expect(await store.deleteFund(b.id, f.id)).toBe(false);
      const changed = await store.updateFund(a.id, f.id, "Fonden 2", { capital: 50e6 });
      expect(changed).toMatchObject({ name: "Fonden 2", definition: { capital: 50e6 } });
      const exported = JSON.parse(JSON.stringify(await store.exportOrganisation(a.id)));
      expect(exported.funds.map((x: { id: string }) => x.id)).toEqual([f.id]);
      expect(await store.deleteFund(a.id, f.id)).toBe(true);
      await store.restoreOrganisation(a.id, exported, alice.userId);
      expect((await store.getFund(a.id, f.id))?.name).toBe("Fonden 2");
    });

    it("rolls a transaction back when it throws", async () => {
      await expect(
        store.inTransaction(async (tx) => {
          await tx.createOrganisation({ name: "Halvfärdig", kind: "annan" });
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      expect(await store.countOrganisations()).toBe(2);
    });

    it("restores an export's scenarios, versions and decisions, adds nothing twice, and refuses another organisation's scenario ids", async () => {
      const v1 = await store.createScenario(alice, "Plan", doc("Plan"), "first");
      await store.saveVersion(alice, v1.scenarioId, 1, "Plan", doc("Plan", { discountRate: 0.02 }), "second");
      await store.setDecision(v1.scenarioId, 2, { body: "Kommunfullmäktige", date: "2026-06-01", reference: "KF § 88" });
      await store.share(v1.scenarioId, b.id, "read", alice.userId);
      const run = await store.createRun({ organisationId: a.id, scenarioId: v1.scenarioId, version: 2, iterations: 10, seed: 3, createdBy: alice.userId });
      await store.claimRun("w", run.id);
      await store.finishRun(run.id, { engineVersion: "0.1.0", resolved: { r: 1 }, result: { npv: 2 } });
      const exported = JSON.parse(JSON.stringify(await store.exportOrganisation(a.id)));
      expect(exported.scenarios[0].versions).toHaveLength(2);

      // Into an empty database (a disaster restore): same organisation row made anew.
      const other = await target.open();
      try {
        const s2 = new Store(other);
        const org = await s2.createOrganisation({ name: "Kalmar kommun", kind: "kommun" });
        const admin = await s2.createUser({ organisationId: org.id, email: "admin@kalmar.example", name: "A", role: "admin", passwordHash: "h" });
        const restored = await s2.restoreOrganisation(org.id, exported, admin.id);
        expect([restored.scenarios, restored.versions, restored.decisions.map((d) => [d.version, d.decision.reference])]).toEqual([1, 2, [[2, "KF § 88"]]]);
        expect(await s2.restoreOrganisation(org.id, exported, admin.id)).toEqual({ scenarios: 0, versions: 0, decisions: [] });
        const versions = await s2.listVersions(v1.scenarioId);
        expect(versions.map((v) => [v.version, v.message, v.decision?.reference ?? null])).toEqual([
          [1, "first", null],
          [2, "second", "KF § 88"],
        ]);
        expect((await s2.getVersion(v1.scenarioId, 2))?.document).toEqual(doc("Plan", { discountRate: 0.02 }));
        expect(await s2.getScenario(v1.scenarioId, org.id)).toMatchObject({ latestVersion: 2 });
        // Runs are not restored: a result is what the server computed (import.ts).
        expect(await s2.getRun(run.id)).toBeNull();
        // The share named an organisation this database does not have: left out, not invented.
        expect(await s2.listShares(v1.scenarioId)).toEqual([]);
      } finally {
        await other.close();
      }

      // Into another organisation of the same database: the scenario ids are taken.
      await expect(store.restoreOrganisation(b.id, exported, bob.userId)).rejects.toBeInstanceOf(Duplicate);
      expect(await store.listScenarios(b.id)).toHaveLength(1); // only the share from Kalmar
    });
    it("keeps indicators, lägesbilder, plans with their actuals and services with their reach to their organisation", async () => {
      const places = { municipality: { code: "0880", name: "Kalmar" }, county: null, country: { code: "0000", name: "Riket" }, peers: [] };
      expect(await store.getPlaces(a.id)).toBeNull();
      await store.setPlaces(a.id, places);
      expect(await store.getPlaces(a.id)).toEqual(places);
      expect(await store.getPlaces(b.id)).toBeNull();

      const defaults = (code: string) => ({ code, name: code, unit: "", kind: "rate" as const, source: "Egen", higherIsBetter: false });
      const first = await store.importPoints(a.id, defaults, [
        { code: "X1", place: "0880", year: 2023, value: 1.5, population: null },
        { code: "X1", place: "area:Norr", year: 2023, value: 4, population: 9000 },
      ]);
      expect(first.points).toBe(2);
      // Same code again: the indicator is reused and a value for the same place and year replaced.
      const again = await store.importPoints(a.id, defaults, [{ code: "X1", place: "0880", year: 2023, value: 1.7, population: null }]);
      expect(again.indicators[0]!.id).toBe(first.indicators[0]!.id);
      expect((await store.listPoints(a.id)).map((p) => [p.place, p.value, p.population])).toEqual([
        ["0880", 1.7, null],
        ["area:Norr", 4, 9000],
      ]);
      // A large import goes in several statements, all in the one transaction.
      const many = Array.from({ length: 1201 }, (_, k) => ({ code: "X1", place: `area:${k % 7}`, year: 1900 + Math.floor(k / 7), value: k, population: null }));
      expect((await store.importPoints(a.id, defaults, many)).points).toBe(1201);
      expect((await store.listPoints(a.id, first.indicators[0]!.id)).length).toBe(2 + 1201);
      // A failing import leaves nothing behind (the new indicator is rolled back too).
      await expect(store.importPoints(a.id, defaults, [{ code: "Y", place: "0880", year: 2023, value: Number.NaN, population: -1 }, { code: "Y", place: "0880", year: 2023.5, value: 1, population: null }])).rejects.toThrow();
      expect((await store.listIndicators(a.id)).map((i) => i.code)).toEqual(["X1"]);
      expect(await store.listIndicators(b.id)).toEqual([]);
      expect(await store.listPoints(b.id, first.indicators[0]!.id)).toEqual([]);
      await expect(store.createIndicator(a.id, defaults("X1"))).rejects.toBeInstanceOf(Duplicate);
      expect(await store.createIndicator(b.id, defaults("X1"))).toMatchObject({ code: "X1" });

      const plan = await store.createDoc(alice, "plan", { title: "Plan" });
      expect(plan.version).toBe(1);
      const saved = await store.updateDoc(alice, "plan", plan.id, 1, { title: "Plan 2" });
      expect(saved).toMatchObject({ version: 2, body: { title: "Plan 2" } });
      expect(await store.updateDoc(alice, "plan", plan.id, 1, { title: "stale" })).toEqual({ conflict: 2 });
      expect(await store.updateDoc(bob, "plan", plan.id, 2, { title: "theirs" })).toBeNull();
      expect(await store.getDoc(b.id, "plan", plan.id)).toBeNull();
      expect(await store.getDoc(a.id, "lagesbild", plan.id)).toBeNull();

      expect(await store.setActuals(a.id, plan.id, [{ measureId: "m1", year: 2026, participants: 3, cost: 100, note: "" }])).toBe(true);
      expect(await store.setActuals(b.id, plan.id, [{ measureId: "m1", year: 2026, participants: 9, cost: 9, note: "" }])).toBe(false);
      await store.setActuals(a.id, plan.id, [{ measureId: "m1", year: 2027, participants: 12, cost: null, note: "sen start" }]);
      expect(await store.listActuals(a.id, plan.id)).toEqual([
        { measureId: "m1", year: 2026, participants: 3, cost: 100, note: "" },
        { measureId: "m1", year: 2027, participants: 12, cost: null, note: "sen start" },
      ]);
      expect(await store.listActuals(b.id, plan.id)).toEqual([]);
      await store.setActuals(a.id, plan.id, [{ measureId: "m1", year: 2026, participants: null, cost: null, note: "" }]);
      expect((await store.listActuals(a.id, plan.id)).map((x) => x.year)).toEqual([2027]);

      const service = await store.createDoc(alice, "service", { name: "Fritidsgård" });
      const reach = { period: "2026-Q1", visits: 40, participants: { "13–15": { flickor: 3 } } };
      expect(await store.setReach(a.id, service.id, reach)).toBe(true);
      expect(await store.setReach(b.id, service.id, { ...reach, visits: 1 })).toBe(false);
      expect(await store.setReach(a.id, plan.id, reach)).toBe(false);
      expect(await store.listReach(a.id, service.id)).toEqual([reach]);
      expect(await store.deleteReach(b.id, service.id, "2026-Q1")).toBe(false);

      // An observed-effect estimate of the plan's measure goes with the plan.
      const estimate = await store.saveEffectEstimate(alice, plan.id, "m1", 2025, { indicatorId: first.indicators[0]!.id }, { indicator: { id: first.indicators[0]!.id }, did: { status: "insufficient" } });
      await expect(store.saveEffectEstimate(bob, plan.id, "m1", 2025, {}, {})).rejects.toThrow();
      const exported = await store.exportOrganisation(a.id);
      const { planId: _, ...exportedEstimate } = estimate;
      expect(exported.followup?.documents.find((d) => d.id === plan.id)?.effects).toEqual([exportedEstimate]);
      expect(exported.followup?.documents.map((d) => [d.kind, d.actuals?.length ?? d.reach?.length])).toEqual([
        ["plan", 1],
        ["service", 1],
      ]);
      const other = await target.open();
      try {
        const s2 = new Store(other);
        const org = await s2.createOrganisation({ name: "Kalmar kommun", kind: "kommun" });
        const admin = await s2.createUser({ organisationId: org.id, email: "admin@kalmar.example", name: "A", role: "admin", passwordHash: "h" });
        await s2.restoreOrganisation(org.id, exported, admin.id);
        await s2.restoreOrganisation(org.id, exported, admin.id);
        const back = await s2.exportOrganisation(org.id);
        expect(back.followup).toEqual(exported.followup);
        expect(back.followup?.documents.find((d) => d.id === plan.id)?.effects).toHaveLength(1);
      } finally {
        await other.close();
      }
      await expect(store.restoreOrganisation(b.id, exported, bob.userId)).rejects.toBeInstanceOf(Duplicate);
      expect(await store.deleteDoc(b.id, "plan", plan.id)).toBe(false);
      expect(await store.deleteDoc(a.id, "plan", plan.id)).toBe(true);
      expect(await store.listActuals(a.id, plan.id)).toEqual([]);
    });
  });
}
