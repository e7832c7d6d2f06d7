/**
 * The HTTP plumbing shared by every route: errors as `{ error: { code, message, issues? } }`,
 * request bodies read and checked against Zod schemas, and a route table that registers each
 * route with Hono and describes it in the OpenAPI document from the same schemas.
 * @module
 */
import type { Context, Env, Handler, Hono, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { jsonDepth, MAX_DEPTH, valueProblems } from "./input.js";

/** One problem with a request, at a path inside the body (or the query, or a parameter). */
export interface Problem {
  path: (string | number)[];
  code: string;
  message: string;
}

/** An error the client caused or may act on; anything else becomes a bare 500. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { issues?: Problem[]; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const notFound = (what = "resource") => new HttpError(404, "not_found", `No such ${what}.`);

export function errorBody(e: HttpError) {
  return { error: { code: e.code, message: e.message, ...e.extra } };
}

export function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), code: i.code, message: i.message }));
}

/**
 * The request's JSON body, checked against `schema`; 400 with every problem otherwise. An empty
 * body stands for `empty` when given.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S, empty?: z.input<S>): Promise<z.output<S>> {
  const text = await c.req.text();
  if (jsonDepth(text) > MAX_DEPTH) throw new HttpError(400, "too_deep", `The body nests arrays and objects deeper than ${MAX_DEPTH} levels.`);
  let data: unknown;
  try {
    data = text === "" ? undefined : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "malformed_json", `The body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problems = valueProblems(data);
  if (problems.length > 0) throw new HttpError(400, "invalid_text", "The body has text that cannot be stored; see issues.", { issues: problems });
  if (data === undefined && empty !== undefined) data = empty;
  if (data === undefined) throw new HttpError(400, "missing_body", "The request needs a JSON body.");
  return check(schema, data, "invalid_body", "The body has problems; see issues.");
}

/** Query parameters checked against `schema`. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const problems = valueProblems(c.req.query());
  if (problems.length > 0) throw new HttpError(400, "invalid_text", "The query has text that cannot be used; see issues.", { issues: problems });
  return check(schema, c.req.query(), "invalid_query", "The query has problems; see issues.");
}

function check<S extends z.ZodType>(schema: S, data: unknown, code: string, message: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new HttpError(400, code, message, { issues: zodProblems(parsed.error) });
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be an id; an id that cannot exist is just not found. */
export function idParam(c: Context, name: string, what: string): string {
  const v = c.req.param(name);
  if (typeof v !== "string" || !UUID.test(v)) throw notFound(what);
  return v.toLowerCase();
}

/** A path parameter that must be a positive integer (a version number). */
export function intParam(c: Context, name: string, what: string): number {
  const v = c.req.param(name) ?? "";
  if (!/^[1-9]\d{0,8}$/.test(v)) throw notFound(what);
  return Number(v);
}

type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RouteDoc {
  summary: string;
  tag: string;
  /** Reachable without a session. */
  public?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** The success status (default 200). */
  status?: number;
  /** Error statuses this route can answer, besides 400/401/403/404/500. */
  errors?: number[];
  /** The response is not JSON. */
  produces?: string;
}

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input", unrepresentable: "any" });

/** Routes registered with Hono and, from the same schemas, described in OpenAPI 3.0. */
export class RouteTable<E extends Env> {
  private readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(private readonly app: Hono<E>) {}

  add(method: Method, path: string, doc: RouteDoc, ...handlers: (MiddlewareHandler<E> | Handler<E>)[]): void {
    this.app.on(method.toUpperCase(), path, ...(handlers as [Handler<E>]));
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const status = String(doc.status ?? 200);
    const op: Record<string, unknown> = {
      summary: doc.summary,
      tags: [doc.tag],
      operationId: `${method}${path.replace(/\/:?(\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/\W/g, "")}`,
      responses: {
        [status]:
          status === "204"
            ? { description: "Done." }
            : {
                description: "Success.",
                content: { [doc.produces ?? "application/json"]: { schema: doc.response ? jsonSchema(doc.response) : {} } },
              },
        ...Object.fromEntries(
          [400, ...(doc.public ? [] : [401, 403]), 404, ...(doc.errors ?? [])].map((s) => [
            String(s),
            { description: ERROR_TEXT[s] ?? "Error.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
          ]),
        ),
      },
    };
    const parameters: unknown[] = params.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
    if (doc.query) {
      const q = jsonSchema(doc.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
    }
    if (parameters.length > 0) op.parameters = parameters;
    if (doc.body) op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(doc.body) } } };
    if (!doc.public) op.security = [{ session: [] }];
    const key = path.replace(/:(\w+)/g, "{$1}");
    (this.paths[key] ??= {})[method] = op;
  }

  /** The OpenAPI document; `components` adds named schemas. */
  document(info: { title: string; version: string; description: string }, components: Record<string, unknown>) {
    return {
      openapi: "3.0.3",
      info,
      paths: this.paths,
      components: {
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: SESSION_COOKIE,
            description: "Set by POST /api/session. Writes also need the header X-CSRF-Token with the csrfToken from the login.",
          },
        },
        schemas: { Error: jsonSchema(errorSchema), ...components },
      },
    };
  }
}

export const SESSION_COOKIE = "sikt_session";

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() })).optional(),
    latestVersion: z.number().int().optional().meta({ description: "With 409 version_conflict: the version that is newer." }),
  }),
});

const ERROR_TEXT: Record<number, string> = {
  400: "Bad input: malformed JSON, wrong types or values; `issues` lists the problems by path.",
  401: "No valid session.",
  403: "Not allowed for this role or access, or the CSRF token is missing.",
  404: "No such resource (or not visible to your organisation).",
  409: "Conflict: a newer version exists, or the resource is decided on or exists already.",
  413: "The body is too large.",
  422: "The request refers to things that neither your organisation nor the request has; `issues` names each place.",
  429: "Too many failed logins; try again after Retry-After seconds.",
};
