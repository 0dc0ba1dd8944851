import { describe, expect, it } from "vitest";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";
import { addTeamPeople, expectCompleted, expectNothingWritten, fileChange, pullOfRequest, requestStatus, sayOnPull } from "./change-world.js";

const INFRA = "cluster-scope/overlays/prod/moc/infra/kustomization.yaml";
const OSC = "cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml";

describe("a cluster request through the app", () => {
  const world = useWorld({}, addTeamPeople);

  it("adds the namespace to one cluster and removes it from another with one line each, and is approved, merged and closed", async () => {
    const osc = world.sim.readFile(APPS, "main", OSC)!;
    const number = await fileChange(world, "cluster", "goern", { team: "thoth", namespace: "thoth-station", add: "infra", remove: "osc-cl1" });
    const pull = pullOfRequest(world, number);
    expect(pull, requestStatus(world, number)).toBeDefined();
    expect(world.sim.readFile(APPS, pull!.head.ref, INFRA)).toContain("- ../../../../base/core/namespaces/thoth-station");
    expect(world.sim.readFile(APPS, pull!.head.ref, OSC)).toBe(osc.replace("- ../../../../base/core/namespaces/thoth-station\n", ""));

    await sayOnPull(world, pull!.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Cluster");
  });

  it("refuses removing the namespace from a cluster it is not on", async () => {
    const number = await fileChange(world, "cluster", "goern", { team: "thoth", namespace: "thoth-station", remove: "infra" });
    expect(requestStatus(world, number)).toContain("infra");
    expect(requestStatus(world, number)).toContain("needs changes");
    expectNothingWritten(world);
  });

  it("refuses a cluster the configuration does not offer", async () => {
    const number = await fileChange(world, "cluster", "goern", { team: "thoth", namespace: "thoth-station", add: "balrog" });
    expect(requestStatus(world, number)).toContain("'balrog' is not one of the clusters offered");
    expectNothingWritten(world);
  });
});
