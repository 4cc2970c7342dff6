import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from the schema: `npm run db:generate`. The files under
// src/db/migrations are committed and applied at start by src/db/migrate.ts (never `push`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema",
  out: "./src/db/migrations",
  strict: true,
  verbose: true,
});
