import { describe, expect, it } from "vitest";
import { pullNamesRequest, screenPull } from "../../src/controller/foreign-pull.js";
import type { PullInfo } from "../../src/github/reader.js";
import { renderRequestMarker } from "../../src/publishing/request-marker.js";

const REF = { owner: "operate-first", repo: "support", number: 1 };

function pull(body: string, state: "open" | "closed" = "open"): PullInfo {
  return {
    number: 7,
    state,
    merged: false,
    title: "Onboarding",
    body,
    headRef: "onboarding/issue-1",
    headSha: "a".repeat(40),
    baseRef: "main",
    user: { login: "onboarding-bot[bot]", type: "Bot" },
    labels: [],
    htmlUrl: "https://github.com/operate-first/apps/pull/7",
    mergeable: null,
    closedAt: null,
  };
}

function markerFor(ref: { owner: string; repo: string; number: number }): string {
  return `Onboarding.\n\n${renderRequestMarker({ ...ref, digest: "abc123" })}\n`;
}

describe("pullNamesRequest", () => {
  it("is true only when the marker names the same repository and issue number", () => {
    expect(pullNamesRequest(pull(markerFor(REF)), REF)).toBe(true);
    expect(pullNamesRequest(pull(markerFor({ ...REF, repo: "sandbox" })), REF)).toBe(false);
    expect(pullNamesRequest(pull(markerFor({ ...REF, owner: "other" })), REF)).toBe(false);
    expect(pullNamesRequest(pull(markerFor({ ...REF, number: 2 })), REF)).toBe(false);
  });

  it("compares owner and repository ignoring case, as GitHub does", () => {
    expect(pullNamesRequest(pull(markerFor({ ...REF, owner: "Operate-First", repo: "Support" })), REF)).toBe(true);
  });

  it("is false for a body without a marker or with a malformed one", () => {
    expect(pullNamesRequest(pull("Hand-made pull request"), REF)).toBe(false);
    expect(pullNamesRequest(pull('<!-- onboarding-bot:request {"owner":"operate-first"} -->'), REF)).toBe(false);
  });
});

describe("screenPull", () => {
  it("keeps the request's own pull request", () => {
    const own = pull(markerFor(REF));
    expect(screenPull(own, REF, "b".repeat(40))).toEqual({ kind: "own", pull: own });
  });

  it("calls an open pull request of another request foreign", () => {
    const other = pull(markerFor({ ...REF, repo: "sandbox" }));
    expect(screenPull(other, REF, undefined)).toEqual({ kind: "foreign", pull: other });
  });

  it("calls a closed pull request of another request foreign while its branch exists", () => {
    const other = pull(markerFor({ ...REF, repo: "sandbox" }), "closed");
    expect(screenPull(other, REF, "b".repeat(40))).toEqual({ kind: "foreign", pull: other });
  });

  it("frees the branch when the other request's pull request is closed and its branch is gone", () => {
    expect(screenPull(pull(markerFor({ ...REF, repo: "sandbox" }), "closed"), REF, undefined)).toEqual({ kind: "none" });
  });

  it("finds nothing when there is no pull request", () => {
    expect(screenPull(undefined, REF, undefined)).toEqual({ kind: "none" });
  });
});
