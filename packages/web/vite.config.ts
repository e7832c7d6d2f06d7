import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev -w @sikt/web` serves the app with hot reload and sends /api to a running server.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: "es" },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
