import { afterEach, describe, expect, it, vi } from "vitest";
import type { Octokit } from "../../../src/github/octokit.js";
import { mergeStatusBodies, recordCommit, writeRecord } from "../../../src/controller/request-status.js";
import { createRaceBatch } from "../../../src/github/marked-races.js";
import { parseLedger, withLedger } from "../../../src/publishing/ledger.js";
import { createGitHubPort } from "../../../src/github/port.js";
import type { CommentInfo } from "../../../src/github/reader.js";
import { createWriter } from "../../../src/github/writer.js";
import { deliver, deliverAll, expectNoViolations } from "../../harness/index.js";
import { renderIssueBody, validValues } from "../../helpers/issue-body.js";
import { addReplica } from "../../helpers/replicas.js";
import { APPS, branchOf, createWorld, INSTALLATION, PEOPLE, SUPPORT, type World } from "../../helpers/world.js";
import { mainFiles, pullOf, requestState, runLifecycle, succeeded } from "./lifecycle.js";

describe("duplicate and concurrent deliveries across two replicas", () => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) {
      expectNoViolations(world.sim);
      await world.close();
    }
  });

  async function world(latencyMs = 0): Promise<World> {
    const w = await createWorld(latencyMs ? { latencyMs } : {});
    worlds.push(w);
    return w;
  }

  it.each([11, 29, 4242])(
    "creates one branch, one pull request, one status comment each and one merge, like a clean run (seed %i)",
    async (seed) => {
      const clean = await world();
      const { number: cleanNumber } = await runLifecycle(clean, clean.probot, { concurrent: false });

      const raced = await world(1);
      const second = await addReplica(raced);
      const baseSha = raced.sim.ref(APPS, "heads/main");
      const { number, results } = await runLifecycle(raced, [raced.probot, second.probot], { times: 3, shuffle: seed, seed });

      // Every event really went out three times, to both replicas, and nothing failed.
      for (const r of results) {
        expect(r.errors).toEqual([]);
        expect(r.delivered.length).toBeGreaterThan(0);
        const ids = r.delivered.map((e) => e.id);
        for (const id of new Set(ids)) expect(ids.filter((x) => x === id)).toHaveLength(3);
      }

      expect(succeeded(raced, "createRef")).toBe(1);
      expect(succeeded(raced, "createPullRequest")).toBe(1);
      expect(succeeded(raced, "pulls/merge")).toBe(1);
      // The commit expects the branch at the base, so a replica that lost the race makes none: exactly one commit,
      // straight on the base it was validated against.
      expect(succeeded(raced, "createCommitOnBranch")).toBe(1);
      const head = raced.sim.commit(APPS, pullOf(raced, number)[0]!.head.sha);
      expect(head.parents).toEqual([baseSha]);
      expect(pullOf(raced, number)).toHaveLength(1);
      expect(raced.sim.pulls(APPS)).toHaveLength(1);

      const state = requestState(raced, number);
      expect(state.statusComments).toBe(1);
      expect(state.prStatusComments).toBe(1);
      expect(state.pull).toMatchObject({ state: "closed", merged: true });
      expect(state.issue.state).toBe("closed");
      expect(state).toEqual(requestState(clean, cleanNumber));
      expect(mainFiles(raced)).toEqual(mainFiles(clean));
      expect(raced.sim.branches(APPS)).toEqual(clean.sim.branches(APPS));
      // The status comments read the same; their ledger lines name each world's own commits.
      const withoutLedger = (body: string) => body.replace(/\n<!-- onboarding-bot:ledger .* -->$/, "");
      expect(raced.sim.comments(SUPPORT, number).map((c) => withoutLedger(c.body))).toEqual(
        clean.sim.comments(SUPPORT, cleanNumber).map((c) => withoutLedger(c.body)),
      );
    },
  );

  it.each([5, 17])("moves the branch forward once when replicas race to update it after an edit (seed %i)", async (seed) => {
    const raced = await world(1);
    const second = await addReplica(raced);
    const number = raced.openRequest();
    await deliverAll(raced.sim, raced.probot);
    const before = pullOf(raced, number)[0]!.head.sha;
    raced.sim.resetCalls();

    raced.sim.editIssue(SUPPORT, number, { body: renderIssueBody(validValues({ members: "@alice\n@Bob\n@dave" })), by: PEOPLE.requester });
    const result = await deliverAll(raced.sim, [raced.probot, second.probot], { times: 3, shuffle: seed, seed });
    expect(result.errors).toEqual([]);

    // Both replicas may make a commit on the scratch branch, but the branch moves only from the head each one
    // vouched for (updateRefs with beforeOid): one move, never a second commit beside or on top of the first.
    expect(succeeded(raced, "createCommitOnBranch")).toBeGreaterThanOrEqual(1);
    expect(succeeded(raced, "createRef")).toBe(0);
    expect(succeeded(raced, "createPullRequest")).toBe(0);
    const pulls = pullOf(raced, number);
    expect(pulls).toHaveLength(1);
    const head = raced.sim.commit(APPS, pulls[0]!.head.sha);
    expect(head.sha).not.toBe(before);
    expect(head.parents).toEqual([raced.sim.ref(APPS, "heads/main")]);
    expect(raced.sim.branches(APPS).filter((b) => b.startsWith("onboarding-bot-scratch/"))).toEqual([]);
    expect(raced.sim.readFile(APPS, branchOf(number), "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml")).toContain("dave");
    expect(requestState(raced, number)).toMatchObject({ statusComments: 1, prStatusComments: 1 });
  });
});

describe("a marked comment posted by two replicas at once", () => {
  let w: World | undefined;
  afterEach(async () => {
    if (!w) return;
    expectNoViolations(w.sim);
    await w.close();
    w = undefined;
  });

  async function writers(count: number) {
    w = await createWorld();
    const replicas = [w.probot, ...(await Promise.all(Array.from({ length: count - 1 }, () => addReplica(w!)))).map((r) => r.probot)];
    const octokits = await Promise.all(replicas.map(async (p) => (await p.auth(INSTALLATION)) as unknown as Octokit));
    return octokits.map((o) => createWriter(o, { gitopsRepo: { owner: "operate-first", repo: "apps" }, dryRun: false }));
  }

  it("keeps the oldest status comment, with the last writer's body", async () => {
    const all = await writers(3);
    const number = w!.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const ref = { owner: "operate-first", repo: "support", number };
    const ids = await Promise.all(all.map((writer, i) => writer.createComment(ref, `<!-- onboarding-bot:status -->\nbody ${i}`)));
    const left = w!.sim.comments(SUPPORT, number);
    expect(left).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set([left[0]!.id]));
    expect(left[0]!.body).toMatch(/^<!-- onboarding-bot:status -->\nbody \d$/);
  });

  it("settles comments whose races were deferred with one listing per writer, and still keeps exactly one per thread", async () => {
    w = await createWorld();
    const replicas = [w.probot, ...(await Promise.all([addReplica(w), addReplica(w)])).map((r) => r.probot)];
    const octokits = await Promise.all(replicas.map(async (p) => (await p.auth(INSTALLATION)) as unknown as Octokit));
    const issue = w.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const other = w.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "u", body: "c" });
    const refs = [issue, other].map((number) => ({ owner: "operate-first", repo: "support", number }));
    const batches = octokits.map(() => createRaceBatch());
    const all = octokits.map((o, i) => createWriter(o, { gitopsRepo: { owner: "operate-first", repo: "apps" }, dryRun: false, races: batches[i]! }));
    const created = await Promise.all(all.flatMap((writer, i) => refs.map((ref) => writer.createComment(ref, `<!-- onboarding-bot:status -->\nbody ${i}`))));
    // Deferred: every replica's comment is still there until the races are settled.
    expect(w.sim.comments(SUPPORT, issue)).toHaveLength(3);
    w.sim.resetCalls();
    const settled = await Promise.all(batches.map((b) => b.settle()));

    const lists = w.sim.calls.filter((c) => c.graphql?.operationName === "MarkedThreads" || c.operationId === "issues/list-comments");
    expect(lists.map((c) => c.graphql?.operationName)).toEqual(["MarkedThreads", "MarkedThreads", "MarkedThreads"]);
    for (const number of [issue, other]) {
      const left = w.sim.comments(SUPPORT, number);
      expect(left).toHaveLength(1);
      expect(left[0]!.body).toMatch(/^<!-- onboarding-bot:status -->\nbody \d$/);
      // Every replica was told the one survivor, by its own created comment's id.
      for (const [i, map] of settled.entries()) expect(map.get(created[i * 2 + (number === issue ? 0 : 1)]!)?.id).toBe(left[0]!.id);
    }
  });

  it("settles a deferred race on a thread longer than one listed page by reading every page", async () => {
    const all = await writers(1);
    const number = w!.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const ref = { owner: "operate-first", repo: "support", number };
    const oldest = await all[0]!.createComment(ref, "<!-- onboarding-bot:status -->\nfirst");
    for (let i = 0; i < 100; i++) w!.sim.comment(SUPPORT, number, PEOPLE.requester, `comment ${i}`);
    const octokit = (await w!.probot.auth(INSTALLATION)) as unknown as Octokit;
    const batch = createRaceBatch();
    const late = await createWriter(octokit, { dryRun: false, races: batch }).createComment(ref, "<!-- onboarding-bot:status -->\nlate");
    const settled = await batch.settle();
    expect(settled.get(late)).toEqual({ id: oldest, body: "<!-- onboarding-bot:status -->\nlate" });
    const marked = w!.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith("<!-- onboarding-bot:status"));
    expect(marked.map((c) => [c.id, c.body])).toEqual([[oldest, "<!-- onboarding-bot:status -->\nlate"]]);
  });

  it("does not take a deferred status comment that someone edited before the settlement as holding its ledger entry: the entry is written again", async () => {
    await writers(1);
    const number = w!.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const ref = { owner: "operate-first", repo: "support", number };
    const octokit = (await w!.probot.auth(INSTALLATION)) as unknown as Octokit;
    const batch = createRaceBatch();
    const comments: CommentInfo[] = [];
    const sha = "a".repeat(40);
    const entry = { sha, tree: "c".repeat(40), parents: ["b".repeat(40)], base: "b".repeat(40), digest: "d1d1", tenantDigest: "e1e1", at: "2026-12-01T00:00:00Z", fields: {} };
    const fallback = { kind: "blocked" as const, reason: "waiting" };
    await writeRecord(createWriter(octokit, { dryRun: false, races: batch }), ref, comments, entry, fallback);
    const created = comments[0]!.id;
    // Between the create and the settlement, someone replaces the comment's text (marker and ledger gone).
    w!.sim.editComment(SUPPORT, created, "nothing to see here", PEOPLE.approver);
    const settled = await batch.settle();

    await recordCommit(createGitHubPort(octokit), createWriter(octokit, { dryRun: false }), ref, comments, entry, fallback, { body: settled.get(created)?.body });
    const status = w!.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith("<!-- onboarding-bot:status"));
    expect(status.flatMap((c) => parseLedger(c.body).map((e) => e.sha))).toEqual([sha]);
  });

  it("writes a new request's ledger entry again when another writer dropped it before the deferred settlement, even when labelling the issue failed in the same run", async () => {
    // The settlement's listing is held until the test has played another replica replacing the status comment.
    const held: Array<() => void> = [];
    w = await createWorld({ sleep: () => new Promise<void>((wake) => held.push(wake)) });
    const number = w.openRequest();
    const events = w.sim.takeEvents();
    w.sim.inject({ graphqlOperation: "MarkedThreads", latencyMs: 1 });
    w.sim.inject({ operationId: "issues/add-labels", path: new RegExp(`^/repos/${SUPPORT}/issues/${number}/labels$`), status: 422, times: 10 });
    const status = () => w!.sim.comments(SUPPORT, number).find((c) => c.body.startsWith("<!-- onboarding-bot:status"));

    const run = Promise.all(events.map((e) => deliver(w!.probot, e))).catch((error: unknown) => error);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    const recorded = parseLedger(status()!.body).map((e) => e.sha);
    expect(recorded).toHaveLength(1);
    w.sim.editComment(SUPPORT, status()!.id, "<!-- onboarding-bot:status -->\nanother replica's text", PEOPLE.approver);
    held.shift()!();
    await run;

    expect(w.sim.calls.some((c) => c.operationId === "issues/add-labels" && c.status === 422)).toBe(true);
    expect(parseLedger(status()!.body).map((e) => e.sha)).toEqual(recorded);
    expect(pullOf(w, number)[0]!.head.sha).toBe(recorded[0]);
  });

  it("keeps both replicas' ledger entries when their status comments race: the older comment merges the newer one's", async () => {
    w = await createWorld();
    const octokits = await Promise.all([w.probot, (await addReplica(w)).probot].map(async (p) => (await p.auth(INSTALLATION)) as unknown as Octokit));
    const number = w.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const ref = { owner: "operate-first", repo: "support", number };
    const entry = (sha: string, at: string) => ({ sha, tree: "c".repeat(40), parents: ["b".repeat(40)], base: "b".repeat(40), digest: "d1", tenantDigest: "e1", at, fields: {} });
    const bodies = [entry("1".repeat(40), "2026-12-01T00:00:01Z"), entry("2".repeat(40), "2026-12-01T00:00:02Z")].map((e, i) =>
      withLedger(`<!-- onboarding-bot:status -->\nreplica ${i}`, [e]),
    );
    // Both post before either lists, as two replicas that both found no status comment.
    const batches = [createRaceBatch(), createRaceBatch()];
    const writers = octokits.map((o, i) => createWriter(o, { dryRun: false, races: batches[i]!, mergeOnRace: mergeStatusBodies }));
    await Promise.all(writers.map((writer, i) => writer.createComment(ref, bodies[i]!)));
    for (const batch of batches) await batch.settle();

    const left = w.sim.comments(SUPPORT, number);
    expect(left).toHaveLength(1);
    expect(parseLedger(left[0]!.body).map((e) => e.sha)).toEqual(["1".repeat(40), "2".repeat(40)]);
  });

  it("keeps the first reply to a command as written, and leaves unmarked and other-marker comments alone", async () => {
    const all = await writers(2);
    const number = w!.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "t", body: "b" });
    const ref = { owner: "operate-first", repo: "support", number };
    const first = await all[0]!.createComment(ref, "<!-- onboarding-bot:reply 41 -->\nfirst answer");
    const second = await all[1]!.createComment(ref, "<!-- onboarding-bot:reply 41 -->\nsecond answer");
    expect(second).toBe(first);
    await all[0]!.createComment(ref, "<!-- onboarding-bot:reply 411 -->\nanother comment's answer");
    await all[0]!.createComment(ref, "plain text");
    await all[1]!.createComment(ref, "plain text");
    expect(w!.sim.comments(SUPPORT, number).map((c) => c.body)).toEqual([
      "<!-- onboarding-bot:reply 41 -->\nfirst answer",
      "<!-- onboarding-bot:reply 411 -->\nanother comment's answer",
      "plain text",
      "plain text",
    ]);
  });
});
