import { describe, expect, it } from "vitest";
import { planIssueCommands, renderReply } from "../../src/controller/issue-commands.js";
import { replyMarker } from "../../src/plan/reply-marker.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import type { CommentInfo, IssueInfo, PullInfo } from "../../src/github/reader.js";

function makeConfig(extra: Record<string, unknown> = {}): Config {
  const result = parseConfig({
    gitops: { repository: "acme/gitops" },
    clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug" }],
    quota: { tiers: [{ name: "small" }] },
    approvers: { users: ["Alice"], reviewers: ["rita"] },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}
const CONFIG = makeConfig();

const ISSUE: IssueInfo = {
  number: 5,
  title: "Onboard aurora",
  body: "",
  state: "open",
  stateReason: null,
  labels: ["onboarding"],
  user: { login: "Requester", type: "User" },
  htmlUrl: "https://github.com/acme/requests/issues/5",
  isPull: false,
  closedAt: null,
};
const BOT = { login: "onboarding-bot[bot]", type: "Bot" as const };
const REQUESTER = { login: "requester", type: "User" as const };
const APPROVER = { login: "alice", type: "User" as const };
const OUTSIDER = { login: "olga", type: "User" as const };

let nextId = 100;
function comment(body: string, user: CommentInfo["user"], at = "2026-01-02T10:00:00Z", updatedAt = at): CommentInfo {
  const id = nextId++;
  return { id, body, user, mine: user.login === BOT.login, createdAt: at, updatedAt, htmlUrl: `https://github.com/acme/requests/issues/5#issuecomment-${id}` };
}

/** What a plan still owes: the retry, the per-comment replies and the bodies of the coalesced refusals. */
function owed(plan: ReturnType<typeof planIssueCommands>) {
  return { retry: plan.retry, replies: plan.replies, refusals: plan.refusals.map((r) => (r.kind === "delete" ? r : r.body)) };
}
const NOTHING = { retry: undefined, replies: [], refusals: [] };

/** The bot's answer to `to`, as the controller posts it. */
const answer = (to: CommentInfo, text = "`/retry`: done") => comment(renderReply({ commentId: to.id, text }, "re-ran"), BOT);

function closedPull(closedAt: string): PullInfo {
  return {
    number: 12,
    state: "closed",
    merged: false,
    title: "t",
    body: "",
    headRef: "onboarding/issue-5",
    headSha: "h",
    baseRef: "main",
    user: BOT,
    labels: [],
    htmlUrl: "https://github.com/acme/gitops/pull/12",
    mergeable: null,
    closedAt,
  };
}

describe("planIssueCommands", () => {
  it("plans a /retry from the requester once, with a reply that awaits the outcome", () => {
    const retry = comment("/retry", REQUESTER);
    const plan = planIssueCommands([retry], ISSUE, CONFIG, undefined);
    expect(plan.retry).toEqual({ commentId: retry.id });
    expect(plan.replies).toEqual([{ commentId: retry.id, text: "`/retry`: {outcome}" }]);
    // Once the answer is on the issue, the same comment plans nothing any more (redelivery, replica, sweep).
    const again = planIssueCommands([retry, answer(retry)], ISSUE, CONFIG, undefined);
    expect(owed(again)).toEqual(NOTHING);
  });

  it("lets approvers /retry too, compared case-insensitively", () => {
    const retry = comment("/RETRY", { login: "ALICE", type: "User" });
    expect(planIssueCommands([retry], ISSUE, CONFIG, undefined).retry).toEqual({ commentId: retry.id });
  });

  it("refuses /retry from anyone else, with a reason and no retry", () => {
    const retry = comment("/retry", OUTSIDER);
    const plan = planIssueCommands([retry], ISSUE, CONFIG, undefined);
    expect(plan.retry).toBeUndefined();
    expect(owed(plan)).toEqual({
      ...NOTHING,
      refusals: [`<!-- onboarding-bot:refusal:olga:retry=${retry.id} -->\n/retry is only for approvers and the requester.`],
    });
    expect(plan.reactions).toEqual([{ commentId: retry.id, content: "-1" }]);
  });

  it("coalesces refusals: one reply per person and command kind, edited to list each comment it answers", () => {
    const first = comment("/retry", OUTSIDER);
    const plan = planIssueCommands([first], ISSUE, CONFIG, undefined);
    const reply = comment(plan.refusals[0]!.kind === "delete" ? "" : plan.refusals[0]!.body, BOT);
    const second = comment("/retry", OUTSIDER);
    const other = comment("/approve", OUTSIDER);
    const next = planIssueCommands([first, reply, second, other], ISSUE, CONFIG, undefined);
    expect(next.refusals).toEqual([
      expect.objectContaining({ kind: "update", id: reply.id, body: `<!-- onboarding-bot:refusal:olga:retry=${first.id},${second.id} -->\n/retry is only for approvers and the requester.` }),
      expect.objectContaining({ kind: "create", body: `<!-- onboarding-bot:refusal:olga:approve=${other.id} -->\n/approve works only on the onboarding pull request.` }),
    ]);
    expect(next.reactions).toEqual([
      { commentId: second.id, content: "-1" },
      { commentId: other.id, content: "-1" },
    ]);
    // A refusal marker written by someone else is not the bot's reply.
    const forged = comment(reply.body, OUTSIDER);
    expect(planIssueCommands([first, forged], ISSUE, CONFIG, undefined).refusals).toEqual([expect.objectContaining({ kind: "create" })]);
  });

  it("does not answer a comment again when the bot's reply marker for it exists", () => {
    const first = comment("/help", OUTSIDER);
    const second = comment("/help", OUTSIDER);
    const plan = planIssueCommands([first, answer(first, "help"), second], ISSUE, CONFIG, undefined);
    expect(plan.replies.map((r) => r.commentId)).toEqual([second.id]);
  });

  it("does not count a reply marker a person pasted as an answer", () => {
    const retry = comment("/retry", REQUESTER);
    const forged = comment(`${replyMarker(retry.id)}\nalready done, honest`, OUTSIDER);
    const plan = planIssueCommands([retry, forged], ISSUE, CONFIG, undefined);
    expect(plan.retry).toEqual({ commentId: retry.id });
    expect(plan.replies.map((r) => r.commentId)).toEqual([retry.id]);
  });

  it("ignores edited comments: an edit can never trigger a command", () => {
    const edited = comment("/retry", REQUESTER, "2026-01-02T10:00:00Z", "2026-01-02T10:05:00Z");
    expect(owed(planIssueCommands([edited], ISSUE, CONFIG, undefined))).toEqual(NOTHING);
  });

  it("refuses /approve on the issue, saying where it works", () => {
    const approve = comment("/approve", APPROVER);
    const plan = planIssueCommands([approve], ISSUE, CONFIG, undefined);
    expect(plan.retry).toBeUndefined();
    expect(owed(plan).refusals).toEqual([`<!-- onboarding-bot:refusal:alice:approve=${approve.id} -->\n/approve works only on the onboarding pull request.`]);
  });

  it("answers unknown commands with the list of commands that work here", () => {
    const typo = comment("/retyr\n/frobnicate", REQUESTER);
    const [reply] = planIssueCommands([typo], ISSUE, CONFIG, undefined).replies;
    expect(reply?.commentId).toBe(typo.id);
    expect(reply?.text).toMatch(/^Unknown commands `\/retyr`, `\/frobnicate`\. Commands on this issue:/);
    expect(reply?.text).toContain("`/retry`");
    expect(reply?.text).not.toContain("`/approve`");
  });

  it("answers /help with the issue's commands", () => {
    const help = comment("/help", OUTSIDER);
    const [reply] = planIssueCommands([help], ISSUE, CONFIG, undefined).replies;
    expect(reply?.text).toMatch(/^Commands on this issue:\n\n\| Command \|/);
    expect(reply?.text).toContain("`/retry`");
  });

  it("ignores comments by bots entirely: no retry, no reply", () => {
    const fromBot = comment("/retry", { login: "renovate[bot]", type: "Bot" });
    const posingAsUser = comment("/retry", { login: "other-app[bot]", type: "User" });
    expect(owed(planIssueCommands([fromBot, posingAsUser], ISSUE, CONFIG, undefined))).toEqual(NOTHING);
  });

  it("skips comments without commands", () => {
    const chat = comment("Thanks, looks good!\n> /retry\n```\n/retry\n```", REQUESTER);
    expect(owed(planIssueCommands([chat], ISSUE, CONFIG, undefined))).toEqual(NOTHING);
  });

  it("reads only the configured number of lines of a comment", () => {
    const config = makeConfig({ limits: { maxCommentLines: 10 } });
    const late = comment(`${"text\n".repeat(10)}/retry`, REQUESTER);
    expect(owed(planIssueCommands([late], ISSUE, config, undefined))).toEqual(NOTHING);
    expect(planIssueCommands([late], ISSUE, CONFIG, undefined).retry).toEqual({ commentId: late.id });
  });

  it("only a /retry written after the pull request was closed reopens it", () => {
    const before = comment("/retry", REQUESTER, "2026-01-02T09:00:00Z");
    const after = comment("/retry", REQUESTER, "2026-01-02T11:00:00Z");
    const pull = closedPull("2026-01-02T10:00:00Z");
    expect(planIssueCommands([before], ISSUE, CONFIG, pull).retry).toBeUndefined();
    expect(planIssueCommands([before, after], ISSUE, CONFIG, pull).retry).toEqual({ commentId: after.id });
  });
});

describe("renderReply", () => {
  it("starts with the reply marker and fills in the outcome", () => {
    expect(renderReply({ commentId: 42, text: "`/retry`: {outcome}" }, "the pull request was reopened")).toBe(
      `${replyMarker(42)}\n\`/retry\`: the pull request was reopened`,
    );
  });

  it("inserts the outcome literally, without expanding $ replacement patterns", () => {
    expect(renderReply({ commentId: 1, text: "`/retry`: {outcome}" }, "cost $& and $' and $$")).toBe(`${replyMarker(1)}\n\`/retry\`: cost $& and $' and $$`);
  });
});

describe("replies on the request issue under a flood of commands", () => {
  it("stay below GitHub's 65,536 characters and say how many answers were left out", () => {
    // Every /help and every refused /retry is answered: thousands of answers in one comment.
    const body = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? "/help" : "/retry")).join("\n");
    const plan = planIssueCommands([comment(body, OUTSIDER)], ISSUE, makeConfig({ limits: { maxCommentLines: 20_000 } }), undefined);
    expect(plan.replies).toHaveLength(1);
    const reply = renderReply(plan.replies[0] ?? { commentId: 0, text: "" }, "re-ran");
    expect(reply.length).toBeLessThan(65_536);
    expect(reply).toContain("Commands on this issue:");
    expect(reply).toMatch(/_… and \d+ more answers left out\._$/);
  });
});
