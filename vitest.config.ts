import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // The simulator and kubectl tests spawn servers and processes; keep them honest but bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Probot reads these at construction; when set it tries to install optional packages offline.
    env: { LOG_LEVEL: "silent" },
  },
});
