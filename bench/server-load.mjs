#!/usr/bin/env node
/**
 * `npm run bench:server`: load on the Sikt HTTP server, on PGlite (a temporary data folder on
 * disk) and, with `DATABASE_URL` or `--database-url`, on PostgreSQL (a fresh database per run,
 * dropped afterwards; a fresh schema in the given database where the role may not create one).
 *
 * Method. The server starts in this process's main thread (`startServer`, loopback, port 0,
 * default worker pool); the clients run in a worker thread, so that they do not share the
 * server's event loop. Setup: the admin logs in with the seeded one-time password and chooses
 * its own (which the one-time password's session asks for before anything else), the seeded
 * Kalmar scenario's version 1 is the template document, and `--clients` analysts are created
 * through the store. Then, for `--seconds`, every client runs closed-loop (no think time):
 *   - own clients (all but `--shared`): log in, create an own scenario, then save a version on
 *     top of the one they saved last (201 expected; 409 is an error: nobody else writes it), and
 *     after every `--run-every`th save request a run of `--run-iterations` iterations (202; or
 *     429 "too_many_runs" once the organisation, to which every client belongs, has its limit of
 *     runs queued or running: fair use working, counted apart, not an error);
 *   - shared clients: log in, then save on top of the latest version they know of the seeded
 *     scenario, all of them at once; 409 is expected (a conflict, not an error): they re-read
 *     the version list and save again on top of the newest.
 * Requests in flight when the time is up are finished and counted; throughput is requests
 * over the whole window. Every save carries a unique marker (message and document description).
 * Afterwards (not timed): every acknowledged save (201) is read back; a missing or different
 * version, or one version number acknowledged twice, is a lost write. Versions that exist
 * although no save was acknowledged for them are counted too. Then the requested runs are
 * awaited for at most `--run-wait` seconds. Exit status 1 on errors, lost writes or failed runs.
 *
 *   npm run bench:server                                   # PGlite, 20 s, 50 clients
 *   DATABASE_URL=postgres://… npm run bench:server         # also PostgreSQL
 *   npm run bench:server -- --seconds 5 --clients 10 --db postgres --database-url postgres://…
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const KINDS = {
  login: "log in",
  create: "create scenario",
  save: "save version (own)",
  sharedSave: "save version (shared)",
  reread: "re-read versions (after 409)",
  run: "request run",
};

/** One API call; `session` is `{ cookie, csrf }` from `login`. */
async function request(base, session, method, path, body) {
  const headers = { "content-type": "application/json" };
  if (session) headers.cookie = session.cookie;
  if (session && method !== "GET") headers["x-csrf-token"] = session.csrf;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: res.status, data, cookie: res.headers.getSetCookie().find((c) => c.startsWith("sikt_session="))?.split(";")[0] };
}

const sessionOf = (r) => (r.status === 200 && r.cookie ? { cookie: r.cookie, csrf: r.data.csrfToken, user: r.data.user } : null);

if (isMainThread) await main();
else await clients(workerData);

// The clients (worker thread)

async function clients({ url, users, template, sharedId, seconds, shared, runEvery, runIterations, runWait }) {
  const stats = Object.fromEntries(Object.keys(KINDS).map((k) => [k, { ms: [], statuses: {}, errors: 0 }]));
  const errorSamples = [];
  const acked = []; // { scenarioId, version, marker, kind }
  const runs = []; // { scenarioId, id, session }
  let conflicts = 0;
  let refusedRuns = 0;

  /** A timed call: an unexpected status or a network failure is an error of its kind. */
  async function call(kind, session, method, path, body, expect) {
    const t0 = performance.now();
    let r;
    try {
      r = await request(url, session, method, path, body);
    } catch (e) {
      r = { status: 0, data: { error: { code: e.cause?.code ?? e.message } } };
    }
    const s = stats[kind];
    s.ms.push(performance.now() - t0);
    s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
    if (!expect.includes(r.status)) {
      s.errors++;
      if (errorSamples.length < 20) errorSamples.push(`${KINDS[kind]}: ${r.status} ${JSON.stringify(r.data?.error ?? r.data).slice(0, 300)}`);
    }
    return r;
  }
  const document = (marker) => ({ ...template, description: marker });

  async function client(i, user, deadline) {
    const session = sessionOf(await call("login", null, "POST", "/api/session", user, [200]));
    if (!session) return;
    if (i < shared) {
      let base = 1;
      for (let n = 1; performance.now() < deadline; n++) {
        const marker = `bench shared c${i} s${n} ${randomBytes(4).toString("hex")}`;
        const r = await call("sharedSave", session, "POST", `/api/scenarios/${sharedId}/versions`, { baseVersion: base, document: document(marker), message: marker }, [201, 409]);
        if (r.status === 201) {
          base = r.data.version.version;
          acked.push({ scenarioId: sharedId, version: base, marker });
        } else if (r.status === 409 && r.data?.error?.code === "version_conflict") {
          conflicts++;
          const list = await call("reread", session, "GET", `/api/scenarios/${sharedId}/versions`, undefined, [200]);
          if (list.status !== 200) return;
          base = Math.max(...list.data.map((v) => v.version));
        } else return;
      }
      return;
    }
    const marker0 = `bench c${i} s0 ${randomBytes(4).toString("hex")}`;
    const created = await call("create", session, "POST", "/api/scenarios", { document: document(marker0), message: marker0 }, [201]);
    if (created.status !== 201) return;
    const id = created.data.scenario.id;
    let base = created.data.version.version;
    acked.push({ scenarioId: id, version: base, marker: marker0 });
    for (let n = 1; performance.now() < deadline; n++) {
      const marker = `bench c${i} s${n} ${randomBytes(4).toString("hex")}`;
      const r = await call("save", session, "POST", `/api/scenarios/${id}/versions`, { baseVersion: base, document: document(marker), message: marker }, [201]);
      if (r.status !== 201) return;
      base = r.data.version.version;
      acked.push({ scenarioId: id, version: base, marker });
      if (n % runEvery === 0 && performance.now() < deadline) {
        // All clients are in one organisation: beyond its limit of queued runs (fair use,
        // SIKT_RUNS_PER_ORGANISATION) a run is refused with 429, as it should be.
        const run = await call("run", session, "POST", `/api/scenarios/${id}/runs`, { iterations: runIterations, seed: n }, [202, 429]);
        if (run.status === 202) runs.push({ scenarioId: id, id: run.data.id, session });
        else if (run.status === 429 && run.data?.error?.code === "too_many_runs") refusedRuns++;
        else if (run.status === 429) {
          stats.run.errors++;
          if (errorSamples.length < 20) errorSamples.push(`${KINDS.run}: 429 ${JSON.stringify(run.data?.error ?? run.data).slice(0, 300)}`);
        }
      }
    }
  }

  // The load
  parentPort.postMessage({ type: "started" });
  const t0 = performance.now();
  await Promise.all(users.map((u, i) => client(i, u, t0 + seconds * 1000)));
  const elapsed = (performance.now() - t0) / 1000;
  parentPort.postMessage({ type: "loaded" });

  // Lost writes: read every acknowledged save back, with as many readers as there were clients.
  const verifier = sessionOf(await request(url, null, "POST", "/api/session", users[0]));
  const seen = new Set();
  const lost = [];
  for (const a of acked) {
    const key = `${a.scenarioId}/${a.version}`;
    if (seen.has(key)) lost.push(`${key}: acknowledged twice`);
    seen.add(key);
  }
  const queue = [...acked];
  const readBack = async () => {
    for (let a; (a = queue.shift()); ) {
      const r = await request(url, verifier, "GET", `/api/scenarios/${a.scenarioId}/versions/${a.version}`);
      if (r.status !== 200) lost.push(`${a.scenarioId}/${a.version}: ${r.status}`);
      else if (r.data.message !== a.marker || r.data.document?.description !== a.marker)
        lost.push(`${a.scenarioId}/${a.version}: holds "${r.data.message}", not "${a.marker}"`);
    }
  };
  await Promise.all(users.map(readBack));
  // Versions no client was told about (the seeded version 1 of the shared scenario aside).
  let unacknowledged = 0;
  for (const id of new Set(acked.map((a) => a.scenarioId))) {
    const r = await request(url, verifier, "GET", `/api/scenarios/${id}/versions`);
    for (const v of r.data) if (!seen.has(`${id}/${v.version}`) && !(id === sharedId && v.version === 1)) unacknowledged++;
  }

  // The runs: poll each scenario's run list until all are done or failed, or `runWait` passes.
  const tRuns = performance.now();
  const byScenario = new Map();
  for (const r of runs) byScenario.set(r.scenarioId, [...(byScenario.get(r.scenarioId) ?? []), r]);
  let finished = [];
  let pending = runs.length;
  while (runs.length > 0) {
    finished = [];
    for (const [id, list] of byScenario) {
      const r = await request(url, list[0].session, "GET", `/api/scenarios/${id}/runs`);
      const mine = new Set(list.map((x) => x.id));
      if (r.status === 200) finished.push(...r.data.filter((x) => mine.has(x.id)));
    }
    pending = runs.length - finished.filter((x) => x.status === "done" || x.status === "failed").length;
    if (pending === 0 || performance.now() - tRuns > runWait * 1000) break;
    await new Promise((ok) => setTimeout(ok, 500));
  }
  const done = finished.filter((x) => x.status === "done");
  parentPort.postMessage({
    type: "result",
    elapsed,
    stats,
    errorSamples,
    conflicts,
    refusedRuns,
    acknowledged: acked.length,
    lost,
    unacknowledged,
    runs: {
      requested: runs.length,
      done: done.length,
      failed: finished.filter((x) => x.status === "failed").length,
      unfinished: pending,
      drainSeconds: (performance.now() - tRuns) / 1000,
      requestToDoneMs: done.map((x) => Date.parse(x.finishedAt) - Date.parse(x.createdAt)),
    },
  });
}

// The bench (main thread)

async function main() {
  const { values: o } = parseArgs({
    options: {
      seconds: { type: "string", default: "20" },
      clients: { type: "string", default: "50" },
      shared: { type: "string", default: "5" },
      "run-every": { type: "string", default: "10" },
      "run-iterations": { type: "string", default: "200" },
      "run-wait": { type: "string", default: "120" },
      "database-url": { type: "string", default: process.env.DATABASE_URL || undefined },
      db: { type: "string", default: "all" },
    },
  });
  const opt = {
    seconds: Number(o.seconds),
    clients: Number(o.clients),
    shared: Math.min(Number(o.shared), Number(o.clients)),
    runEvery: Number(o["run-every"]),
    runIterations: Number(o["run-iterations"]),
    runWait: Number(o["run-wait"]),
  };
  if (!["all", "pglite", "postgres"].includes(o.db)) throw new Error("--db is all, pglite or postgres");
  const dbs = o.db === "all" ? ["pglite", ...(o["database-url"] ? ["postgres"] : [])] : [o.db];
  if (dbs.includes("postgres") && !o["database-url"]) throw new Error("PostgreSQL needs DATABASE_URL or --database-url");
  const root = new URL("..", import.meta.url).pathname;
  const outDir = join(root, "bench/out");
  mkdirSync(outDir, { recursive: true });
  let failed = false;
  for (const db of dbs) {
    const report = await bench(db, o["database-url"], opt);
    print(report);
    writeFileSync(join(outDir, `server-load-${db}.json`), `${JSON.stringify(report, null, 2)}\n`);
    failed ||= report.errors > 0 || report.lostWrites > 0 || report.runs.failed > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

/** A fresh database: a new one on the server, or a new schema where the role may not create databases. */
async function freshPostgres(base) {
  const { default: pg } = await import("pg");
  const name = `sikt_bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const url = new URL(base);
  try {
    await admin(`create database ${name}`);
    url.pathname = `/${name}`;
    return { url: url.toString(), where: `database ${name}`, drop: () => admin(`drop database if exists ${name} with (force)`) };
  } catch (e) {
    if (e.code !== "42501") throw e; // insufficient privilege: a schema instead
    await admin(`create schema ${name}`);
    url.search = `${url.search ? `${url.search}&` : "?"}options=${encodeURIComponent(`-c search_path=${name}`)}`;
    return { url: url.toString(), where: `schema ${name} (the role may not create databases)`, drop: () => admin(`drop schema if exists ${name} cascade`) };
  }
}

async function bench(db, databaseUrl, opt) {
  const { startServer } = await import("../packages/server/dist/server.js");
  const { hashPassword } = await import("../packages/server/dist/auth.js");
  const store = db === "postgres" ? await freshPostgres(databaseUrl) : null;
  const dataDir = store ? undefined : mkdtempSync(join(tmpdir(), "sikt-bench-"));
  const loadBefore = loadavg()[0]; // other work on the machine distorts the figures: keep it on record
  const lines = [];
  const t0 = performance.now();
  const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, databaseUrl: store?.url, seed: true, log: (l) => lines.push(l) });
  const startSeconds = (performance.now() - t0) / 1000;
  try {
    // The one-time password: in the log without a data folder (PostgreSQL), else in the file the server names.
    const password = server.passwordFile
      ? /^password: (\S+)$/m.exec(readFileSync(server.passwordFile, "utf8"))?.[1]
      : lines.join("\n").match(/one-time password: (\S+)/)?.[1];
    if (!password) throw new Error(`the server did not seed the demo organisation:\n${lines.join("\n")}`);
    const admin = sessionOf(await request(server.url, null, "POST", "/api/session", { email: "admin@kalmar.example", password }));
    if (!admin) throw new Error("the admin could not log in with the seeded password");
    // The seeded one-time password opens one session only, to choose the admin's own.
    const own = randomBytes(12).toString("hex");
    const changed = await request(server.url, admin, "POST", "/api/session/password", { currentPassword: password, newPassword: own });
    if (changed.status !== 204) throw new Error(`the admin could not choose a password: ${changed.status} ${JSON.stringify(changed.data)}`);
    const [kalmar] = (await request(server.url, admin, "GET", "/api/scenarios")).data;
    const template = (await request(server.url, admin, "GET", `/api/scenarios/${kalmar.id}/versions/1`)).data.document;
    const userPassword = randomBytes(12).toString("hex");
    const passwordHash = await hashPassword(userPassword);
    const users = [];
    for (let i = 0; i < opt.clients; i++) {
      const email = `bench-${i}@kalmar.example`;
      await server.store.createUser({ organisationId: admin.user.organisationId, email, name: `Bench ${i}`, role: "analyst", passwordHash });
      users.push({ email, password: userPassword });
    }

    const delay = monitorEventLoopDelay({ resolution: 10 });
    let elu;
    let cpu;
    const worker = new Worker(new URL(import.meta.url), { workerData: { url: server.url, users, template, sharedId: kalmar.id, ...opt } });
    const result = await new Promise((ok, fail) => {
      worker.on("message", (m) => {
        if (m.type === "started") {
          elu = performance.eventLoopUtilization();
          cpu = cpuNow();
          delay.enable();
        } else if (m.type === "loaded") {
          elu = performance.eventLoopUtilization(elu);
          cpu = cpuNow(cpu);
          delay.disable();
        } else ok(m);
      });
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`the client thread stopped (${code})`)));
    });
    await worker.terminate();

    const kinds = Object.entries(result.stats)
      .filter(([, s]) => s.ms.length > 0)
      .map(([k, s]) => ({ kind: KINDS[k], ...summary(s.ms, result.elapsed), statuses: s.statuses, errors: s.errors }));
    const all = Object.values(result.stats).flatMap((s) => s.ms);
    return {
      database: db === "postgres" ? `PostgreSQL, ${store.where}` : `PGlite, data in ${dataDir}`,
      machine: `${availableParallelism()} cores, Node ${process.versions.node}`,
      loadAverageBefore: loadBefore,
      settings: { ...opt, runWorkers: Math.max(1, availableParallelism() - 1) },
      serverStartSeconds: startSeconds,
      seconds: result.elapsed,
      requests: { kind: "all", ...summary(all, result.elapsed), errors: kinds.reduce((n, k) => n + k.errors, 0) },
      kinds,
      errors: kinds.reduce((n, k) => n + k.errors, 0),
      errorSamples: result.errorSamples,
      conflicts: result.conflicts,
      refusedRuns: result.refusedRuns,
      acknowledgedWrites: result.acknowledged,
      lostWrites: result.lost.length,
      lostSamples: result.lost.slice(0, 20),
      unacknowledgedVersions: result.unacknowledged,
      runs: { ...result.runs, requestToDoneMs: (({ p50, p90, max }) => ({ p50, p90, max }))(summary(result.runs.requestToDoneMs, 1)) },
      cpuCores: cpu,
      serverEventLoop: { utilisation: elu.utilization, delayP99Ms: delay.percentile(99) / 1e6, delayMaxMs: delay.max / 1e6 },
    };
  } finally {
    await server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await store?.drop();
  }
}

/**
 * CPU in use, in cores: this process (server, clients and run workers together) and the rest of
 * the machine (the PostgreSQL server, and anything else running: then the figures are suspect).
 * From /proc/stat, so Linux only (null elsewhere). With `from`, the averages since then.
 */
function cpuNow(from) {
  let busy = null;
  try {
    const [, ...f] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    busy = (f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3] - f[4]) / 100; // USER_HZ; less idle and iowait
  } catch {
    // not Linux
  }
  const now = { t: performance.now() / 1000, own: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6, busy };
  if (!from) return now;
  const s = now.t - from.t;
  const own = (now.own - from.own) / s;
  return { benchProcess: own, otherProcesses: busy === null ? null : (now.busy - from.busy) / s - own };
}

/** Count, rate and latency percentiles (nearest rank) in milliseconds. */
function summary(ms, seconds) {
  const s = Float64Array.from(ms).sort();
  const p = (q) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN);
  return { count: s.length, perSecond: s.length / seconds, p50: p(0.5), p90: p(0.9), p99: p(0.99), max: s.length ? s[s.length - 1] : NaN };
}

function print(r) {
  const f = (x) => (Number.isNaN(x) ? "–" : x < 10 ? x.toFixed(1) : x.toFixed(0));
  console.log(`\n${r.database}; ${r.machine}; load average before ${r.loadAverageBefore.toFixed(1)}; server start ${r.serverStartSeconds.toFixed(1)} s`);
  console.log(`${r.settings.clients} clients (${r.settings.shared} on one shared scenario) for ${r.seconds.toFixed(1)} s; a run every ${r.settings.runEvery} saves`);
  console.log("| requests | count | per s | p50 ms | p90 ms | p99 ms | max ms | statuses | errors |");
  console.log("|:--|---:|---:|---:|---:|---:|---:|:--|---:|");
  for (const k of [...r.kinds, r.requests])
    console.log(
      `| ${k.kind} | ${k.count} | ${k.perSecond.toFixed(1)} | ${f(k.p50)} | ${f(k.p90)} | ${f(k.p99)} | ${f(k.max)} | ` +
        `${Object.entries(k.statuses ?? {}).map(([s, n]) => `${s}×${n}`).join(" ")} | ${k.errors} |`,
    );
  console.log(`errors: ${r.errors}; conflicts (409 on the shared scenario, expected): ${r.conflicts}; runs refused by the organisation's limit of queued runs (429, expected): ${r.refusedRuns}`);
  for (const e of r.errorSamples) console.log(`  error: ${e}`);
  console.log(`lost writes: ${r.lostWrites} of ${r.acknowledgedWrites} acknowledged; versions nobody was told about: ${r.unacknowledgedVersions}`);
  for (const e of r.lostSamples) console.log(`  lost: ${e}`);
  const q = r.runs.requestToDoneMs;
  console.log(
    `runs: ${r.runs.requested} requested, ${r.runs.done} done, ${r.runs.failed} failed, ${r.runs.unfinished} unfinished ` +
      `${r.runs.drainSeconds.toFixed(1)} s after the load; request to done p50 ${f(q.p50 / 1000)} s, max ${f(q.max / 1000)} s`,
  );
  const e = r.serverEventLoop;
  if (r.cpuCores.otherProcesses !== null)
    console.log(`CPU during the load: this process ${r.cpuCores.benchProcess.toFixed(2)} cores, other processes ${r.cpuCores.otherProcesses.toFixed(2)} cores`);
  console.log(`server event loop during the load: utilisation ${(e.utilisation * 100).toFixed(0)} %, delay p99 ${f(e.delayP99Ms)} ms, max ${f(e.delayMaxMs)} ms`);
}
