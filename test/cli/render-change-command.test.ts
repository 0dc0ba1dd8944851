import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { OVERLAYS, baseFiles } from "../rendering/changes/change-tree.js";

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((t) => rmSync(t, { recursive: true, force: true })));

const CONFIG = `gitops: { repository: example/apps }
clusters:
  - { name: smaug, overlay: ${OVERLAYS.smaug}, groupOverlays: [${OVERLAYS.common}] }
  - { name: infra, overlay: ${OVERLAYS.infra}, groupOverlays: [${OVERLAYS.common}] }
  - { name: osc-cl1, overlay: ${OVERLAYS.osc} }
quota: { tiers: [{ name: small }, { name: medium }, { name: large }] }
`;

/** The in-memory test tree written to a directory, with the configuration and a request file next to it. */
function checkout(request: string): { dir: string; gitops: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "render-change-"));
  temps.push(dir);
  const gitops = path.join(dir, "apps");
  for (const [file, content] of Object.entries(baseFiles())) {
    mkdirSync(path.dirname(path.join(gitops, file)), { recursive: true });
    writeFileSync(path.join(gitops, file), content);
  }
  writeFileSync(path.join(dir, "config.yml"), CONFIG);
  writeFileSync(path.join(dir, "request.yaml"), request);
  return { dir, gitops };
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(["render-change", ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd });
  return { code, stdout, stderr };
}

const GROUP = "cluster-scope/base/user.openshift.io/groups/aurora/group.yaml";

describe("onboarding-bot render-change", () => {
  it("--dry-run prints the diff and writes nothing", async () => {
    const { dir, gitops } = checkout("team: aurora\nadd: [zed]\n");
    const out = await run(dir, "members", "request.yaml", "--config", "config.yml", "--gitops", "apps", "--dry-run");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`+++ b/${GROUP}`);
    expect(out.stdout).toContain("+  - zed\n");
    expect(readFileSync(path.join(gitops, GROUP), "utf8")).toBe(baseFiles()[GROUP]);
  }, 30_000);

  it("writes the edits and deletes what offboarding deletes, printing each path", async () => {
    const { dir, gitops } = checkout('{"team": "aurora", "namespace": "aurora-dev", "clusters": ["smaug"]}');
    const out = await run(dir, "offboard", "request.yaml", "--config", "config.yml", "--gitops", "apps");
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [`${OVERLAYS.smaug}/kustomization.yaml`, "deleted cluster-scope/base/core/namespaces/aurora-dev/kustomization.yaml", "deleted cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml", ""].join("\n"),
    );
    expect(existsSync(path.join(gitops, "cluster-scope/base/core/namespaces/aurora-dev"))).toBe(false);
    expect(out.stderr).toContain("deletes cluster-scope/base/core/namespaces/aurora-dev/: no overlay uses namespace 'aurora-dev' any more");
  }, 30_000);

  it("prints each problem with its field and exits 1, writing nothing", async () => {
    const { dir, gitops } = checkout("team: borealis\nremove: [bob]\n");
    const out = await run(dir, "members", "request.yaml", "--config", "config.yml", "--gitops", "apps");
    expect(out).toMatchObject({ code: 1, stdout: expect.stringContaining("members: removing 'bob' would leave team 'borealis' with no member") });
    expect(readFileSync(path.join(gitops, "cluster-scope/base/user.openshift.io/groups/borealis/group.yaml"), "utf8")).toContain("bob");
  });

  it.each([
    { name: "an unknown kind", args: ["rename", "request.yaml"], error: "unknown kind 'rename'; expected one of members, quota, namespace, cluster, offboard" },
    { name: "a request that does not fit its kind", args: ["quota", "request.yaml"], error: "request.yaml is not a quota request:\n  namespace: Invalid input" },
    { name: "a missing request file", args: ["members"], error: "expected KIND and exactly one request file" },
  ])("refuses $name with exit 2", async ({ args, error }) => {
    const { dir } = checkout("team: aurora\nadd: [zed]\n");
    const out = await run(dir, ...args, "--config", "config.yml", "--gitops", "apps");
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(error);
  });
});
