import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe(".github/workflows/ci.yml", () => {
  it("runs .ci/run on Node 20 (engines' oldest) and 24 (the image's) for pushes and pull requests with read-only permissions", () => {
    const workflow = parse(readFileSync(join(root, ".github/workflows/ci.yml"), "utf8")) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { strategy?: { matrix?: { node?: number[] } }; steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"]).toBe("${{ matrix.node }}");
    expect(Object.values(workflow.jobs)[0]?.strategy?.matrix?.node).toEqual([20, 24]);
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("FROM node:24-");
    expect(steps.map((s) => s.run)).toContain("bash .ci/run");
  });
});
