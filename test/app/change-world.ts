import { expect } from "vitest";
import { CHANGE_KIND_INFO, type ChangeFieldKey } from "../../src/requests/request-kinds.js";
import type { ChangeKind } from "../../src/rendering/changes/change-request.js";
import { deliverAll } from "../harness/index.js";
import type { SimPull } from "../simulator/index.js";
import { APPS, branchOf, SUPPORT, type World } from "../helpers/world.js";

/** The labels of the change kinds under the default configuration. */
export const CHANGE_LABELS: Record<ChangeKind, string> = {
  members: "tenant/members",
  quota: "tenant/quota",
  namespace: "tenant/namespace",
  cluster: "tenant/cluster",
  offboard: "tenant/offboarding",
};

/** Members of the fixture's groups, who may ask for changes to their teams; they exist on the simulated GitHub. */
export const TEAM_PEOPLE = ["goern", "fridex", "thoth-station-bot", "durandom", "HumairAK", "tumido", "4n4nd"];

/** Adds the fixture's group members as GitHub users. */
export function addTeamPeople(world: World): void {
  for (const login of TEAM_PEOPLE) world.sim.addUser(login);
}

/** An issue body as GitHub renders a submitted change form: `### <label>`, then the answer or `_No response_`. */
export function changeBody(kind: ChangeKind, values: Partial<Record<ChangeFieldKey, string>>): string {
  return CHANGE_KIND_INFO[kind].fields.map((f) => `### ${f.label}\n\n${values[f.key] ?? "_No response_"}`).join("\n\n");
}

/** Files a change request of `kind` as `author` and delivers every event; returns the issue number. */
export async function fileChange(world: World, kind: ChangeKind, author: string, values: Partial<Record<ChangeFieldKey, string>>): Promise<number> {
  const number = world.sim.openIssue(SUPPORT, { author, title: `${CHANGE_KIND_INFO[kind].issueTitle}${values.team ?? ""}`, body: changeBody(kind, values), labels: [CHANGE_LABELS[kind]] });
  await deliverAll(world.sim, world.probot);
  return number;
}

/** The pull request of request `number`, if the bot opened one. */
export function pullOfRequest(world: World, number: number): SimPull | undefined {
  return world.sim.pulls(APPS).find((p) => p.head.ref === branchOf(number));
}

/** The request's status comment. */
export function requestStatus(world: World, number: number): string {
  const mine = world.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith("<!-- onboarding-bot:status"));
  expect(mine).toHaveLength(1);
  return mine[0]!.body;
}

/** A person comments on the pull request; every event is delivered. Returns the comment id. */
export async function sayOnPull(world: World, pr: number, who: string, body: string): Promise<number> {
  const id = world.sim.comment(APPS, pr, who, body);
  await deliverAll(world.sim, world.probot);
  return id;
}

/** The pull request merged, its branch gone, and the request closed as completed with a summary naming the kind. */
export function expectCompleted(world: World, number: number, kindName: string): void {
  const pull = pullOfRequest(world, number);
  expect(pull?.merged).toBe(true);
  expect(world.sim.branches(APPS)).toEqual(["main"]);
  const issue = world.sim.issue(SUPPORT, number);
  expect(issue.state).toBe("closed");
  expect(issue.state_reason).toBe("completed");
  expect(issue.labels).toContain("onboarding/completed");
  expect(requestStatus(world, number)).toContain(`${kindName} request complete`);
}

/** Nothing was written to the GitOps repository: no pull request, no branch but main. */
export function expectNothingWritten(world: World): void {
  expect(world.sim.pulls(APPS)).toEqual([]);
  expect(world.sim.branches(APPS)).toEqual(["main"]);
}
