/**
 * The API contract of the Sikt server: the request and response schemas of every route, as Zod
 * schemas. The server validates requests with them and generates its OpenAPI document
 * (/api/openapi.json) from them; the web app derives its request and response types from them
 * (`z.infer`, type-only imports), so a change on one side breaks the other's type check.
 * Pure: zod only, no IO. One module per feature, named as the server's routes and store modules.
 * @module
 */
export * from "./common.js";
export * from "./session.js";
export * from "./scenarios.js";
export * from "./runs.js";
export * from "./funds.js";
export * from "./service.js";
export * from "./followup.js";
export * from "./effects.js";
