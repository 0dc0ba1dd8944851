import type { Probot } from "probot";
import { expect } from "vitest";
import { deliverAll, type DeliverAllOptions, type DeliverAllResult } from "../../harness/index.js";
import { APPS, branchOf, PEOPLE, SUPPORT, type World } from "../../helpers/world.js";
import type { FormValues } from "../../helpers/issue-body.js";

/** Marker prefixes of the bot's one status comment per issue and per pull request. */
export const STATUS_MARKER = "<!-- onboarding-bot:status";
export const PR_STATUS_MARKER = "<!-- onboarding-bot:pr-status";

/** Final GitHub state of one request, in a form two worlds can be compared by. */
export interface RequestState {
  issue: { state: string; stateReason: string | null; labels: string[] };
  pull: { state: string; merged: boolean; labels: string[] } | undefined;
  statusComments: number;
  prStatusComments: number;
}

/** The onboarding pull request of issue `number` (found by its head branch). */
export function pullOf(world: World, number: number) {
  return world.sim.pulls(APPS).filter((p) => p.head.ref === branchOf(number));
}

/** Reads the final state of request `number` from the simulator. */
export function requestState(world: World, number: number): RequestState {
  const issue = world.sim.issue(SUPPORT, number);
  const pulls = pullOf(world, number);
  const pull = pulls[0];
  return {
    issue: { state: issue.state, stateReason: issue.state_reason, labels: [...issue.labels].sort() },
    pull: pull ? { state: pull.state, merged: pull.merged, labels: [...pull.labels].sort() } : undefined,
    statusComments: world.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith(STATUS_MARKER)).length,
    prStatusComments: pull ? world.sim.comments(APPS, pull.number).filter((c) => c.body.startsWith(PR_STATUS_MARKER)).length : 0,
  };
}

/** Every file on `main` of the GitOps repository with its content. */
export function mainFiles(world: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of world.sim.listFiles(APPS, "main")) out[path] = world.sim.readFile(APPS, "main", path) ?? "";
  return out;
}

/**
 * Successful calls of one REST operation (e.g. `pulls/merge` answered 200), or, for a GraphQL root field (a name
 * without `/`, e.g. `createCommitOnBranch`), how many times GitHub carried it out.
 */
export function succeeded(world: World, operationId: string): number {
  if (!operationId.includes("/")) {
    return world.sim.calls.flatMap((c) => c.graphql?.answeredFields ?? []).filter((field) => field === operationId).length;
  }
  return world.sim.calls.filter((c) => c.operationId === operationId && c.status >= 200 && c.status < 300).length;
}

/**
 * Drives a full lifecycle: the request is opened, its events delivered; the approver comments `/approve` on the
 * pull request, those events delivered. Returns the issue number and each phase's delivery result.
 */
export async function runLifecycle(
  world: World,
  probots: Probot | Probot[],
  deliver: DeliverAllOptions,
  values?: FormValues,
): Promise<{ number: number; results: DeliverAllResult[] }> {
  const number = world.openRequest(values);
  const results = [await deliverAll(world.sim, probots, deliver)];
  const pulls = pullOf(world, number);
  expect(pulls, "the request's pull request after the first phase").toHaveLength(1);
  world.sim.comment(APPS, pulls[0]!.number, PEOPLE.approver, "/approve");
  results.push(await deliverAll(world.sim, probots, deliver));
  return { number, results };
}
