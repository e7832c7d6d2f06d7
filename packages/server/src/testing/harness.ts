/**
 * An app on a test database with real workers, and a client that logs in and sends the
 * session cookie and CSRF token like a browser would.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { createApp } from "../app.js";
import { hashPassword } from "../auth.js";
import type { Database } from "../db/sql.js";
import type { LimitRules } from "../login-limits.js";
import { WorkerPool } from "../pool.js";
import { InProcessQueue, PostgresQueue } from "../queue.js";
import { DEFAULT_LIMITS, type WorkLimits } from "../limits.js";
import { RunService } from "../runs.js";
import { type Organisation, type OrganisationKind, type Role, Store, type User } from "../store.js";
import { createTasks } from "../tasks.js";

export const PASSWORD = "rätt häst batteri häftklammer";
let hash: Promise<string> | undefined;

/** The Kalmar demo scenario as a document. */
export const kalmar = (): Record<string, unknown> =>
  parse(readFileSync(fileURLToPath(new URL("../../../../examples/kalmar.yaml", import.meta.url)), "utf8")) as Record<string, unknown>;

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: Store;
  close(): Promise<void>;
}

/** Logins fail at most 5 times per e-mail address here (then a minute's wait); per client address 1000. */
export const testLimits = (): LimitRules => ({
  account: { free: 5, baseSeconds: 60, maxSeconds: 600, forgetSeconds: 3600 },
  address: { free: 1000, baseSeconds: 60, maxSeconds: 600, forgetSeconds: 3600 },
});

/** The app on `db`, with one run thread and one task thread of each kind; `workLimits` override the defaults. */
export async function harness(db: Database, workLimits: Partial<WorkLimits> = {}): Promise<Harness> {
  const store = new Store(db);
  const limits = { ...DEFAULT_LIMITS, ...workLimits };
  const pool = new WorkerPool(1);
  const queue = db.kind === "postgres" ? new PostgresQueue(store, 1, 100) : new InProcessQueue(store, 1);
  const runs = new RunService(store, queue, pool, limits);
  await runs.start();
  const tasks = createTasks({ seconds: limits.taskSeconds });
  const app = createApp({ store, runs, limits: testLimits(), workLimits: limits, tasks });
  return {
    app,
    store,
    async close() {
      await runs.stop();
      await tasks.close();
      await db.close();
    },
  };
}

export interface TestOrg {
  org: Organisation;
  users: Record<Role, User>;
}

/** An organisation with one user of each role, all with PASSWORD. */
export async function makeOrg(store: Store, name: string, kind: OrganisationKind = "kommun"): Promise<TestOrg> {
  const passwordHash = await (hash ??= hashPassword(PASSWORD));
  const org = await store.createOrganisation({ name, kind });
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "");
  const users = {} as Record<Role, User>;
  for (const role of ["admin", "analyst", "viewer"] as const)
    users[role] = await store.createUser({ organisationId: org.id, email: `${role}@${slug}.example`, name: `${role} ${name}`, role, passwordHash });
  return { org, users };
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read into replies freely
  headers: Headers;
}

export class Client {
  cookie = "";
  csrf = "";

  /** `address`: the client address the server sees (the login limits count per address). */
  constructor(
    private readonly app: Harness["app"],
    readonly address?: string,
  ) {}

  private env() {
    return this.address ? { incoming: { socket: { remoteAddress: this.address, remoteFamily: "IPv4" } } } : undefined;
  }

  static async as(app: Harness["app"], user: User, password = PASSWORD): Promise<Client> {
    const c = new Client(app);
    const r = await c.login(user.email, password);
    if (r.status !== 200) throw new Error(`login ${user.email}: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  }

  async login(email: string, password: string): Promise<Reply> {
    const r = await this.send("POST", "/api/session", { email, password });
    const set = r.headers.get("set-cookie");
    if (r.status === 200 && set) {
      this.cookie = set.split(";")[0] as string;
      this.csrf = r.body.csrfToken;
    }
    return r;
  }

  /** Sends a request; `body` is JSON unless a string (sent as is). */
  async send(method: string, path: string, body?: unknown, o: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== "GET" && this.csrf && o.csrf !== false) headers["x-csrf-token"] = this.csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await this.app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) }, this.env());
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      // not JSON (event stream): keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** GETs a binary body (a PDF, a workbook) as bytes. */
  async bytes(path: string): Promise<Buffer> {
    const res = await this.app.request(path, { headers: { cookie: this.cookie } }, this.env());
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  get = (path: string) => this.send("GET", path);
  post = (path: string, body?: unknown) => this.send("POST", path, body);
  put = (path: string, body?: unknown) => this.send("PUT", path, body);
  patch = (path: string, body?: unknown) => this.send("PATCH", path, body);
  delete = (path: string) => this.send("DELETE", path);

  /** Polls a run until it has finished. */
  async waitForRun(runId: string, timeoutMs = 60_000): Promise<Reply> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(`/api/runs/${runId}`);
      if (r.body?.status === "done" || r.body?.status === "failed" || Date.now() > until) return r;
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
}
