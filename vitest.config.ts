import { defineConfig } from "vitest/config";

/**
 * Test files that get a process of their own: they start real servers and child processes and stub the
 * environment Probot reads at start-up. Every other file shares its worker process with the files before it
 * (`isolate: false`): modules (Probot, Octokit, GitHub's GraphQL schema and REST description) load once per worker
 * instead of once per file, which more than halves the suite's CPU time. test/helpers/shared-process-guard.ts fails
 * a shared file that leaves the process changed.
 */
const ISOLATED = ["test/server/**/*.test.ts"];

export default defineConfig({
  test: {
    environment: "node",
    // The simulator and kubectl tests spawn servers and processes; keep them honest but bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // One worker per core (vitest's default leaves one core to itself, which on 2 cores runs the files one by one).
    maxWorkers: 2,
    // Probot reads these at construction; when set it tries to install optional packages offline.
    env: { LOG_LEVEL: "silent" },
    projects: [
      {
        extends: true,
        test: { name: "shared", include: ["test/**/*.test.ts"], exclude: ISOLATED, isolate: false, setupFiles: ["test/helpers/shared-process-guard.ts"] },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED } },
    ],
  },
});
