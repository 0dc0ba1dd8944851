import { describe, expect, it } from "vitest";
import { OVERLAYS, baseFiles, lineChanges, renderIn } from "./change-tree.js";

const NS = "cluster-scope/base/core/namespaces";
const SMAUG = `${OVERLAYS.smaug}/kustomization.yaml`;
const INFRA = `${OVERLAYS.infra}/kustomization.yaml`;
const COMMON = `${OVERLAYS.common}/kustomization.yaml`;

/** The tree without shared-ns, so that borealis-ml is team borealis's last namespace. */
function withoutShared(): Record<string, string> {
  const files = baseFiles();
  for (const p of Object.keys(files)) if (p.startsWith(`${NS}/shared-ns/`)) delete files[p];
  files[SMAUG] = (files[SMAUG] as string).replace("  - ../../../../base/core/namespaces/shared-ns # shared by two teams\n", "");
  return files;
}

function summaryOf(out: Awaited<ReturnType<typeof renderIn>>): string {
  return out.kind === "changed" ? out.summary.lines.join("\n") : JSON.stringify(out);
}

describe("offboarding", () => {
  it("removes the namespace's line and deletes its directory when no overlay uses it; the team stays while it has namespaces", async () => {
    const out = await renderIn("offboard", { team: "aurora", namespace: "aurora-dev", clusters: ["smaug"] });
    expect(lineChanges(out)).toEqual({
      files: { [SMAUG]: { added: [], removed: ["  - ../../../../base/core/namespaces/aurora-dev"] } },
      deletions: [`${NS}/aurora-dev/kustomization.yaml`, `${NS}/aurora-dev/namespace.yaml`],
    });
    expect(summaryOf(out)).toContain("keeps team 'aurora'");
    expect(out.kind === "changed" && out.summary.expect).toEqual([{ cluster: "smaug", kind: "Namespace", name: "aurora-dev", present: false }]);
  });

  it("keeps the directory while another cluster still uses it, and says where it stays", async () => {
    const out = await renderIn("offboard", { team: "aurora", namespace: "aurora-prod", clusters: ["infra"] });
    expect(lineChanges(out)).toEqual({ files: { [INFRA]: { added: [], removed: ["- ../../../../base/core/namespaces/aurora-prod"] } }, deletions: [] });
    expect(summaryOf(out)).toContain(`keeps ${NS}/aurora-prod/: still used by ${SMAUG}; it stays on cluster smaug`);
  });

  it("deletes the team's group and RBAC component with its last namespace, and its group's line from the shared overlay", async () => {
    const files = withoutShared();
    const out = await renderIn("offboard", { team: "borealis", namespace: "borealis-ml", clusters: ["smaug"] }, files);
    const changes = lineChanges(out, files);
    expect(changes.files).toEqual({
      [COMMON]: { added: [], removed: ["- ../../../base/user.openshift.io/groups/borealis"] },
      [SMAUG]: { added: [], removed: ["  - ../../../../base/core/namespaces/borealis-ml"] },
    });
    expect(changes.deletions).toEqual([
      `${NS}/borealis-ml/kustomization.yaml`,
      `${NS}/borealis-ml/namespace.yaml`,
      "cluster-scope/base/user.openshift.io/groups/borealis/group.yaml",
      "cluster-scope/base/user.openshift.io/groups/borealis/kustomization.yaml",
      "cluster-scope/components/project-admin-rolebindings/borealis/kustomization.yaml",
      "cluster-scope/components/project-admin-rolebindings/borealis/rbac.yaml",
    ]);
    expect(summaryOf(out)).toContain("cluster 'smaug' loses namespace 'borealis-ml' and its objects and group 'borealis'\ncluster 'infra' loses group 'borealis'\n");
    expect(out.kind === "changed" && out.summary.expect).toEqual([
      { cluster: "smaug", kind: "Namespace", name: "borealis-ml", present: false },
      { cluster: "smaug", kind: "Group", name: "borealis", present: false },
      { cluster: "infra", kind: "Group", name: "borealis", present: false },
    ]);
  });

  it("never deletes what an overlay no cluster of the configuration names still uses", async () => {
    const files = { ...withoutShared(), "cluster-scope/overlays/prod/emea/rick/kustomization.yaml": "resources:\n- ../../../../base/core/namespaces/borealis-ml\n" };
    const out = await renderIn("offboard", { team: "borealis", namespace: "borealis-ml", clusters: ["smaug"] }, files);
    expect(lineChanges(out, files).deletions).toEqual([]);
    expect(summaryOf(out)).toContain(`keeps ${NS}/borealis-ml/: still used by cluster-scope/overlays/prod/emea/rick/kustomization.yaml`);
  });

  it("keeps the team's group when another kustomization still uses it", async () => {
    const files = { ...withoutShared(), "cluster-scope/overlays/prod/emea/rick/kustomization.yaml": "resources:\n- ../../../../base/user.openshift.io/groups/borealis\n" };
    const out = await renderIn("offboard", { team: "borealis", namespace: "borealis-ml", clusters: ["smaug"] }, files);
    const deletions = lineChanges(out, files).deletions;
    expect(deletions.filter((p) => p.includes("/groups/"))).toEqual([]);
    expect(deletions).toContain("cluster-scope/components/project-admin-rolebindings/borealis/rbac.yaml");
    expect(summaryOf(out)).toContain("keeps cluster-scope/base/user.openshift.io/groups/borealis/: still used by cluster-scope/overlays/prod/emea/rick/kustomization.yaml");
  });

  it("refuses, for maintainers, a namespace that would still reach the cluster through another kustomization", async () => {
    const files = {
      ...baseFiles(),
      [SMAUG]: `${baseFiles()[SMAUG] as string}  - ../extra\n`,
      "cluster-scope/overlays/prod/moc/extra/kustomization.yaml": "resources:\n- ../../../../base/core/namespaces/aurora-dev\n",
    };
    const out = await renderIn("offboard", { team: "aurora", namespace: "aurora-dev", clusters: ["smaug"] }, files);
    expect(out.kind === "problems" && out.problems).toEqual([
      expect.objectContaining({ field: "clusters", audience: "maintainers", message: expect.stringContaining("still reaches cluster 'smaug' through another kustomization") }),
    ]);
  });

  it.each([
    { name: "a namespace another team shares", request: { team: "aurora", namespace: "shared-ns", clusters: ["smaug"] }, field: "namespaces", message: "shared with team 'borealis'" },
    { name: "a namespace of another team", request: { team: "aurora", namespace: "borealis-ml", clusters: ["smaug"] }, field: "namespaces", message: "belongs to team 'borealis', not to 'aurora'" },
    { name: "a cluster the namespace is not on", request: { team: "aurora", namespace: "aurora-dev", clusters: ["osc-cl1"] }, field: "clusters", message: "namespace 'aurora-dev' is not on cluster 'osc-cl1'" },
    { name: "a team that does not exist", request: { team: "nobody", namespace: "aurora-dev", clusters: ["smaug"] }, field: "team", message: "team 'nobody' does not exist" },
  ])("refuses $name", async ({ request, field, message }) => {
    const out = await renderIn("offboard", request);
    expect(out.kind === "problems" && out.problems).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
  });

  it.each([
    {
      name: "an Application that prunes",
      prune: "    automated:\n      prune: true\n",
      says: "ArgoCD application 'smaug-cluster-resources' (argocd/applications/smaug.yaml) has syncPolicy.automated.prune: true, so ArgoCD deletes",
    },
    { name: "an Application that does not prune", prune: "    automated:\n      selfHeal: true\n", says: "does not prune automatically: namespace 'aurora-dev' and its objects remain on the cluster until someone syncs it with pruning" },
  ])("says what ArgoCD does, from $name in the repository", async ({ prune, says }) => {
    const application = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: smaug-cluster-resources\nspec:\n  source:\n    path: ${OVERLAYS.smaug}/\n  syncPolicy:\n${prune}`;
    const files = { ...baseFiles(), "argocd/applications/smaug.yaml": application };
    const out = await renderIn("offboard", { team: "aurora", namespace: "aurora-dev", clusters: ["smaug"] }, files);
    expect(summaryOf(out)).toContain(says);
  });

  it("says the pruning depends on the sync policy when the repository does not show the Application", async () => {
    const out = await renderIn("offboard", { team: "aurora", namespace: "aurora-dev", clusters: ["smaug"] });
    expect(summaryOf(out)).toContain("the repository holds no ArgoCD Application for cluster-scope/overlays/prod/moc/smaug; whether ArgoCD deletes namespace 'aurora-dev' and its objects from the cluster depends on that application's sync policy");
  });
});
