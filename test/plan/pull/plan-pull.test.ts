import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/config/schema.js";
import { renderRefusal } from "../../../src/plan/refusal-replies.js";
import { replyMarker } from "../../../src/plan/reply-marker.js";
import { planPull, type PullAction, type PullPlan } from "../../../src/plan/pull/plan-pull.js";
import type { PlanComment, PlanReview, PlanRevision, PullPlanInput } from "../../../src/plan/pull/pull-plan-input.js";
import { PR_STATUS_MARKER } from "../../../src/plan/pull/pull-status.js";
import type { LedgerEntry } from "../../../src/publishing/ledger.js";
import type { OnboardingRequest } from "../../../src/types.js";

/**
 * The pull-request planner against plain data, like Prow's plugins against their fake client: each row is an input
 * and the plan expected for it, step by step (actions of one step run in parallel, steps in order). Issue 9's
 * approval gate and issue 10's refusal rules on the pull request side, without HTTP.
 */

const SHAPE = configSchema.shape;
const CONFIG: PullPlanInput["config"] = {
  approvers: SHAPE.approvers.parse({ users: ["carol", "erin"], reviewers: ["frank"] }),
  merge: SHAPE.merge.parse({}),
  labels: SHAPE.labels.parse({}),
  limits: SHAPE.limits.parse({}),
};
const BOT = { login: "onboarding-bot[bot]", type: "Bot" as const };
const REQUEST: OnboardingRequest = {
  team: "astro-lab",
  namespaces: ["astro-lab"],
  clusters: ["smaug"],
  owner: "bob",
  members: ["bob", "gina"],
  description: "Astronomy",
  quotaTier: "small",
} as OnboardingRequest;

/** Minute `m` of the test day, as GitHub writes times. */
const T = (m: number): string => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();

/** A ledger entry: a commit the bot made of tenant content `tenant`, at minute `m`. */
function entry(sha: string, tenant: string, m: number, team = "astro-lab"): LedgerEntry {
  return { sha, tree: `tree-${sha}`, parents: ["base"], base: "base", digest: `digest-${sha}`, tenantDigest: tenant, at: T(m), fields: { team } };
}
const HEAD = "head1";
const PUBLISHED = entry(HEAD, "tenant-a", 0);

/** A person's comment created at minute `m`; `edited` gives its current text and edit time (minute). */
function say(id: number, login: string, body: string, m: number, edited?: { body: string; m: number }): PlanComment {
  return {
    id,
    body: edited?.body ?? body,
    user: { login, type: "User" },
    createdAt: T(m),
    updatedAt: T(edited?.m ?? m),
    nodeId: `node-${id}`,
  };
}
/** A comment of the app itself (`mine`), or of another bot. */
function bot(id: number, body: string, mine = true): PlanComment {
  return { id, body, mine, user: mine ? BOT : { login: "other[bot]", type: "Bot" }, createdAt: T(0), updatedAt: T(0) };
}
function review(id: number, login: string, state: PlanReview["state"], m: number, commitId: string | null = HEAD): PlanReview {
  return { id, user: { login, type: "User" }, state, submittedAt: T(m), commitId };
}

type Overrides = Omit<Partial<PullPlanInput>, "pull" | "facts" | "config"> & {
  pull?: Partial<PullPlanInput["pull"]>;
  facts?: Partial<PullPlanInput["facts"]>;
  config?: { merge?: Partial<PullPlanInput["config"]["merge"]>; approvers?: Partial<PullPlanInput["config"]["approvers"]> };
};

/** An open, mergeable pull request whose head the bot made (vouched), with no comments yet; `o` overrides. */
function input(o: Overrides = {}): PullPlanInput {
  const { pull, facts, config, ...rest } = o;
  return {
    pull: { number: 7, state: "open", merged: false, mergeable: true, headSha: HEAD, labels: ["onboarding"], user: BOT, title: "Onboarding: astro-lab", ...pull },
    comments: [],
    reviews: [],
    revisions: new Map(),
    teamMembers: [],
    ledger: [PUBLISHED],
    vouched: PUBLISHED,
    requester: "alice",
    requestUrl: "https://github.com/operate-first/support/issues/1",
    triggerCommentIds: [],
    config: {
      ...CONFIG,
      merge: { ...CONFIG.merge, ...config?.merge },
      approvers: { ...CONFIG.approvers, ...config?.approvers },
    },
    facts: { requestValid: true, problems: [], headSha: HEAD, request: REQUEST, ...facts },
    dryRun: false,
    ...rest,
  };
}

/** One action as a short line: what the tables compare. */
function line(a: PullAction): string {
  switch (a.kind) {
    case "react":
      return `react ${a.commentId} ${a.content}`;
    case "reply":
      return `reply ${a.commentId}`;
    case "refusal":
      return a.write.kind === "delete" ? `refusal delete ${a.write.key}` : `refusal ${a.write.kind} ${a.write.key}=${a.write.ids.join(",")}`;
    case "close":
      return "close";
    case "recheck-mergeability":
      return "recheck mergeability";
    case "labels":
      return `labels ${[...a.add.map((l) => `+${l}`), ...a.remove.map((l) => `-${l}`)].join(" ")}`;
    case "status":
      return a.commentId === undefined ? "status create" : `status update ${a.commentId}`;
    case "merge":
      return `merge ${a.sha}`;
    case "delete-branch":
      return "delete branch";
    case "complete":
      return "complete";
  }
}
const steps = (plan: PullPlan): string[][] => plan.steps.map((s) => s.map(line));
const statusBody = (plan: PullPlan): string => {
  const status = plan.steps.flat().find((a) => a.kind === "status");
  return status?.kind === "status" ? status.body : "";
};

/** The steps of a merge on a fresh pull request: labels and status, then merge at HEAD, delete the branch, complete. */
const MERGES = [["labels +approved", "status create"], [`merge ${HEAD}`], ["delete branch"], ["complete"]];
/** Labels and status written, nothing merged. */
const held = (labels: string): string[][] => [[labels, "status create"]];

interface Row {
  rule: string;
  input: PullPlanInput;
  steps: string[][];
  outcome?: PullPlan["outcome"];
  /** Text the status comment must contain. */
  status?: string[];
}

function check(row: Row): PullPlan {
  const plan = planPull(row.input);
  expect(steps(plan)).toEqual(row.steps);
  expect(plan.outcome).toBe(row.outcome ?? (row.steps.flat().includes("complete") ? "merged" : "open"));
  for (const text of row.status ?? []) expect(statusBody(plan)).toContain(text);
  return plan;
}

const approve = (id: number, login = "carol", m = 1): PlanComment => say(id, login, "/approve", m);

describe("planPull: who grants, and on which content (issue 9)", () => {
  const rows: Row[] = [
    {
      rule: "an approver's /approve on content the bot made merges at exactly that head sha",
      input: input({ comments: [approve(1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"], ...MERGES],
    },
    {
      rule: "an approver's /approve and a reviewer's /lgtm merge when lgtm is required",
      input: input({ comments: [approve(1), say(2, "frank", "/lgtm", 2)], config: { merge: { requireLgtm: true } } }),
      steps: [["labels +lgtm +approved", "status create"], [`merge ${HEAD}`], ["delete branch"], ["complete"]],
    },
    {
      rule: "without the required /lgtm nothing merges",
      input: input({ comments: [approve(1)], config: { merge: { requireLgtm: true } } }),
      steps: held("labels +approved"),
      status: ["needs a /lgtm from a reviewer or approver"],
    },
    {
      rule: "N approvals required: one approver of two is not enough, and the approved label waits for N",
      input: input({ comments: [approve(1)], config: { merge: { approvals: 2 } } }),
      steps: [["status create"]],
      status: ["needs 1 more /approve from an approver", "1 of 2"],
    },
    {
      rule: "N approvals required: two distinct approvers merge",
      input: input({ comments: [approve(1), approve(2, "erin", 2)], config: { merge: { approvals: 2 } } }),
      steps: MERGES,
    },
    {
      rule: "N approvals required: the same approver twice (any case) counts once",
      input: input({ comments: [approve(1), approve(2, "Carol", 2)], config: { merge: { approvals: 2 } } }),
      steps: [["status create"]],
    },
    {
      rule: "members of the approver teams approve",
      input: input({ comments: [approve(1, "Tess")], teamMembers: ["tess"] }),
      steps: MERGES,
    },
    {
      rule: "approvers of the OWNERS file on the base branch approve",
      input: input({ comments: [approve(1, "olga")], ownersText: "approvers:\n  - olga\n" }),
      steps: MERGES,
    },
    {
      rule: "an invalid OWNERS file grants nothing",
      input: input({ comments: [approve(1, "olga")], ownersText: "approvers: [my-org/team]\n" }),
      steps: [["refusal create olga:approve=1"], ["status create"]],
    },
    {
      rule: "an approval given before the tenant changed (before the epoch) is reset, and the status says what changed",
      input: input({ comments: [approve(1, "carol", 2)], ledger: [entry("head0", "tenant-a", 0, "old"), entry(HEAD, "tenant-b", 5)], vouched: entry(HEAD, "tenant-b", 5) }),
      steps: [["status create"]],
      status: ["**The tenant changed** (", `at ${T(5)}`, "Please review again"],
    },
    {
      rule: "an approval given after the tenant changed merges",
      input: input({ comments: [approve(1, "carol", 6)], ledger: [entry("head0", "tenant-a", 0, "old"), entry(HEAD, "tenant-b", 5)], vouched: entry(HEAD, "tenant-b", 5) }),
      steps: MERGES,
    },
    {
      rule: "an approval survives a new commit that only merged the base branch in (same tenant content)",
      input: input({ comments: [approve(1, "carol", 2)], ledger: [entry("head0", "tenant-a", 0), entry(HEAD, "tenant-a", 5)], vouched: entry(HEAD, "tenant-a", 5) }),
      steps: MERGES,
    },
    {
      rule: "an approver's approving review on the bot's commit of this content grants",
      input: input({ reviews: [review(1, "carol", "approved", 1)] }),
      steps: MERGES,
    },
    {
      rule: "an approving review given on another commit does not grant",
      input: input({ reviews: [review(1, "carol", "approved", 1, "someone-elses")] }),
      steps: [["status create"]],
    },
    {
      rule: "an approving review from a reviewer does not grant",
      input: input({ reviews: [review(1, "frank", "approved", 1)] }),
      steps: [["status create"]],
    },
    {
      rule: "a CHANGES_REQUESTED review from a reviewer holds, whatever the approvals",
      input: input({ comments: [approve(1)], reviews: [review(2, "frank", "changes_requested", 2)] }),
      steps: held("labels +approved +do-not-merge/hold"),
      status: ["requested changes"],
    },
    {
      rule: "a changes request is lifted by the reviewer's later /lgtm",
      input: input({ comments: [approve(1), say(3, "frank", "/lgtm", 3)], reviews: [review(2, "frank", "changes_requested", 2)] }),
      steps: [["labels +lgtm +approved", "status create"], [`merge ${HEAD}`], ["delete branch"], ["complete"]],
    },
    {
      rule: "an approver's /approve cancel withdraws their approval",
      input: input({ comments: [approve(1), say(2, "carol", "/approve cancel", 2)] }),
      steps: [["status create"]],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));
});

describe("planPull: edited comments can only withhold (issue 9)", () => {
  const revisions = (id: number, ...versions: PlanRevision[]) => new Map([[`node-${id}`, versions]]);
  const rows: Row[] = [
    {
      rule: "a comment edited to /approve never grants",
      input: input({ comments: [say(1, "carol", "thanks", 1, { body: "/approve", m: 3 })], revisions: revisions(1, { body: "thanks", at: T(1) }) }),
      steps: [["status create"]],
    },
    {
      rule: "an edit that adds /hold holds, for its author, from the time of the edit",
      input: input({ comments: [approve(1, "carol", 2), say(2, "dave", "nice", 1, { body: "/hold", m: 3 })], revisions: revisions(2, { body: "nice", at: T(1) }) }),
      steps: held("labels +approved +do-not-merge/hold"),
      status: ["`dave` (`/hold`)"],
    },
    {
      rule: "a /hold edited away still holds (every version counts at its own time)",
      input: input({ comments: [say(1, "dave", "/hold", 1, { body: "never mind", m: 3 }), approve(2, "carol", 2)], revisions: revisions(1, { body: "/hold", at: T(1), editor: "dave" }) }),
      steps: held("labels +approved +do-not-merge/hold"),
    },
    {
      rule: "a version written by another editor holds in that editor's name",
      input: input({ comments: [say(1, "dave", "hi", 1, { body: "hi", m: 3 }), approve(2)], revisions: revisions(1, { body: "/hold", at: T(2), editor: "gina" }) }),
      steps: held("labels +approved +do-not-merge/hold"),
      status: ["`gina` (`/hold`)"],
    },
    {
      rule: "an edit can never lift a hold: /hold cancel added by an edit is ignored",
      input: input({ comments: [say(1, "dave", "/hold", 1), approve(2), say(3, "dave", "ok", 2, { body: "/hold cancel", m: 4 })], revisions: revisions(3, { body: "ok", at: T(2) }) }),
      steps: held("labels +approved +do-not-merge/hold"),
    },
    {
      rule: "an edit that adds /approve cancel withdraws the approval at its own time",
      input: input({ comments: [approve(1), say(2, "carol", "note", 2, { body: "/approve cancel", m: 3 })], revisions: revisions(2, { body: "note", at: T(2) }) }),
      steps: [["status create"]],
    },
    {
      rule: "an /approve cancel edited away keeps the withdrawal",
      input: input({ comments: [approve(1), say(2, "carol", "/approve cancel", 2, { body: "oops", m: 3 })], revisions: revisions(2, { body: "/approve cancel", at: T(2) }) }),
      steps: [["status create"]],
    },
    {
      rule: "an edited comment is never answered: its /help, /approve and unknown words count for nothing, nor get a reaction",
      input: input({ comments: [say(1, "dave", "hi", 1, { body: "/help\n/approve\n/frobnicate", m: 2 })], triggerCommentIds: [1] }),
      steps: [["status create"]],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));
});

describe("planPull: who may not approve, and holds (issue 9)", () => {
  const rows: Row[] = [
    {
      rule: "the request's owner cannot approve it, even as an approver: refused, not merged",
      input: input({ comments: [approve(1, "erin")], facts: { request: { ...REQUEST, owner: "erin", members: ["erin"] } }, triggerCommentIds: [1] }),
      steps: [["react 1 -1"], ["refusal create erin:approve=1"], ["status create"]],
    },
    {
      rule: "a member of the request cannot /lgtm it",
      input: input({ comments: [say(1, "Gina", "/lgtm", 1)], config: { approvers: { reviewers: ["gina"] } } }),
      steps: [["refusal create gina:lgtm=1"], ["status create"]],
    },
    {
      rule: "the requester cannot approve their own request, even as an approver",
      input: input({ comments: [approve(1, "alice")], config: { approvers: { users: ["alice", "carol"] } } }),
      steps: [["refusal create alice:approve=1"], ["status create"]],
    },
    {
      rule: "the requester's /hold blocks the merge",
      input: input({ comments: [say(1, "alice", "/hold", 1), approve(2)] }),
      steps: held("labels +approved +do-not-merge/hold"),
      status: ["on hold by `alice`"],
    },
    {
      rule: "an approver's /hold cancel lifts anyone's hold",
      input: input({ comments: [say(1, "dave", "/hold", 1), approve(2), say(3, "erin", "/hold cancel", 3)] }),
      steps: MERGES,
    },
    {
      rule: "the holder lifts their own hold with /unhold",
      input: input({ comments: [say(1, "dave", "/hold", 1), approve(2), say(3, "dave", "/unhold", 3)] }),
      steps: MERGES,
    },
    {
      rule: "an outsider cannot lift someone else's hold: refused, still held",
      input: input({ comments: [say(1, "alice", "/hold", 1), approve(2), say(3, "dave", "/hold cancel", 3)] }),
      steps: [["refusal create dave:hold-cancel=3"], ...held("labels +approved +do-not-merge/hold")],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));
});

describe("planPull: the head and the request (issue 9)", () => {
  const rows: Row[] = [
    {
      rule: "a foreign head (not vouched by the ledger) is held, named and never merged; nothing granted counts",
      input: input({ comments: [approve(1)], vouched: undefined, pull: { headSha: "f00d" }, facts: { headSha: "f00d" } }),
      steps: held("labels +do-not-merge/hold"),
      status: ["the head of this branch is commit `f00d`, which onboarding-bot did not make", "the request is not valid"],
    },
    {
      rule: "a foreign commit handed over by the request side is held and named",
      input: input({ vouched: undefined, pull: { headSha: "evil" }, facts: { requestValid: false, foreignCommit: "evil", headSha: "evil" } }),
      steps: held("labels +do-not-merge/hold"),
      status: ["commit `evil`, which onboarding-bot did not make"],
    },
    {
      rule: "the head moved since validation: everything else says merge, nothing merges this time",
      input: input({ comments: [approve(1)], facts: { headSha: "head0" } }),
      steps: held("labels +approved"),
    },
    {
      rule: "an invalid request holds the pull request with a note naming the fields, never their values",
      input: input({ comments: [approve(1)], facts: { requestValid: false, problems: [{ field: "team", label: "Team name <b>", message: "taken" }] } as never }),
      steps: held("labels +approved +do-not-merge/hold"),
      status: ["**On hold:** the request is no longer valid (problems in **Team name b**)"],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));

  it("counts a pull request as newly held only when its hold label is not there yet", () => {
    const invalid = { requestValid: false, problems: [] };
    expect(planPull(input({ facts: invalid })).newlyHeld).toBe(true);
    expect(planPull(input({ facts: invalid, pull: { labels: ["onboarding", "do-not-merge/hold"] } })).newlyHeld).toBe(false);
  });

  it("reports a moved head so the shell can say why it did not merge", () => {
    expect(planPull(input({ comments: [approve(1)], facts: { headSha: "head0" } })).headMoved).toBe(true);
    expect(planPull(input({ comments: [approve(1)] })).headMoved).toBe(false);
  });
});

describe("planPull: answers, refusals and /close (issue 10)", () => {
  const refusal = (key: string, ids: number[], reason: string) => bot(900 + ids[0]!, renderRefusal(key, ids, reason));
  const rows: Row[] = [
    {
      rule: "outsiders' refused commands are coalesced: one refusal reply per person and command kind",
      input: input({ comments: [say(1, "dave", "/approve", 1), say(2, "dave", "/approve", 2), say(3, "dave", "/lgtm", 3), say(4, "mallory", "/approve", 4)], triggerCommentIds: [3] }),
      steps: [["react 3 -1"], ["refusal create dave:approve=1,2", "refusal create dave:lgtm=3", "refusal create mallory:approve=4"], ["status create"]],
    },
    {
      rule: "a person's existing refusal reply is edited to list the new comment, not repeated",
      input: input({ comments: [say(1, "dave", "/approve", 1), refusal("dave:approve", [1], "/approve is only for approvers"), say(5, "dave", "/approve", 5)] }),
      steps: [["refusal update dave:approve=1,5"], ["status create"]],
    },
    {
      rule: "a refusal already answered is not written again",
      input: input({ comments: [say(1, "dave", "/approve", 1), refusal("dave:approve", [1], "/approve is only for approvers")] }),
      steps: [["status create"]],
    },
    {
      rule: "duplicate refusal replies left by racing replicas are merged into the oldest",
      input: input({ comments: [say(1, "dave", "/approve", 1), say(2, "dave", "/approve", 2), refusal("dave:approve", [1], "x"), refusal("dave:approve", [2], "x")] }),
      steps: [["refusal update dave:approve=1,2", "refusal delete dave:approve"], ["status create"]],
    },
    {
      rule: "/close by an approver answers, closes the pull request and rejects the request",
      input: input({ comments: [say(1, "carol", "/close", 1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"], ["reply 1"], ["close"]],
      outcome: "closed",
    },
    {
      rule: "/close by the requester closes too",
      input: input({ comments: [say(1, "alice", "/close", 1)] }),
      steps: [["reply 1"], ["close"]],
      outcome: "closed",
    },
    {
      rule: "/close by anyone else is refused and closes nothing",
      input: input({ comments: [say(1, "dave", "/close", 1)], triggerCommentIds: [1] }),
      steps: [["react 1 -1"], ["refusal create dave:close=1"], ["status create"]],
    },
    {
      rule: "a /close already answered is not carried out again",
      input: input({ comments: [say(1, "carol", "/close", 1), bot(2, `${replyMarker(1)}\nclosing`)] }),
      steps: [["status create"]],
    },
    {
      rule: "/help is answered once, with a reply marker, and acknowledged",
      input: input({ comments: [say(1, "dave", "/help", 1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"], ["reply 1"], ["status create"]],
    },
    {
      rule: "a comment answered before (the app's own reply marker) is not answered again",
      input: input({ comments: [say(1, "dave", "/help", 1), bot(2, `${replyMarker(1)}\nCommands`)] }),
      steps: [["status create"]],
    },
    {
      rule: "a reply marker forged by another bot does not stop the answer",
      input: input({ comments: [say(1, "dave", "/help", 1), bot(2, `${replyMarker(1)}\nCommands`, false)] }),
      steps: [["reply 1"], ["status create"]],
    },
    {
      rule: "an unknown command is answered with the command list and a 👎",
      input: input({ comments: [say(1, "dave", "/frobnicate", 1)], triggerCommentIds: [1] }),
      steps: [["react 1 -1"], ["reply 1"], ["status create"]],
    },
    {
      rule: "commands from bots are ignored entirely: no effect, no answer, no reaction",
      input: input({ comments: [{ ...say(1, "helper[bot]", "/approve\n/hold\n/help", 1), user: { login: "helper[bot]", type: "Bot" } }], triggerCommentIds: [1] }),
      steps: [["status create"]],
    },
    {
      rule: "each trigger comment of a coalesced burst gets its own reaction, once",
      input: input({ comments: [say(1, "dave", "/hold", 1), say(2, "dave", "/approve", 2), approve(3, "carol", 3)], triggerCommentIds: [1, 2, 3, 3] }),
      steps: [["react 1 +1", "react 2 -1", "react 3 +1"], ["refusal create dave:approve=2"], ["labels +approved +do-not-merge/hold", "status create"]],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));

  it("writes each reply with the marker of the comment it answers", () => {
    const plan = planPull(input({ comments: [say(1, "dave", "/help", 1)] }));
    const reply = plan.steps.flat().find((a) => a.kind === "reply");
    expect(reply?.kind === "reply" && reply.body.startsWith(`${replyMarker(1)}\nCommands on this pull request:`)).toBe(true);
  });

  it("hands the role cache the roles, the holders and the refusal replies found", () => {
    const found = bot(9, renderRefusal("dave:approve", [1], "x"));
    const plan = planPull(input({ comments: [say(1, "dave", "/approve", 1), found, say(2, "Alice", "/hold", 2)] }));
    expect([...(plan.roleFacts?.holders ?? [])]).toEqual(["alice"]);
    expect(plan.roleFacts?.replies.get("dave:approve")).toEqual([{ id: 9, ids: [1] }]);
    expect(plan.roleFacts?.roles.approvers.has("carol")).toBe(true);
  });

  it("counts every verdict of the trigger comments for the commands metric", () => {
    const plan = planPull(input({ comments: [say(1, "dave", "/hold\n/approve\n/frobnicate", 1)], triggerCommentIds: [1] }));
    expect(plan.verdicts).toEqual([
      { verb: "hold", outcome: "accepted" },
      { verb: "approve", outcome: "refused" },
      { verb: "unknown", outcome: "unknown" },
    ]);
  });
});

describe("planPull: merged, closed, dry-run and mergeability", () => {
  const rows: Row[] = [
    {
      rule: "a merged pull request still reacts to the trigger comments, then completes the request",
      input: input({ pull: { merged: true, state: "closed" }, vouched: undefined, comments: [approve(1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"], ["complete"]],
      outcome: "merged",
    },
    {
      rule: "a pull request closed without merge reacts and does nothing else",
      input: input({ pull: { state: "closed" }, comments: [say(1, "carol", "/close", 1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"]],
      outcome: "closed",
    },
    {
      rule: "dry-run plans no write to the pull request, however ready it is",
      input: input({ comments: [approve(1), say(2, "dave", "/help", 2), say(3, "dave", "/approve", 3), say(4, "carol", "/close", 4)], triggerCommentIds: [1], dryRun: true }),
      steps: [],
    },
    {
      rule: "dry-run on a merged pull request only completes the request issue",
      input: input({ pull: { merged: true, state: "closed" }, comments: [approve(1)], triggerCommentIds: [1], dryRun: true }),
      steps: [["complete"]],
      outcome: "merged",
    },
    {
      rule: "mergeability not computed yet while everything else says merge: recheck before writing labels and status",
      input: input({ pull: { mergeable: null }, comments: [approve(1)], triggerCommentIds: [1] }),
      steps: [["react 1 +1"], ["recheck mergeability"]],
    },
    {
      rule: "mergeability still unknown after the recheck: the status says so and nothing merges",
      input: input({ pull: { mergeable: null }, comments: [approve(1)], mergeabilityRechecked: true }),
      steps: held("labels +approved"),
      status: ["GitHub has not computed mergeability yet"],
    },
    {
      rule: "mergeability unknown but approvals missing: no recheck",
      input: input({ pull: { mergeable: null } }),
      steps: [["status create"]],
    },
    {
      rule: "merge conflicts: no recheck and no merge",
      input: input({ pull: { mergeable: false }, comments: [approve(1)] }),
      steps: held("labels +approved"),
      status: ["the pull request has merge conflicts"],
    },
    {
      rule: "the branch is kept when deleteBranch is off",
      input: input({ comments: [approve(1)], config: { merge: { deleteBranch: false, method: "rebase" } } }),
      steps: [["labels +approved", "status create"], [`merge ${HEAD}`], ["complete"]],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));

  it("merges with the configured method and the pull request's title and number", () => {
    const plan = planPull(input({ comments: [approve(1)], config: { merge: { method: "rebase" } } }));
    expect(plan.steps.flat().find((a) => a.kind === "merge")).toEqual({ kind: "merge", sha: HEAD, method: "rebase", title: "Onboarding: astro-lab (#7)" });
  });

  it("completes with what rendering created, for the summary on the request", () => {
    const summary = { createdPaths: ["a.yaml"], editedPaths: [], teamReused: false };
    const plan = planPull(input({ comments: [approve(1)], facts: { summary } }));
    expect(plan.steps.flat().find((a) => a.kind === "complete")).toEqual({ kind: "complete", details: { request: REQUEST, summary } });
  });
});

describe("planPull: labels and the status comment mirror the state", () => {
  const current = planPull(input()).steps.flat().find((a) => a.kind === "status");
  const body = current?.kind === "status" ? current.body : "";
  const rows: Row[] = [
    {
      rule: "labels a person added by hand are removed, by their own spelling",
      input: input({ pull: { labels: ["onboarding", "approved", "LGTM", "do-not-merge/hold", "keep-me"] } }),
      steps: [["labels -LGTM -approved -do-not-merge/hold", "status create"]],
    },
    {
      rule: "a label present in another case counts as present",
      input: input({ comments: [say(1, "frank", "/lgtm", 1)], pull: { labels: ["Onboarding", "LGTM"] } }),
      steps: [["status create"]],
    },
    {
      rule: "the pull request label is put back when missing",
      input: input({ pull: { labels: [] } }),
      steps: [["labels +onboarding", "status create"]],
    },
    {
      rule: "a current status comment costs no write",
      input: input({ comments: [bot(5, body)] }),
      steps: [],
    },
    {
      rule: "a stale status comment is edited in place",
      input: input({ comments: [bot(5, `${PR_STATUS_MARKER}\nold`)] }),
      steps: [["status update 5"]],
    },
    {
      rule: "a status marker in another bot's comment is never adopted",
      input: input({ comments: [bot(5, `${PR_STATUS_MARKER}\nforged`, false)] }),
      steps: [["status create"]],
    },
  ];
  it.each(rows)("$rule", (row) => void check(row));

  it("is pure: the same input gives the same plan, and the input is left as it was", () => {
    const given = input({ comments: [approve(1), say(2, "dave", "/approve", 2)], triggerCommentIds: [1, 2] });
    const copy = structuredClone(given);
    expect(planPull(given)).toEqual(planPull(given));
    expect(given).toEqual(copy);
  });
});
