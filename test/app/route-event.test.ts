import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { HANDLED_EVENTS, isTrustedRoute, routeEvent } from "../../src/app/route-event.js";
import { renderRequestMarker } from "../../src/publishing/request-marker.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** GitHub's own example payloads (@octokit/webhooks-examples), read once. */
const EXAMPLES = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"),
) as Array<{ name: string; examples: Json[] }>;

/** A fresh copy of the first example of `event.action`, so each test can reshape it. */
function example(name: string): Json {
  const [event, action] = name.split(".");
  const found = EXAMPLES.find((e) => e.name === event)?.examples.find((x) => x.action === action);
  if (!found) throw new Error(`no webhook example for ${name}`);
  return structuredClone(found);
}

const REQUEST_REF = { owner: "operate-first", repo: "apps", number: 42 };
const MARKED_BODY = `${renderRequestMarker({ ...REQUEST_REF, digest: "0123456789abcdef0123" })}\n## Onboarding: team \`aurora\``;
const BOT = { login: "onboarding-bot[bot]", type: "Bot" };

/** A pull request event payload whose body carries (or not) the bot's request marker. */
function pullEvent(name: string, body: string | null): Json {
  const payload = example(name);
  payload.pull_request.body = body;
  return payload;
}

/** An issue comment payload with the given body, on an issue or on a pull request. */
function commentEvent(body: string, on: "issue" | "pull", issueBody: string | null = "", labels: unknown[] = [{ name: "onboarding" }]): Json {
  const payload = example("issue_comment.created");
  payload.comment.body = body;
  payload.issue.body = issueBody;
  payload.issue.labels = labels;
  if (on === "pull") payload.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
  else delete payload.issue.pull_request;
  return payload;
}

describe("routeEvent", () => {
  it("routes every issues event on a labelled issue to that issue's request", () => {
    for (const name of HANDLED_EVENTS.filter((n) => n.startsWith("issues."))) {
      const action = name.split(".")[1] as string;
      const payload = example(action === "closed" ? "issues.opened" : name);
      payload.action = action;
      expect(routeEvent(name, payload), name).toEqual({
        kind: "request",
        ref: { owner: "Codertocat", repo: "Hello-World", number: payload.issue.number },
        source: "issue",
      });
    }
  });

  it("skips issues without labels (they cannot be onboarding requests)", () => {
    const payload = example("issues.opened");
    payload.issue.labels = [];
    expect(routeEvent("issues.opened", payload)).toEqual({ kind: "skip", reason: "not-onboarding" });
    delete payload.issue.labels;
    expect(routeEvent("issues.opened", payload)).toEqual({ kind: "skip", reason: "not-onboarding" });
  });

  it("skips issues events about pull requests", () => {
    const payload = example("issues.opened");
    payload.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
    expect(routeEvent("issues.opened", payload)).toEqual({ kind: "skip", reason: "unsupported" });
  });

  it("skips every event a bot sent, including the app's own writes", () => {
    const payloads: Array<[string, Json]> = [
      ["issues.opened", example("issues.opened")],
      ["issues.labeled", example("issues.labeled")],
      ["issue_comment.created", commentEvent("/retry", "issue")],
      ["issue_comment.created", commentEvent("/approve", "pull", MARKED_BODY)],
      ["pull_request.closed", pullEvent("pull_request.closed", MARKED_BODY)],
      ["pull_request_review.submitted", pullEvent("pull_request_review.submitted", MARKED_BODY)],
    ];
    for (const [name, payload] of payloads) {
      payload.sender = { ...payload.sender, ...BOT };
      expect(routeEvent(name, payload), name).toEqual({ kind: "skip", reason: "bot" });
    }
  });

  it("routes a command comment on a labelled request issue with the comment id", () => {
    const payload = commentEvent("Thanks!\n/retry", "issue");
    expect(routeEvent("issue_comment.created", payload)).toEqual({
      kind: "request",
      ref: { owner: "Codertocat", repo: "Hello-World", number: payload.issue.number },
      source: "issue",
      commentId: payload.comment.id,
      commentOn: "issue",
    });
  });

  it("routes unknown /commands too, so the bot can answer them", () => {
    const payload = commentEvent("/retyr", "issue");
    expect(routeEvent("issue_comment.created", payload)).toMatchObject({ kind: "request", commentOn: "issue" });
  });

  it("skips comments without commands, wherever they are", () => {
    expect(routeEvent("issue_comment.created", example("issue_comment.created"))).toEqual({ kind: "skip", reason: "no-command" });
    for (const body of ["", "looks good to me", "/lgtm looks great", "> /approve", "```\n/approve\n```", "<!-- /approve -->"]) {
      expect(routeEvent("issue_comment.created", commentEvent(body, "pull", MARKED_BODY)), body).toEqual({ kind: "skip", reason: "no-command" });
      expect(routeEvent("issue_comment.created", commentEvent(body, "issue")), body).toEqual({ kind: "skip", reason: "no-command" });
    }
    const nullBody = commentEvent("", "issue");
    nullBody.comment.body = null;
    expect(routeEvent("issue_comment.created", nullBody)).toEqual({ kind: "skip", reason: "no-command" });
  });

  it("skips command comments on issues without labels", () => {
    expect(routeEvent("issue_comment.created", commentEvent("/retry", "issue", "", []))).toEqual({ kind: "skip", reason: "not-onboarding" });
  });

  it("routes a command on a pull request carrying the marker to the request the marker names", () => {
    const payload = commentEvent("/approve", "pull", MARKED_BODY, []);
    expect(routeEvent("issue_comment.created", payload)).toEqual({
      kind: "request",
      ref: REQUEST_REF,
      source: "pull",
      commentId: payload.comment.id,
      commentOn: "pull",
    });
  });

  it("skips a command on a pull request without the marker, or with a forged one", () => {
    expect(routeEvent("issue_comment.created", commentEvent("/approve", "pull", "Fixes #42"))).toEqual({ kind: "skip", reason: "not-onboarding" });
    expect(routeEvent("issue_comment.created", commentEvent("/approve", "pull", null))).toEqual({ kind: "skip", reason: "not-onboarding" });
    const forged = '<!-- onboarding-bot:request {"owner":"operate-first","repo":"apps","number":"42","digest":"ab"} -->';
    expect(routeEvent("issue_comment.created", commentEvent("/approve", "pull", forged))).toEqual({ kind: "skip", reason: "not-onboarding" });
  });

  it("routes pull request and review events carrying the marker to their request", () => {
    for (const name of HANDLED_EVENTS.filter((n) => n.startsWith("pull_request"))) {
      const action = name.split(".")[1] as string;
      const base = name.startsWith("pull_request_review") ? "pull_request_review.submitted" : "pull_request.closed";
      const payload = pullEvent(base, MARKED_BODY);
      payload.action = action;
      expect(routeEvent(name, payload), name).toEqual({ kind: "request", ref: REQUEST_REF, source: "pull" });
    }
  });

  it("skips pull request and review events without the marker", () => {
    expect(routeEvent("pull_request.closed", example("pull_request.closed"))).toEqual({ kind: "skip", reason: "not-onboarding" });
    expect(routeEvent("pull_request_review.dismissed", pullEvent("pull_request_review.dismissed", ""))).toEqual({ kind: "skip", reason: "not-onboarding" });
    expect(routeEvent("pull_request.synchronize", pullEvent("pull_request.synchronize", null))).toEqual({ kind: "skip", reason: "not-onboarding" });
  });

  it("skips events it does not handle and payloads without a repository", () => {
    expect(routeEvent("push", { sender: { type: "User" }, repository: { name: "r", owner: { login: "o" } } })).toEqual({
      kind: "skip",
      reason: "unsupported",
    });
    const noRepo = example("issues.opened");
    delete noRepo.repository;
    expect(routeEvent("issues.opened", noRepo)).toEqual({ kind: "skip", reason: "unsupported" });
    expect(routeEvent("issues.opened", null)).toEqual({ kind: "skip", reason: "unsupported" });
    expect(routeEvent("issues.opened", "not an object")).toEqual({ kind: "skip", reason: "unsupported" });
  });

  it("skips comment payloads missing the issue number or comment id", () => {
    const noId = commentEvent("/retry", "issue");
    delete noId.comment.id;
    expect(routeEvent("issue_comment.created", noId)).toEqual({ kind: "skip", reason: "unsupported" });
    const noNumber = commentEvent("/retry", "issue");
    delete noNumber.issue.number;
    expect(routeEvent("issue_comment.created", noNumber)).toEqual({ kind: "skip", reason: "unsupported" });
  });

  describe("isTrustedRoute", () => {
    const trust = { supportRepositories: [{ owner: "acme", repo: "support" }], gitopsRepository: { owner: "acme", repo: "apps" } };
    const issueRoute = { kind: "request" as const, ref: { owner: "acme", repo: "support", number: 1 }, source: "issue" as const };
    const pullRoute = { kind: "request" as const, ref: { owner: "acme", repo: "support", number: 1 }, source: "pull" as const };

    it("trusts request events only from a support repository", () => {
      expect(isTrustedRoute(issueRoute, { owner: "ACME", repo: "Support" }, trust)).toBe(true);
      const elsewhere = { ...issueRoute, ref: { owner: "acme", repo: "sandbox", number: 1 } };
      expect(isTrustedRoute(elsewhere, { owner: "acme", repo: "sandbox" }, trust)).toBe(false);
    });

    it("trusts pull request events only from the pinned GitOps repository, naming a support repository's request", () => {
      expect(isTrustedRoute(pullRoute, { owner: "acme", repo: "apps" }, trust)).toBe(true);
      expect(isTrustedRoute(pullRoute, { owner: "acme", repo: "other-apps" }, trust)).toBe(false);
      const foreignRequest = { ...pullRoute, ref: { owner: "attacker", repo: "support", number: 1 } };
      expect(isTrustedRoute(foreignRequest, { owner: "acme", repo: "apps" }, trust)).toBe(false);
    });

    it("trusts nothing when no trust roots are set", () => {
      const none = { supportRepositories: [], gitopsRepository: undefined };
      expect(isTrustedRoute(issueRoute, { owner: "acme", repo: "support" }, none)).toBe(false);
      expect(isTrustedRoute(pullRoute, { owner: "acme", repo: "apps" }, none)).toBe(false);
    });
  });
});
