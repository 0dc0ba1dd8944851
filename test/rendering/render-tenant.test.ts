import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Config } from "../../src/config/schema.js";
import { renderTenant, type RenderInput, type RenderOutput } from "../../src/rendering/render-tenant.js";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import type { GitopsSnapshot, OnboardingRequest } from "../../src/types.js";
import { OPF, PROVENANCE, fixtureConfig, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";

const config = fixtureConfig(OPF);

async function render(req: OnboardingRequest, cfg: Config = config, snapshot: GitopsSnapshot = treeSnapshot(OPF)): Promise<RenderOutput> {
  return renderWithReader({ request: req, config: cfg, snapshot, provenance: PROVENANCE }, fixtureReader(OPF).read);
}

function problemsOf(out: RenderOutput) {
  if (out.kind !== "problems") throw new Error(`expected problems, got ${out.kind}`);
  return out.problems;
}

function fileOf(out: RenderOutput, path: string): string {
  if (out.kind !== "rendered") throw new Error(`expected a rendering, got ${JSON.stringify(out)}`);
  const file = out.files.find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path}`);
  return file.content;
}

/** A snapshot of the fixture with some overlay contents replaced. */
async function snapshotWith(replace: Record<string, string>): Promise<GitopsSnapshot> {
  const base = treeSnapshot(OPF);
  const paths = [...base.paths].filter((p) => p.startsWith("cluster-scope/overlays/") && p.endsWith("kustomization.yaml"));
  const read = await fixtureReader(OPF).read(paths);
  const files = new Map<string, string>([...read].map(([k, v]) => [k, v ?? ""]));
  for (const [k, v] of Object.entries(replace)) files.set(k, v);
  return { paths: base.paths, files };
}

const NS_DIR = "cluster-scope/base/core/namespaces/aurora-dev";

describe("renderTenant", () => {
  it("asks for every overlay kustomization it needs in one round before rendering", () => {
    const out = renderTenant({ request: request({ clusters: ["smaug", "osc-cl1"] }), config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE });
    expect(out).toEqual({
      kind: "needs-files",
      paths: [
        "cluster-scope/overlays/prod/common/kustomization.yaml",
        "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml",
        "cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml",
      ],
    });
  });

  it("renders byte-identical files for the same input, and for the same request with lists in another order", async () => {
    const a = await render(request({ namespaces: ["aurora-dev", "aurora-ci"], clusters: ["smaug", "osc-cl1"], members: ["grace-h", "ada"] }));
    const b = await render(request({ namespaces: ["aurora-dev", "aurora-ci"], clusters: ["smaug", "osc-cl1"], members: ["grace-h", "ada"] }));
    const c = await render(request({ namespaces: ["aurora-ci", "aurora-dev"], clusters: ["osc-cl1", "smaug"], members: ["ada", "grace-h"] }));
    expect(a.kind).toBe("rendered");
    expect(b).toEqual(a);
    if (a.kind !== "rendered" || c.kind !== "rendered") throw new Error("expected renderings");
    expect(c.files).toEqual(a.files);
  });

  it("lists the group's users as owner plus members, deduplicated case-insensitively and sorted", async () => {
    const out = await render(request({ owner: "Zed", members: ["ada", "ADA", "bob", "zed"] }));
    const group = parse(fileOf(out, "cluster-scope/base/user.openshift.io/groups/aurora/group.yaml")) as { users: string[] };
    expect(group.users).toEqual(["ada", "bob", "Zed"]);
  });

  it.each([
    ["description", { description: "foo\nkind: Secret" }, "openshift.io/description", "foo\nkind: Secret"],
    ["description", { description: "yes" }, "openshift.io/description", "yes"],
    ["display name", { displayName: "2026-01-01" }, "openshift.io/display-name", "2026-01-01"],
    ["display name", { displayName: "~" }, "openshift.io/display-name", "~"],
    ["description", { description: "1_000" }, "openshift.io/description", "1_000"],
    ["description", { description: "a: b\n---\napiVersion: v1\nkind: Secret" }, "openshift.io/description", "a: b\n---\napiVersion: v1\nkind: Secret"],
  ])("writes a hostile %s so that it reads back as exactly the given string", async (_what, override, key, expected) => {
    const text = fileOf(await render(request(override)), `${NS_DIR}/namespace.yaml`);
    for (const version of ["1.1", "1.2"] as const) {
      const ns = parse(text, { version }) as { kind: string; metadata: { annotations: Record<string, string> } };
      expect(ns.kind).toBe("Namespace");
      expect(ns.metadata.annotations[key]).toBe(expected);
    }
  });

  it("reports a group overlay that the cluster's overlay does not reach, naming cluster and overlay", async () => {
    const cfg = fixtureConfig(OPF, {
      clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug", groupOverlays: ["cluster-scope/overlays/prod/moc/infra"] }],
    });
    const problems = problemsOf(await render(request(), cfg));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "clusters", value: "smaug" });
    expect(problems[0]?.message).toContain("group overlay 'cluster-scope/overlays/prod/moc/infra' is not reachable from its overlay 'cluster-scope/overlays/prod/moc/smaug'");
  });

  it("follows kustomizations several levels deep to prove a group overlay reachable, reading one level per round", async () => {
    const paths = new Set([...treeSnapshot(OPF).paths, "cluster-scope/overlays/prod/moc/mid/kustomization.yaml"]);
    const files = new Map([
      ["cluster-scope/overlays/prod/moc/smaug/kustomization.yaml", "resources:\n  - ../mid\n"],
      ["cluster-scope/overlays/prod/moc/mid/kustomization.yaml", "resources:\n  - ../../common\n"],
    ]);
    const snapshot: GitopsSnapshot = { paths, files: new Map() };
    const reads: string[][] = [];
    const out = await renderWithReader({ request: request(), config, snapshot, provenance: PROVENANCE }, async (wanted) => {
      reads.push(wanted);
      const real = await fixtureReader(OPF).read(wanted.filter((p) => !files.has(p)));
      return new Map(wanted.map((p) => [p, files.get(p) ?? real.get(p)]));
    });
    expect(out.kind).toBe("rendered");
    expect(reads).toEqual([
      ["cluster-scope/overlays/prod/common/kustomization.yaml", "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"],
      ["cluster-scope/overlays/prod/moc/mid/kustomization.yaml"],
    ]);
  });

  it("reports an overlay directory without a kustomization", async () => {
    const cfg = fixtureConfig(OPF, { clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/gone" }] });
    const problems = problemsOf(await render(request(), cfg));
    expect(problems[0]?.message).toBe("cluster 'smaug': overlay 'cluster-scope/overlays/prod/moc/gone' has no kustomization.yaml in the GitOps repository");
  });

  it.each([
    ["malformed YAML", "resources:\n  - a\n - b: [\n", /not valid YAML/],
    ["a list instead of a mapping", "- ../../common\n- ../../../../base/core/namespaces/thoth-station\n", /not a block mapping|not a mapping/],
  ])("reports an overlay that is %s as a problem and renders nothing", async (_name, content, message) => {
    const snapshot = await snapshotWith({ "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml": content });
    const problems = problemsOf(await render(request(), config, snapshot));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.field).toBe("clusters");
    expect(problems[0]?.message).toMatch(message);
    expect(problems[0]?.message).toContain("cluster-scope/overlays/prod/moc/smaug/kustomization.yaml");
  });

  it("reports a malformed overlay that is the group overlay too (osc-cl1)", async () => {
    const snapshot = await snapshotWith({ "cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml": "resources: {a: 1}\n" });
    const problems = problemsOf(await render(request({ clusters: ["osc-cl1"] }), config, snapshot));
    expect(problems.map((p) => p.message)).toEqual([
      "cluster 'osc-cl1': cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml: edit-kustomization: 'resources' is not a list; expected 'resources:' followed by '- path' entries",
    ]);
  });

  it("refuses a namespace that already exists, never touching its files", async () => {
    const problems = problemsOf(await render(request({ namespaces: ["opf-monitoring"] })));
    expect(problems).toEqual([expect.objectContaining({ field: "namespaces", value: "opf-monitoring" })]);
  });

  it("refuses an existing team when the configuration does not allow reuse", async () => {
    const cfg = fixtureConfig(OPF, { teams: { allowExisting: false } });
    const problems = problemsOf(await render(request({ team: "thoth" }), cfg));
    expect(problems).toEqual([expect.objectContaining({ field: "team", value: "thoth" })]);
  });

  it("refuses a tier whose component is missing from the repository", async () => {
    const cfg = fixtureConfig(OPF, { quota: { tiers: [{ name: "small" }, { name: "huge" }] } });
    const problems = problemsOf(await render(request({ quotaTier: "huge" }), cfg));
    expect(problems[0]).toMatchObject({ field: "quota_tier", value: "huge" });
    expect(problems[0]?.message).toContain("cluster-scope/components/resourcequotas/huge");
  });

  it("refuses unknown clusters and tiers, saying which are known", async () => {
    const problems = problemsOf(await render(request({ clusters: ["nope"], quotaTier: "gigantic" })));
    expect(problems.map((p) => [p.field, p.expected])).toEqual([
      ["clusters", "one of: smaug, infra, osc-cl1"],
      ["quota_tier", "one of: x-small, small, medium, large"],
    ]);
  });

  it.each([
    ["a namespace that is not a DNS label", request({ namespaces: ["../../../etc"] }), {}, "namespaces"],
    ["a team with a slash", request({ team: "a/b" }), {}, "team"],
    ["an absolute namespace template", request(), { namespaceDir: "/etc/{namespace}" }, "namespaces"],
    ["a template with '..'", request(), { groupDir: "cluster-scope/../../{team}" }, "team"],
    ["a limit range template with '..'", request(), { limitRangeComponentDir: "../outside" }, "body"],
  ])("refuses %s as a problem and writes nothing", async (_name, req, layout, field) => {
    // The schema would refuse these templates; build the config by hand to prove rendering refuses them too.
    const cfg: Config = { ...config, layout: { ...config.layout, ...layout } };
    const out = renderTenant({ request: req, config: cfg, snapshot: treeSnapshot(OPF), provenance: PROVENANCE } satisfies RenderInput);
    expect(problemsOf(out).map((p) => p.field)).toContain(field);
  });

  it("refuses a team name that would make an invalid label value through verification", async () => {
    const cfg: Config = { ...config, namespaces: { ...config.namespaces, annotationPrefix: "Bad_Prefix" } };
    const problems = problemsOf(await render(request(), cfg));
    expect(problems[0]?.message).toMatch(/label key 'Bad_Prefix\/team'/);
  });

  describe("a namespace for an existing team", () => {
    const THOTH_RBAC = "cluster-scope/components/project-admin-rolebindings/thoth/kustomization.yaml";
    /** The fixture with thoth's RBAC directory holding `content` as its kustomization. */
    async function renderForThoth(content: string) {
      const reader = fixtureReader(OPF);
      return renderWithReader({ request: request({ team: "thoth", namespaces: ["thoth-lab"] }), config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE }, async (paths) => {
        const got = await reader.read(paths);
        if (got.has(THOTH_RBAC)) got.set(THOTH_RBAC, content);
        return got;
      });
    }
    const kustomizationOf = (out: RenderOutput) => parse(fileOf(out, "cluster-scope/base/core/namespaces/thoth-lab/kustomization.yaml")) as { resources: string[]; components: string[] };
    const RBAC_ENTRY = "../../../../components/project-admin-rolebindings/thoth";

    it("uses a Component RBAC directory through components", async () => {
      const k = kustomizationOf(await renderForThoth("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - rbac.yaml\n"));
      expect(k.components).toContain(RBAC_ENTRY);
      expect(k.resources).toEqual(["namespace.yaml"]);
    });

    it.each([
      ["kind: Kustomization", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - rbac.yaml\n"],
      ["no kind (kustomize's default)", "resources:\n  - rbac.yaml\n"],
    ])("uses a plain Kustomization RBAC directory (%s) through resources, never components", async (_name, content) => {
      const out = await renderForThoth(content);
      const k = kustomizationOf(out);
      expect(k.resources).toEqual(["namespace.yaml", RBAC_ENTRY]);
      expect(k.components).not.toContain(RBAC_ENTRY);
      expect(k.components).toContain("../../../../components/limitranges/default");
      if (out.kind === "rendered") expect(out.summary.createdPaths.some((p) => p.includes("project-admin-rolebindings"))).toBe(false);
    });

    it("refuses an RBAC directory of another kind as the repository's problem, addressed to maintainers", async () => {
      const problems = problemsOf(await renderForThoth("apiVersion: v1\nkind: ConfigMap\n"));
      expect(problems).toEqual([expect.objectContaining({ field: "team", audience: "maintainers" })]);
      expect(problems[0]?.message).toBe(`${THOTH_RBAC} has kind 'ConfigMap'`);
    });
  });

  it("writes each provenance annotation under its configured key, leaving out those set to false", async () => {
    const cfg = fixtureConfig(OPF, {
      namespaces: {
        annotationPrefix: "op1st",
        annotations: { requester: "openshift.io/requester", owner: "op1st/project-owner", displayName: "openshift.io/display-name", description: false },
      },
    });
    const ns = parse(fileOf(await render(request(), cfg), `${NS_DIR}/namespace.yaml`)) as { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
    expect(ns.metadata.annotations).toEqual({
      "openshift.io/display-name": "Aurora Research",
      "openshift.io/requester": "ada",
      "op1st/project-owner": "ada",
      "op1st/onboarding-issue": "https://github.com/operate-first/support/issues/42",
      "op1st/docs": "https://aurora.example.org/docs",
    });
    expect(ns.metadata.labels["op1st/team"]).toBe("aurora");
  });

  it("addresses problems of the repository to maintainers and problems of the request to the requester", async () => {
    const cfg = fixtureConfig(OPF, { clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/gone" }] });
    const repository = problemsOf(await render(request(), cfg));
    expect(repository.length).toBeGreaterThan(0);
    for (const p of repository) expect(p).toMatchObject({ field: "clusters", audience: "maintainers" });
    const requester = problemsOf(await render(request({ namespaces: ["opf-monitoring"] })));
    expect(requester[0]?.audience).toBeUndefined();
  });

  it("writes the group into a group overlay shared by two clusters once", async () => {
    const out = await render(request({ clusters: ["smaug", "infra"] }));
    const common = fileOf(out, "cluster-scope/overlays/prod/common/kustomization.yaml");
    expect(common.match(/groups\/aurora/g)).toHaveLength(1);
    if (out.kind === "rendered") expect(out.summary.editedPaths).toHaveLength(3);
  });
});
