import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // DuckDB is a native addon: separate processes keep each test file's database handles apart.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Pin the timezone: expectations are in bank-local time and must not depend on the machine.
    env: { TZ: "UTC" },
  },
});
