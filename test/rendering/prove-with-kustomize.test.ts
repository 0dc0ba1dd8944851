import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { kubectlAvailable } from "../../src/rendering/kustomize-build.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { OPF_FIXTURE } from "../helpers/gitops-fixture.js";

const hasKubectl = await kubectlAvailable();
if (!hasKubectl) console.warn("prove-with-kustomize.test.ts: kubectl is not on the PATH; these tests are skipped");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: process.cwd() }, out, err };
}

describe.skipIf(!hasKubectl)("onboarding-bot render proves the tree with kubectl kustomize before writing", () => {
  let dir: string;
  let request: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "opf-"));
    await cp(OPF_FIXTURE, dir, { recursive: true });
    request = join(dir, "..", `${dir.split("/").pop()}-request.md`);
    await writeFile(request, renderIssueBody(validValues({ clusters: "smaug", members: "@alice" })));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(request, { force: true });
  });

  it("builds every touched overlay and writes the files", async () => {
    const { io, out, err } = capture();
    const code = await main(["render", request, "--config", join(dir, "onboarding-bot.yml"), "--gitops", dir], io);
    expect(code).toBe(0);
    expect(err.join("")).toContain("kustomize: built cluster-scope/overlays/prod/common, cluster-scope/overlays/prod/moc/smaug");
    expect(out.join("")).toContain("cluster-scope/base/core/namespaces/astro-lab/namespace.yaml");
  });

  it("reports an overlay that does not build before the change as the repository's problem, naming the failing file, and writes nothing", async () => {
    const limitRange = join(dir, "cluster-scope/components/limitranges/default/kustomization.yaml");
    await writeFile(limitRange, (await readFile(limitRange, "utf8")).replace("limitrange.yaml", "missing-limitrange.yaml"));
    const overlay = join(dir, "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml");
    const before = await readFile(overlay, "utf8");
    const { io, out } = capture();

    const code = await main(["render", request, "--config", join(dir, "onboarding-bot.yml"), "--gitops", dir], io);

    expect(code).toBe(1);
    const lines = out.join("").trim().split("\n");
    expect(lines.every((line) => line.startsWith("clusters: repository problem, for maintainers: "))).toBe(true);
    expect(lines[0]).toContain("the overlay 'cluster-scope/overlays/prod/moc/smaug' does not build even before this change");
    expect(lines[0]).toContain("fails in cluster-scope/components/limitranges/default/kustomization.yaml:");
    expect(lines[0]).toContain("missing-limitrange.yaml: no such file or directory");
    expect(lines[0]).not.toContain(dir);
    expect(await readFile(overlay, "utf8")).toBe(before);
    await expect(readFile(join(dir, "cluster-scope/base/core/namespaces/astro-lab/namespace.yaml"))).rejects.toThrow();
  });

  it("refuses, and writes nothing, when the change itself would break an overlay that builds today", async () => {
    // A tier whose component no namespace uses yet, broken: the overlays build before the change, not after it.
    const config = join(dir, "onboarding-bot.yml");
    await writeFile(config, (await readFile(config, "utf8")).replace("    - name: large\n", "    - name: large\n    - name: huge\n"));
    await mkdir(join(dir, "cluster-scope/components/resourcequotas/huge"));
    await writeFile(join(dir, "cluster-scope/components/resourcequotas/huge/kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - quota.yaml\n");
    await writeFile(request, renderIssueBody(validValues({ clusters: "smaug", members: "@alice", quota_tier: "huge" })));
    const { io, out } = capture();

    const code = await main(["render", request, "--config", config, "--gitops", dir], io);

    expect(code).toBe(1);
    expect(out.join("")).toMatch(/^clusters: repository problem, for maintainers: this change would break the overlay 'cluster-scope\/overlays\/prod\/moc\/smaug': kubectl kustomize fails in cluster-scope\/components\/resourcequotas\/huge\/kustomization.yaml: .*quota.yaml/m);
    await expect(readFile(join(dir, "cluster-scope/base/core/namespaces/astro-lab/namespace.yaml"))).rejects.toThrow();
  });
});
