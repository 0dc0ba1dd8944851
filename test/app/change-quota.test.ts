import { describe, expect, it } from "vitest";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";
import { addTeamPeople, expectCompleted, expectNothingWritten, fileChange, pullOfRequest, requestStatus, sayOnPull } from "./change-world.js";

const KUSTOMIZATION = "cluster-scope/base/core/namespaces/thoth-station/kustomization.yaml";

describe("a quota request through the app", () => {
  const world = useWorld({}, addTeamPeople);

  it("swaps the tier component in one line, and is approved, merged and closed", async () => {
    const number = await fileChange(world, "quota", "goern", { team: "thoth", namespace: "thoth-station", tier: "medium" });
    const pull = pullOfRequest(world, number);
    expect(pull, requestStatus(world, number)).toBeDefined();
    const before = world.sim.readFile(APPS, "main", KUSTOMIZATION)!;
    expect(world.sim.readFile(APPS, pull!.head.ref, KUSTOMIZATION)).toBe(before.replace("resourcequotas/large", "resourcequotas/medium"));

    await sayOnPull(world, pull!.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Quota");
    expect(world.sim.readFile(APPS, "main", KUSTOMIZATION)).toContain("resourcequotas/medium");
  });

  it("lets the namespace's recorded requester ask", async () => {
    world.sim.addUser("thoth");
    const number = await fileChange(world, "quota", "thoth", { team: "thoth", namespace: "thoth-station", tier: "small" });
    expect(pullOfRequest(world, number), requestStatus(world, number)).toBeDefined();
  });

  it("writes a custom quota within the maximum, and refuses one over it", async () => {
    const over = await fileChange(world, "quota", "goern", { team: "thoth", namespace: "thoth-station", tier: "Custom", custom_cpu: "100", custom_memory: "8Gi", custom_storage: "10Gi" });
    expect(requestStatus(world, over)).toContain("more than a custom quota may have");
    expect(requestStatus(world, over)).toContain("at most 16");
    expectNothingWritten(world);

    const within = await fileChange(world, "quota", "goern", { team: "thoth", namespace: "thoth-station", tier: "Custom", custom_cpu: "8", custom_memory: "8Gi", custom_storage: "10Gi" });
    const pull = pullOfRequest(world, within);
    expect(pull, requestStatus(world, within)).toBeDefined();
    const quota = world.sim.readFile(APPS, pull!.head.ref, "cluster-scope/base/core/namespaces/thoth-station/resourcequota.yaml")!;
    expect(quota).toContain("thoth-station-custom");
    expect(world.sim.readFile(APPS, pull!.head.ref, KUSTOMIZATION)).not.toContain("resourcequotas/large");
  });

  it("refuses a namespace of another team", async () => {
    const number = await fileChange(world, "quota", "goern", { team: "thoth", namespace: "opf-dashboard", tier: "large" });
    expect(requestStatus(world, number)).toContain("belongs to team 'operate-first', not to 'thoth'");
    expectNothingWritten(world);
  });

  it("refuses someone outside the team", async () => {
    const number = await fileChange(world, "quota", PEOPLE.outsider, { team: "thoth", namespace: "thoth-station", tier: "large" });
    expect(requestStatus(world, number)).toContain("may not ask");
    expectNothingWritten(world);
  });
});

describe("a quota request approved by a member of the team", () => {
  const world = useWorld({ config: { approvers: { users: [PEOPLE.approver, "fridex"] } } }, addTeamPeople);

  it("does not count the approval of a team member, who gains the quota; another approver merges it", async () => {
    const number = await fileChange(world, "quota", "goern", { team: "thoth", namespace: "thoth-station", tier: "medium" });
    const pull = pullOfRequest(world, number)!;
    const own = await sayOnPull(world, pull.number, "fridex", "/approve");
    expect(pullOfRequest(world, number)!.merged).toBe(false);
    expect(world.sim.comments(APPS, pull.number).find((c) => c.id === own)!.reactions.map((r) => r.content)).toEqual(["-1"]);
    await sayOnPull(world, pull.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Quota");
  });
});
