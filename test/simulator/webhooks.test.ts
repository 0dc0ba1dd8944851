import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";
import type { SimEvent } from "./index.js";

const FULL = "acme/requests";
const repo = { owner: "acme", repo: "requests" };

const names = (events: SimEvent[]): string[] => events.map((e) => `${e.name}.${e.payload.action ?? ""}`);

describe("webhook events", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo(FULL);
      sim.addUser("Alice", { id: 77 });
    },
    { installationId: 5 },
  );

  it("emits issues.opened then labeled with repository, installation, sender and issue fields", () => {
    const number = gh.sim.openIssue(FULL, { author: "Alice", title: "Onboard", body: "### Team\n\nteam-a", labels: ["onboarding"] });
    const events = gh.sim.takeEvents();
    expect(names(events)).toEqual(["issues.opened", "issues.labeled"]);
    const [opened, labeled] = events;
    expect(opened?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened?.payload).toMatchObject({
      installation: { id: 5 },
      repository: { name: "requests", full_name: FULL, owner: { login: "acme", type: "Organization" }, default_branch: "main", html_url: "https://github.com/acme/requests" },
      sender: { login: "Alice", type: "User", id: 77 },
      issue: { number, title: "Onboard", body: "### Team\n\nteam-a", state: "open", state_reason: null, labels: [], user: { login: "Alice", type: "User" }, html_url: `https://github.com/${FULL}/issues/${number}` },
    });
    expect(opened?.payload.issue).not.toHaveProperty("pull_request");
    expect(labeled?.payload).toMatchObject({ label: { name: "onboarding" }, issue: { labels: [{ name: "onboarding" }] } });
    expect(gh.sim.takeEvents()).toEqual([]);
  });

  it("emits edited with changes, closed with a state reason, and reopened", () => {
    const number = gh.sim.openIssue(FULL, { author: "Alice", title: "t", body: "old" });
    gh.sim.takeEvents();
    gh.sim.editIssue(FULL, number, { body: "new" });
    gh.sim.closeIssue(FULL, number, "Alice", "not_planned");
    gh.sim.reopenIssue(FULL, number, "Alice");
    const events = gh.sim.takeEvents();
    expect(names(events)).toEqual(["issues.edited", "issues.closed", "issues.reopened"]);
    expect(events[0]?.payload).toMatchObject({ changes: { body: { from: "old" } }, issue: { body: "new" } });
    expect(events[1]?.payload.issue).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(events[2]?.payload.issue).toMatchObject({ state: "open", state_reason: "reopened" });
  });

  it("emits issue_comment created and edited, with the bot as sender for the app's comments", async () => {
    const number = gh.sim.openIssue(FULL, { author: "Alice", title: "t", body: "b" });
    gh.sim.takeEvents();
    const { data: created } = await gh.octokit.rest.issues.createComment({ ...repo, issue_number: number, body: "Thanks!" });
    const id = gh.sim.comment(FULL, number, "Alice", "/retry");
    gh.sim.editComment(FULL, id, "/retry please", "Alice");
    const events = gh.sim.takeEvents();
    expect(names(events)).toEqual(["issue_comment.created", "issue_comment.created", "issue_comment.edited"]);
    expect(events[0]?.payload).toMatchObject({
      sender: { login: "onboarding-bot[bot]", type: "Bot" },
      comment: { id: created.id, body: "Thanks!", user: { login: "onboarding-bot[bot]", type: "Bot" }, html_url: expect.stringContaining(`#issuecomment-${created.id}`) },
      issue: { number },
    });
    expect(events[0]?.payload.comment.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(events[2]?.payload).toMatchObject({ changes: { body: { from: "/retry" } }, comment: { id, body: "/retry please" } });
  });

  it("emits labeled/unlabeled for the app's label changes and closed for its PATCH", async () => {
    const number = gh.sim.openIssue(FULL, { author: "Alice", title: "t", body: "b", labels: ["onboarding"] });
    gh.sim.takeEvents();
    await gh.octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: ["needs-info"] });
    await gh.octokit.rest.issues.removeLabel({ ...repo, issue_number: number, name: "onboarding" });
    await expect(gh.octokit.rest.issues.removeLabel({ ...repo, issue_number: number, name: "onboarding" })).rejects.toMatchObject({ status: 404 });
    await gh.octokit.rest.issues.update({ ...repo, issue_number: number, state: "closed", state_reason: "completed" });
    const events = gh.sim.takeEvents();
    expect(names(events)).toEqual(["issues.labeled", "issues.unlabeled", "issues.closed"]);
    expect(events.every((e) => e.payload.sender.type === "Bot")).toBe(true);
    expect(gh.sim.issue(FULL, number)).toMatchObject({ labels: ["needs-info"], state: "closed", state_reason: "completed" });
  });

  it("emits pull_request events with head and base and a lower-case review state", async () => {
    gh.sim.pushCommit(FULL, "feature", { "a.txt": "a\n" }, "Alice");
    gh.sim.takeEvents();
    {
      const { data: pull } = await gh.octokit.rest.pulls.create({ ...repo, head: "feature", base: "main", title: "Add a", body: "body" });
      gh.sim.submitReview(FULL, pull.number, "Alice", "COMMENTED", "nice");
      const events = gh.sim.takeEvents();
      expect(names(events)).toEqual(["pull_request.opened", "pull_request_review.submitted"]);
      expect(events[0]?.payload).toMatchObject({
        number: pull.number,
        pull_request: {
          number: pull.number,
          state: "open",
          merged: false,
          title: "Add a",
          body: "body",
          head: { ref: "feature", sha: gh.sim.ref(FULL, "feature") },
          base: { ref: "main", sha: gh.sim.ref(FULL, "main") },
          user: { login: "onboarding-bot[bot]", type: "Bot" },
          labels: [],
          html_url: `https://github.com/${FULL}/pull/${pull.number}`,
        },
      });
      expect(events[1]?.payload.review).toMatchObject({ state: "commented", body: "nice", user: { login: "Alice" }, commit_id: pull.head.sha });
      expect(events[1]?.payload.review.submitted_at).toEqual(expect.any(String));
    }
  });

  it("lists issues with GitHub's pagination link header", async () => {
    for (let i = 0; i < 5; i++) gh.sim.openIssue(FULL, { author: "Alice", title: `#${i}`, body: "b", labels: i % 2 === 0 ? ["even"] : [] });
    const first = await gh.octokit.rest.issues.listForRepo({ ...repo, per_page: 2 });
    expect(first.headers.link).toContain('rel="next"');
    const all = await gh.octokit.paginate(gh.octokit.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all.map((i) => i.number)).toEqual([5, 4, 3, 2, 1]);
    const even = await gh.octokit.rest.issues.listForRepo({ ...repo, labels: "even" });
    expect(even.data.map((i) => i.number)).toEqual([5, 3, 1]);
  });

  it("answers 201 for a new reaction and 200 when the same user repeats it", async () => {
    const number = gh.sim.openIssue(FULL, { author: "Alice", title: "t", body: "b" });
    const id = gh.sim.comment(FULL, number, "Alice", "/approve");
    const first = await gh.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: id, content: "+1" });
    const again = await gh.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: id, content: "+1" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(gh.sim.comments(FULL, number)[0]?.reactions.map((r) => [r.content, r.user.login])).toEqual([["+1", "onboarding-bot[bot]"]]);
  });
});
