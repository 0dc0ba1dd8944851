import { afterEach, describe, expect, it } from "vitest";
import type { CreateAppOptions } from "../../../src/index.js";
import type { SweepReport } from "../../../src/reconcile/sweep.js";
import { deliverAll, expectNoViolations, type DeliverAllOptions } from "../../harness/index.js";
import { validValues, type FormValues } from "../../helpers/issue-body.js";
import { addReplica } from "../../helpers/replicas.js";
import { APPS, createWorld, PEOPLE, SUPPORT, type World } from "../../helpers/world.js";
import { mainFiles, pullOf, requestState, STATUS_MARKER, succeeded } from "./lifecycle.js";

const COUNT = 12;
const INVALID = new Set([4, 8, 12]);
const APPROVED = new Set([2, 3, 6, 9, 11]);

/** Request `i`: its own team and namespace; a few are invalid (a team name with capitals and an underscore). */
function values(i: number): FormValues {
  const name = `lab-${String(i).padStart(2, "0")}`;
  return validValues({ team: INVALID.has(i) ? `Bad_Team_${i}` : name, namespaces: name, display_name: `Lab ${i}` });
}

/** The status comment's body without the pull request numbers (they depend on the order PRs were opened in). */
function statusBody(world: World, number: number): string {
  const status = world.sim.comments(SUPPORT, number).find((c) => c.body.startsWith(STATUS_MARKER));
  // The ledger line names each world's own commits (shas and GitHub's times differ between runs).
  return (status?.body ?? "").replace(/\n<!-- onboarding-bot:ledger .* -->$/, "").replace(/\/pull\/\d+/g, "/pull/N").replace(/#\d+/g, "#N");
}

/** Everything the comparison looks at: each request's issue, pull request and status comment, and the GitOps repository. */
function snapshot(world: World, numbers: number[]) {
  return {
    requests: numbers.map((n) => ({ n, ...requestState(world, n), status: statusBody(world, n) })),
    pulls: world.sim.pulls(APPS).length,
    branches: world.sim.branches(APPS),
    main: mainFiles(world),
  };
}

/**
 * Opens the requests and delivers their events (with `deliver`), runs `repair`; then the approver says `/approve`
 * on the approved requests' pull requests, and again deliver and `repair`. Returns the issue numbers and how many
 * deliveries were dropped.
 */
async function scenario(world: World, deliver: DeliverAllOptions, repair: () => Promise<void>) {
  const numbers = Array.from({ length: COUNT }, (_, k) => world.openRequest(values(k + 1)));
  let dropped = 0;
  let delivered = 0;
  const phase = async () => {
    const result = await deliverAll(world.sim, world.probot, deliver);
    dropped += result.dropped.length;
    delivered += result.delivered.length;
    await repair();
  };
  await phase();
  for (const n of numbers) {
    if (!APPROVED.has(n)) continue;
    const pull = pullOf(world, n)[0];
    expect(pull, `request ${n} has its pull request before approval`).toBeDefined();
    world.sim.comment(APPS, pull!.number, PEOPLE.approver, "/approve");
  }
  await phase();
  return { numbers, dropped, delivered };
}

/** One sweep by `handles`, then the (bot-caused, skipped) events it queued are drained. */
async function sweepOnce(world: World, handles = world.handles): Promise<SweepReport> {
  const report = await handles.sweep();
  if (report === "busy") throw new Error("a sweep was already running");
  await deliverAll(world.sim, world.probot);
  return report;
}

describe("lost webhooks and the reconciliation sweep", () => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) {
      expectNoViolations(world.sim);
      await world.close();
    }
  });
  async function world(app: CreateAppOptions = {}): Promise<World> {
    // One requester files all twelve requests here: lift the per-requester limit (limits.maxOpenRequests).
    const w = await createWorld({ app, config: { limits: { maxOpenRequests: COUNT } } });
    worlds.push(w);
    return w;
  }

  it("drives every request to the state it reaches with all webhooks delivered when 30% of them are lost", async () => {
    const reference = await world();
    const { numbers } = await scenario(reference, { concurrent: false }, async () => undefined);
    const expected = snapshot(reference, numbers);
    // The reference covers every ending: merged and closed, invalid, and open awaiting approval.
    expect(expected.requests.filter((r) => r.issue.state === "closed" && r.pull?.merged)).toHaveLength(APPROVED.size);
    expect(expected.requests.filter((r) => r.issue.labels.includes("onboarding/needs-changes"))).toHaveLength(INVALID.size);
    expect(expected.requests.filter((r) => r.pull?.state === "open")).toHaveLength(COUNT - APPROVED.size - INVALID.size);

    const lossy = await world();
    const behind: number[] = [];
    const reports: SweepReport[] = [];
    const run = await scenario(lossy, { dropRate: 0.3, seed: 7, concurrent: false }, async () => {
      // Before the sweep the losses show: requests that are not where the reference has them.
      const now = snapshot(lossy, numbers).requests;
      const want = snapshot(reference, numbers).requests;
      behind.push(now.filter((r, i) => JSON.stringify(r) !== JSON.stringify(want[i])).length);
      reports.push(await sweepOnce(lossy));
    });
    expect(run.numbers).toEqual(numbers);
    const rate = run.dropped / (run.dropped + run.delivered);
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
    expect(behind.every((b) => b > 0), `requests behind before each sweep: ${behind.join(", ")}`).toBe(true);
    for (const report of reports) expect(report).toMatchObject({ failed: 0, skippedForWriteCap: 0, skipped: [] });

    expect(snapshot(lossy, numbers)).toEqual(expected);
    expect(succeeded(lossy, "pulls/merge")).toBe(APPROVED.size);
    expect(succeeded(lossy, "createPullRequest")).toBe(COUNT - INVALID.size);
  });

  it("stops starting requests at SWEEP_MAX_WRITES, names the ones it skipped, and the next sweep carries on", async () => {
    const capped = await world({ settings: { sweepMaxWrites: 1, sweepConcurrency: 1 } });
    const numbers = [1, 2, 3, 4].map((i) => capped.openRequest(values(i === 4 ? 5 : i)));
    const lost = await deliverAll(capped.sim, capped.probot, { dropRate: 1 });
    expect(lost.delivered).toEqual([]);
    const published = () => numbers.filter((n) => pullOf(capped, n).length === 1);
    expect(published()).toEqual([]);

    // With a cap of one write, each sweep finishes the request it started and starts no other.
    const first = await sweepOnce(capped);
    expect(first).toMatchObject({ requests: 4, reconciled: 1, skippedForWriteCap: 3, failed: 0 });
    expect(first.writes).toBeGreaterThan(1);
    expect(published()).toHaveLength(1);
    expect([...first.skipped].sort()).toEqual(numbers.filter((n) => !published().includes(n)).map((n) => `${SUPPORT}#${n}`).sort());

    // The request already done costs no write, so the next sweep gets one further.
    const second = await sweepOnce(capped);
    expect(second).toMatchObject({ reconciled: 2, skippedForWriteCap: 2 });
    expect(published()).toHaveLength(2);

    // A replica with the default cap converges the rest in one sweep; after that a sweep writes nothing.
    const replica = await addReplica(capped);
    const third = await sweepOnce(capped, replica.handles);
    expect(third).toMatchObject({ requests: 4, reconciled: 4, skippedForWriteCap: 0, skipped: [], failed: 0 });
    expect(published()).toEqual(numbers);
    for (const n of numbers) {
      expect(requestState(capped, n)).toMatchObject({ statusComments: 1, prStatusComments: 1, pull: { state: "open" } });
      expect(capped.sim.issue(SUPPORT, n).labels).toContain("onboarding/validated");
    }
    expect(succeeded(capped, "createRef")).toBe(4);
    const idle = await sweepOnce(capped, replica.handles);
    expect(idle).toMatchObject({ reconciled: 4, writes: 0 });
  });

  it("runs one sweep at a time in one process: a second sweep started meanwhile answers busy", async () => {
    const w = await world();
    w.openRequest(values(1));
    await deliverAll(w.sim, w.probot, { dropRate: 1 });

    const same = await Promise.all([w.handles.sweep(), w.handles.sweep()]);
    expect(same.filter((r) => r === "busy")).toHaveLength(1);
    expect(same.find((r) => r !== "busy")).toMatchObject({ reconciled: 1 });

    // The guard is released when a sweep ends: the next one runs.
    expect(await w.handles.sweep()).toMatchObject({ reconciled: 1, writes: 0 });
    expect(succeeded(w, "createRef")).toBe(1);
    await deliverAll(w.sim, w.probot);
  });
});
