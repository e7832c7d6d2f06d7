// Lint rules for the whole repository. The engine (and the API contract) must stay pure: no Node
// modules, no file parsing, no threads (they belong to the doors around it).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "bench/out/**", "data/**", "coverage/**", "packages/engine/wasm/kernel.ts"] }, // AssemblyScript, compiled by its own compiler
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "smart"],
      "no-console": "off",
    },
  },
  {
    // CommonJS files (the sikt command's entry, which Node starts without its ES module loader).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The web app runs in the browser (and its engine in a web worker).
    files: ["packages/web/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Published coefficients (AS 241, Lanczos) are kept digit for digit as printed.
    files: ["packages/engine/src/special.ts"],
    rules: { "no-loss-of-precision": "off" },
  },
  {
    // The web app takes only types from the API contract: neither it nor zod goes into the bundle.
    files: ["packages/web/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@sikt/contract", "zod"], allowTypeImports: true, message: "The web app imports only types from the API contract (import type)." }] },
      ],
    },
  },
  {
    // The engine, and the API contract the server and the web app share, are pure.
    files: ["packages/engine/src/**/*.ts", "packages/contract/src/**/*.ts"],
    ignores: ["packages/engine/src/**/*.test.ts", "packages/engine/src/testing/**", "packages/contract/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "The engine and the API contract are pure: no IO, no threads, no clock." },
            { group: ["yaml"], message: "The engine takes plain data; reading files belongs to the doors." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "The engine is pure." },
        { name: "Date", message: "The engine has no clock: pass time in." },
      ],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Randomness comes in as a seeded Rng." }],
    },
  },
);
