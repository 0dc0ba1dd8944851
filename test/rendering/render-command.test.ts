import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { OPF, listFiles } from "./fixture-repo.js";

let work: string;
let repo: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "render-cli-"));
  repo = path.join(work, "repo");
  cpSync(OPF, repo, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function capture(): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: work,
    out: () => out,
    err: () => err,
  };
}

function writeRequest(fields: Record<string, unknown> = {}): string {
  const request = {
    team: "aurora",
    namespaces: ["aurora-dev"],
    clusters: ["smaug", "osc-cl1"],
    owner: "ada",
    members: ["ada", "grace-h"],
    description: "Aurora studies the northern lights.",
    quotaTier: "small",
    acknowledged: true,
    ...fields,
  };
  writeFileSync(path.join(work, "request.json"), JSON.stringify(request));
  return "request.json";
}

const CONFIG = path.join(OPF, "onboarding-bot.yml");

describe("onboarding-bot render", () => {
  it("writes the tenant into the checkout and prints the written paths", async () => {
    const io = capture();
    const code = await main(["render", writeRequest(), "--config", CONFIG, "--gitops", "repo", "--issue-url", "https://github.com/operate-first/support/issues/7"], io);
    expect(code).toBe(0);
    const written = io.out().trim().split("\n");
    expect(written).toContain("cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml");
    expect(written).toContain("cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml");
    const ns = parse(readFileSync(path.join(repo, "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml"), "utf8")) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(ns.metadata.annotations["openshift.io/onboarding-issue"]).toBe("https://github.com/operate-first/support/issues/7");
    expect(io.err()).toMatch(/^notice /m);
  });

  it("prints the unified diff with --dry-run and writes nothing", async () => {
    const before = listFiles(repo);
    const smaug = readFileSync(path.join(repo, "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"), "utf8");
    const io = capture();
    const code = await main(["render", writeRequest(), "--config", CONFIG, "--gitops", "repo", "--dry-run"], io);
    expect(code).toBe(0);
    expect(io.out()).toContain("--- /dev/null\n+++ b/cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml\n");
    expect(io.out()).toContain("     # tenants\n+    - ../../../../base/core/namespaces/aurora-dev\n");
    expect(io.out()).not.toContain("onboarding-issue");
    expect(listFiles(repo)).toEqual(before);
    expect(readFileSync(path.join(repo, "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"), "utf8")).toBe(smaug);
  });

  it("prints the same problem lines as validate for an invalid request, exits 1 and writes nothing", async () => {
    const before = listFiles(repo);
    const io = capture();
    const code = await main(["render", writeRequest({ namespaces: ["opf-monitoring"], clusters: ["nowhere"] }), "--config", CONFIG, "--gitops", "repo"], io);
    expect(code).toBe(1);
    const validateIo = capture();
    await main(["validate", "request.json", "--config", CONFIG, "--gitops", "repo"], validateIo);
    expect(io.out()).toBe(validateIo.out());
    expect(io.out()).toMatch(/^namespaces: .*opf-monitoring/m);
    expect(io.out()).toMatch(/^clusters: .*nowhere/m);
    expect(listFiles(repo)).toEqual(before);
  });

  it("reports a rendering problem (an overlay that is not a mapping) with exit 1 and writes nothing", async () => {
    writeFileSync(path.join(repo, "cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml"), "- just\n- a list\n");
    const io = capture();
    const code = await main(["render", writeRequest({ clusters: ["osc-cl1"] }), "--config", CONFIG, "--gitops", "repo"], io);
    expect(code).toBe(1);
    expect(io.out()).toMatch(/^clusters: repository problem, for maintainers: cluster 'osc-cl1': .*not a block mapping/m);
    expect(existsSync(path.join(repo, "cluster-scope/base/core/namespaces/aurora-dev"))).toBe(false);
  });

  describe("idempotence", () => {
    const ISSUE = ["--issue-url", "https://github.com/operate-first/support/issues/7"];
    const snapshotOf = (dir: string) => new Map(listFiles(dir).map((p) => [p, readFileSync(path.join(dir, p), "utf8")]));

    it.each([
      ["a new team on two clusters", {}],
      ["a namespace for an existing team", { team: "thoth", namespaces: ["thoth-lab", "thoth-ci"] }],
    ])("renders %s into a tree that already holds exactly that rendering as a no-op that exits 0", async (_name, fields) => {
      const file = writeRequest(fields);
      expect(await main(["render", file, "--config", CONFIG, "--gitops", "repo", ...ISSUE], capture())).toBe(0);
      const after = snapshotOf(repo);
      const io = capture();
      expect(await main(["render", file, "--config", CONFIG, "--gitops", "repo", ...ISSUE], io)).toBe(0);
      expect(io.out()).toBe("");
      expect(io.err()).toContain("already holds exactly this rendering");
      expect(snapshotOf(repo)).toEqual(after);
    });

    it("still refuses the namespace when the tree holds a different rendering (another description)", async () => {
      expect(await main(["render", writeRequest(), "--config", CONFIG, "--gitops", "repo", ...ISSUE], capture())).toBe(0);
      const io = capture();
      expect(await main(["render", writeRequest({ description: "Something else." }), "--config", CONFIG, "--gitops", "repo", ...ISSUE], io)).toBe(1);
      expect(io.out()).toMatch(/^namespaces: the namespace 'aurora-dev' already exists/m);
    });

    it("still refuses the namespace when its directory holds a file the rendering does not write", async () => {
      expect(await main(["render", writeRequest(), "--config", CONFIG, "--gitops", "repo", ...ISSUE], capture())).toBe(0);
      writeFileSync(path.join(repo, "cluster-scope/base/core/namespaces/aurora-dev/extra.yaml"), "kind: ConfigMap\n");
      const io = capture();
      expect(await main(["render", writeRequest(), "--config", CONFIG, "--gitops", "repo", ...ISSUE], io)).toBe(1);
      expect(io.out()).toMatch(/^namespaces: the namespace 'aurora-dev' already exists/m);
    });

    it("is not a no-op when an overlay of the request lacks the namespace (a cluster added since)", async () => {
      expect(await main(["render", writeRequest({ clusters: ["smaug"] }), "--config", CONFIG, "--gitops", "repo", ...ISSUE], capture())).toBe(0);
      const io = capture();
      expect(await main(["render", writeRequest({ clusters: ["smaug", "osc-cl1"] }), "--config", CONFIG, "--gitops", "repo", ...ISSUE], io)).toBe(1);
      expect(io.out()).toMatch(/^namespaces: the namespace 'aurora-dev' already exists/m);
    });
  });

  it.each([
    [["render", "request.json", "--gitops", "repo"], /--config is required/],
    [["render", "request.json", "--config", CONFIG], /--gitops is required/],
    [["render", "--config", CONFIG, "--gitops", "repo"], /expected exactly one request file/],
    [["render", "request.json", "--config", CONFIG, "--gitops", "repo", "--bogus"], /Unknown option/],
    [["render", "request.json", "--config", CONFIG, "--gitops", "repo", "--issue-url", "javascript:alert(1)"], /is not an issue URL/],
    [["render", "request.json", "--config", CONFIG, "--gitops", "no-such-dir"], /cannot read the GitOps directory/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    writeRequest();
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it("exits 2 with config lines for a broken configuration", async () => {
    writeFileSync(path.join(work, "bad.yml"), "clusters: []\n");
    const io = capture();
    expect(await main(["render", writeRequest(), "--config", "bad.yml", "--gitops", "repo"], io)).toBe(2);
    expect(io.err()).toMatch(/^config /m);
  });
});
