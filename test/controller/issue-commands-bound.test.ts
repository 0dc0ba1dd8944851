import { describe, expect, it } from "vitest";
import { planIssueCommands, renderReply } from "../../src/controller/issue-commands.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { IssueInfo } from "../../src/github/reader.js";

const result = parseConfig({
  gitops: { repository: "acme/gitops" },
  clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug" }],
  quota: { tiers: [{ name: "small" }] },
  limits: { maxCommentLines: 20_000 },
});
if (!result.ok) throw new Error(JSON.stringify(result.problems));
const config = result.config;

const ISSUE: IssueInfo = {
  number: 5,
  title: "Onboard aurora",
  body: "",
  state: "open",
  stateReason: null,
  labels: ["onboarding"],
  user: { login: "requester", type: "User" },
  htmlUrl: "https://github.com/acme/requests/issues/5",
  isPull: false,
  closedAt: null,
};

describe("replies on the request issue under a flood of commands", () => {
  it("stay below GitHub's 65,536 characters and say how many answers were left out", () => {
    // Every /help and every refused /retry is answered: thousands of answers in one comment.
    const body = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? "/help" : "/retry")).join("\n");
    const at = "2026-01-02T10:00:00Z";
    const plan = planIssueCommands([{ id: 7, body, user: { login: "olga", type: "User" }, createdAt: at, updatedAt: at, htmlUrl: "u" }], ISSUE, config, undefined);
    expect(plan.replies).toHaveLength(1);
    const reply = renderReply(plan.replies[0] ?? { commentId: 0, text: "" }, "re-ran");
    expect(reply.length).toBeLessThan(65_536);
    expect(reply).toContain("Commands on this issue:");
    expect(reply).toMatch(/_… and \d+ more answers left out\._$/);
  });
});
