import { describe, expect, it } from "vitest";
import { parseChangeRequest } from "../../../src/rendering/changes/change-request.js";
import { OVERLAYS, baseFiles, lineChanges, renderIn } from "./change-tree.js";

const SMAUG = `${OVERLAYS.smaug}/kustomization.yaml`;
const INFRA = `${OVERLAYS.infra}/kustomization.yaml`;
const OSC = `${OVERLAYS.osc}/kustomization.yaml`;

describe("cluster change", () => {
  it.each([
    {
      name: "adds a namespace to a cluster that gets groups through a shared overlay: one line",
      request: { team: "aurora", namespace: "aurora-dev", add: ["infra"] },
      files: { [INFRA]: { added: ["- ../../../../base/core/namespaces/aurora-dev"], removed: [] as string[] } },
    },
    {
      name: "adds a namespace to a cluster with its own group overlay: the namespace and the team's group",
      request: { team: "aurora", namespace: "aurora-dev", add: ["osc-cl1"] },
      files: { [OSC]: { added: ["- ../../../../base/core/namespaces/aurora-dev", "- ../../../../base/user.openshift.io/groups/aurora"], removed: [] } },
    },
    {
      name: "removes a namespace from one of its clusters: exactly its line",
      request: { team: "aurora", namespace: "aurora-prod", remove: ["infra"] },
      files: { [INFRA]: { added: [], removed: ["- ../../../../base/core/namespaces/aurora-prod"] } },
    },
    {
      name: "moves a namespace: removed from one cluster, added to another",
      request: { team: "aurora", namespace: "aurora-prod", remove: ["infra"], add: ["osc-cl1"] },
      files: {
        [INFRA]: { added: [], removed: ["- ../../../../base/core/namespaces/aurora-prod"] },
        [OSC]: { added: ["- ../../../../base/core/namespaces/aurora-prod", "- ../../../../base/user.openshift.io/groups/aurora"], removed: [] },
      },
    },
  ])("$name", async ({ request, files }) => {
    const out = await renderIn("cluster", request);
    expect(lineChanges(out)).toEqual({ files, deletions: [] });
  });

  it("keeps every other byte of the overlay, comments on other lines included", async () => {
    const out = await renderIn("cluster", { team: "aurora", namespace: "shared-ns", remove: ["smaug"], add: ["infra"] });
    const smaug = out.kind === "changed" ? out.files.find((f) => f.path === SMAUG)?.content : undefined;
    expect(smaug).toBe((baseFiles()[SMAUG] as string).replace("  - ../../../../base/core/namespaces/shared-ns # shared by two teams\n", ""));
  });

  it("a cluster the namespace is already on is a notice", async () => {
    const out = await renderIn("cluster", { team: "aurora", namespace: "aurora-dev", add: ["smaug"] });
    expect(out).toMatchObject({ kind: "changed", files: [], notices: [{ field: "clusters", message: expect.stringContaining("already on cluster 'smaug'") }] });
  });

  it.each([
    { name: "a cluster the namespace is not on", request: { team: "aurora", namespace: "aurora-dev", remove: ["infra"] }, field: "clusters", message: "namespace 'aurora-dev' is not on cluster 'infra'" },
    { name: "removing it from its last cluster", request: { team: "aurora", namespace: "aurora-dev", remove: ["smaug"] }, field: "clusters", message: "leaves it on no cluster" },
    { name: "a namespace of another team", request: { team: "aurora", namespace: "borealis-ml", add: ["infra"] }, field: "namespaces", message: "belongs to team 'borealis', not to 'aurora'" },
    { name: "an unknown cluster", request: { team: "aurora", namespace: "aurora-dev", add: ["mars"] }, field: "clusters", message: "cluster 'mars' is not configured" },
  ])("refuses $name", async ({ request, field, message }) => {
    const out = await renderIn("cluster", request);
    expect(out.kind === "problems" && out.problems).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
  });

  it("refuses, for maintainers, a namespace that reaches the cluster only through a shared kustomization", async () => {
    const files = {
      ...baseFiles(),
      [INFRA]: "resources:\n- ../common\n- ../../../../base/core/namespaces/aurora-prod\n- ../shared\n",
      "cluster-scope/overlays/prod/moc/shared/kustomization.yaml": "resources:\n- ../../../../base/core/namespaces/aurora-dev\n",
    };
    const out = await renderIn("cluster", { team: "aurora", namespace: "aurora-dev", remove: ["infra"] }, files);
    expect(out.kind === "problems" && out.problems).toEqual([
      expect.objectContaining({ field: "clusters", audience: "maintainers", message: expect.stringContaining("reaches cluster 'infra' through another kustomization") }),
    ]);
  });

  it("refuses an edit that would also take the namespace off a cluster not named", async () => {
    // osc-cl1's overlay includes infra's: removing from infra would remove it from osc-cl1 as well.
    const files = { ...baseFiles(), [OSC]: "resources:\n- ../../../../base/core/namespaces/platform\n- ../../moc/infra\n" };
    const out = await renderIn("cluster", { team: "aurora", namespace: "aurora-prod", remove: ["infra"] }, files);
    expect(out.kind === "problems" && out.problems).toEqual([expect.objectContaining({ field: "clusters", message: expect.stringContaining("would also remove it from cluster 'osc-cl1'") })]);
  });

  it("the request shape refuses a cluster both added and removed", () => {
    const parsed = parseChangeRequest("cluster", { team: "aurora", namespace: "aurora-prod", add: ["infra"], remove: ["infra"] });
    expect("errors" in parsed && parsed.errors).toEqual(["add.0: 'infra' is both added and removed; list it once"]);
  });
});
