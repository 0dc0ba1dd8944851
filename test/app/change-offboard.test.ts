import { describe, expect, it } from "vitest";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";
import { addTeamPeople, expectCompleted, expectNothingWritten, fileChange, pullOfRequest, requestStatus, sayOnPull } from "./change-world.js";

const NS_DIR = "cluster-scope/base/core/namespaces/thoth-station";
const GROUP_DIR = "cluster-scope/base/user.openshift.io/groups/thoth";
const RBAC_DIR = "cluster-scope/components/project-admin-rolebindings/thoth";
const COMMON = "cluster-scope/overlays/prod/common/kustomization.yaml";

describe("an offboarding request through the app", () => {
  const world = useWorld({}, addTeamPeople);

  it("removes the team's last namespace from its clusters, deletes what nothing uses, says so in the pull request, and is approved, merged and closed", async () => {
    const number = await fileChange(world, "offboard", "goern", { team: "thoth", namespace: "thoth-station", clusters: "smaug, osc-cl1" });
    const pull = pullOfRequest(world, number);
    expect(pull, requestStatus(world, number)).toBeDefined();
    expect(pull!.body).toContain(`deletes ${NS_DIR}/`);
    expect(pull!.body).toContain("ArgoCD");
    expect(pull!.body).toContain("cluster 'smaug' loses namespace 'thoth-station'");
    expect(pull!.body).toContain("(deleted)");
    const files = world.sim.listFiles(APPS, pull!.head.ref);
    for (const dir of [NS_DIR, GROUP_DIR, RBAC_DIR]) expect(files.filter((f) => f.startsWith(`${dir}/`))).toEqual([]);
    expect(world.sim.readFile(APPS, pull!.head.ref, COMMON)).not.toContain("groups/thoth");

    await sayOnPull(world, pull!.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Offboarding");
    expect(world.sim.listFiles(APPS, "main").filter((f) => f.startsWith(`${NS_DIR}/`))).toEqual([]);
    expect(requestStatus(world, number)).toContain("Files deleted");
  });

  it("keeps the namespace's directory while another cluster still uses it", async () => {
    const number = await fileChange(world, "offboard", "goern", { team: "thoth", namespace: "thoth-station", clusters: "smaug" });
    const pull = pullOfRequest(world, number)!;
    expect(world.sim.listFiles(APPS, pull.head.ref).filter((f) => f.startsWith(`${NS_DIR}/`)).length).toBeGreaterThan(0);
    expect(pull.body).toContain(`keeps ${NS_DIR}/`);
  });

  it("refuses a cluster the namespace is not on, and a namespace of another team", async () => {
    const notOn = await fileChange(world, "offboard", "goern", { team: "thoth", namespace: "thoth-station", clusters: "infra" });
    expect(requestStatus(world, notOn)).toContain("infra");
    expect(requestStatus(world, notOn)).toContain("needs changes");
    const other = await fileChange(world, "offboard", "goern", { team: "thoth", namespace: "opf-monitoring", clusters: "smaug" });
    expect(requestStatus(world, other)).toContain("belongs to team 'operate-first'");
    expectNothingWritten(world);
  });

  it("refuses someone outside the team", async () => {
    const number = await fileChange(world, "offboard", PEOPLE.outsider, { team: "thoth", namespace: "thoth-station", clusters: "smaug" });
    expect(requestStatus(world, number)).toContain("may not ask");
    expectNothingWritten(world);
  });
});
