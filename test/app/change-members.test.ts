import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deliverAll } from "../harness/index.js";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE, SUPPORT } from "../helpers/world.js";
import { addTeamPeople, CHANGE_LABELS, changeBody, expectCompleted, expectNothingWritten, fileChange, pullOfRequest, requestStatus, sayOnPull } from "./change-world.js";

const GROUP = "cluster-scope/base/user.openshift.io/groups/thoth/group.yaml";

describe("a members request through the app", () => {
  const world = useWorld({}, addTeamPeople);

  it("is filed by a member, validated, opened as one pull request with a one-line diff per user, approved, merged and closed", async () => {
    const before = world.sim.readFile(APPS, "main", GROUP)!;
    const number = await fileChange(world, "members", "goern", { team: "thoth", add: "@Bob", remove: "fridex" });

    const pull = pullOfRequest(world, number);
    expect(pull, requestStatus(world, number)).toBeDefined();
    expect(world.sim.issue(SUPPORT, number).labels).toContain("onboarding/validated");
    expect(requestStatus(world, number)).toContain("The request is valid");
    expect(pull!.title).toBe("Members of thoth: add Bob; remove fridex");
    const onBranch = world.sim.readFile(APPS, pull!.head.ref, GROUP)!;
    expect(onBranch).toBe(before.replace("  - fridex\n", "").concat("  - Bob\n"));

    await sayOnPull(world, pull!.number, PEOPLE.approver, "/approve");
    expectCompleted(world, number, "Members");
    expect(parse(world.sim.readFile(APPS, "main", GROUP)!).users).toEqual(["thoth-station-bot", "goern", "Bob"]);
  });

  it("refuses someone outside the team, naming who may ask, and writes nothing", async () => {
    const number = await fileChange(world, "members", PEOPLE.outsider, { team: "thoth", add: PEOPLE.outsider });
    const status = requestStatus(world, number);
    expect(status).toContain("needs changes");
    expect(status).toContain("may not ask for changes to team");
    expect(status).toContain("goern");
    expect(status).toContain("an approver");
    expect(world.sim.issue(SUPPORT, number).labels).toContain("onboarding/needs-changes");
    expectNothingWritten(world);
  });

  it("refuses removing the last member of a team", async () => {
    const number = await fileChange(world, "members", "durandom", { team: "data-science", remove: "durandom" });
    expect(requestStatus(world, number)).toContain("would leave team");
    expectNothingWritten(world);
  });

  it("refuses removing someone who is not a member, and adding a login GitHub does not know", async () => {
    const number = await fileChange(world, "members", "goern", { team: "thoth", remove: "nobody-here" });
    expect(requestStatus(world, number)).toContain("is not a member of team");
    const unknown = await fileChange(world, "members", "goern", { team: "thoth", add: "no-such-user-42" });
    expect(requestStatus(world, unknown)).toContain("is not a GitHub user");
    expectNothingWritten(world);
  });

  it("does not let an added member approve their own access, even an approver; another approver merges it", async () => {
    const number = await fileChange(world, "members", "goern", { team: "thoth", add: PEOPLE.approver });
    const pull = pullOfRequest(world, number)!;
    const own = await sayOnPull(world, pull.number, PEOPLE.approver, "/approve");
    expect(pullOfRequest(world, number)!.merged).toBe(false);
    expect(world.sim.comments(APPS, pull.number).find((c) => c.id === own)!.reactions.map((r) => r.content)).toEqual(["-1"]);

    await sayOnPull(world, pull.number, PEOPLE.approver2, "/approve");
    expectCompleted(world, number, "Members");
  });

  it("resets approvals when the request changes who is added", async () => {
    const number = await fileChange(world, "members", "goern", { team: "thoth", add: "Bob" });
    const pull = pullOfRequest(world, number)!;
    await sayOnPull(world, pull.number, PEOPLE.outsider, "/hold");
    await sayOnPull(world, pull.number, PEOPLE.approver, "/approve");
    expect(pullOfRequest(world, number)!.labels).toContain("approved");

    world.sim.editIssue(SUPPORT, number, { body: changeBody("members", { team: "thoth", add: "frank" }), by: "goern" });
    await deliverAll(world.sim, world.probot);
    expect(pullOfRequest(world, number)!.labels).not.toContain("approved");
    expect(world.sim.comments(APPS, pull.number).find((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"))!.body).toMatch(/The tenant changed\*\* \(members\)/);
  });

  it("is found and published by the reconciliation sweep when its webhook was lost", async () => {
    const number = world.sim.openIssue(SUPPORT, { author: "goern", title: "Members: thoth", body: changeBody("members", { team: "thoth", add: "Bob" }), labels: [CHANGE_LABELS.members] });
    world.sim.takeEvents();
    expect(pullOfRequest(world, number)).toBeUndefined();
    await world.handles.sweep();
    await deliverAll(world.sim, world.probot);
    expect(pullOfRequest(world, number), requestStatus(world, number)).toBeDefined();
  });
});
