import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";
import { addTeamPeople, expectCompleted, expectNothingWritten, fileChange, pullOfRequest, requestStatus, sayOnPull } from "./change-world.js";

const NAMESPACE = "cluster-scope/base/core/namespaces/thoth-dev/namespace.yaml";
const SMAUG = "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml";
const GROUP = "cluster-scope/base/user.openshift.io/groups/thoth/group.yaml";

describe("a namespace request through the app", () => {
  const world = useWorld({}, addTeamPeople);

  it("creates the namespace for the existing team, wires it into the chosen cluster, and is approved, merged and closed", async () => {
    const group = world.sim.readFile(APPS, "main", GROUP);
    const number = await fileChange(world, "namespace", "goern", { team: "thoth", namespace: "thoth-dev", clusters: "smaug", tier: "small", owner: "goern", description: "Thoth's development namespace." });
    const pull = pullOfRequest(world, number);
    expect(pull, requestStatus(world, number)).toBeDefined();
    expect(parse(world.sim.readFile(APPS, pull!.head.ref, NAMESPACE)!).metadata.name).toBe("thoth-dev");
    expect(world.sim.readFile(APPS, pull!.head.ref, SMAUG)).toContain("- ../../../../base/core/namespaces/thoth-dev");

    await sayOnPull(world, pull!.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Namespace");
    expect(world.sim.readFile(APPS, "main", GROUP)).toBe(group);
  });

  it("refuses a team that does not exist", async () => {
    const number = await fileChange(world, "namespace", "goern", { team: "no-team", namespace: "no-team-dev", clusters: "smaug", tier: "small", owner: "goern", description: "x" });
    expect(requestStatus(world, number)).toContain("does not exist in the GitOps repository");
    expectNothingWritten(world);
  });

  it("refuses a namespace name another team has", async () => {
    const number = await fileChange(world, "namespace", "goern", { team: "thoth", namespace: "opf-dashboard", clusters: "smaug", tier: "small", owner: "goern", description: "x" });
    expect(requestStatus(world, number)).toContain("opf-dashboard");
    expect(requestStatus(world, number)).toContain("needs changes");
    expectNothingWritten(world);
  });
});
