import { describe, expect, it } from "vitest";
import type { ParseConfigResult } from "../../../src/config/parse-config.js";
import type { Config } from "../../../src/config/schema.js";
import type { IssueInfo, PullInfo } from "../../../src/github/reader.js";
import {
  planPublication,
  planRequest,
  type PreparedRequest,
  type PublicationFacts,
  type RequestDecision,
  type RequestFacts,
} from "../../../src/plan/request/plan-request.js";
import { renderRequestMarker } from "../../../src/publishing/request-marker.js";
import type { RenderSummary } from "../../../src/rendering/render-types.js";
import { configFrom, exampleRaw, validRequest } from "../../intake/support.js";

/**
 * The request side's decisions, table-driven and without HTTP (issue 12): every rule of issues 9 and 10 that the
 * request side carries is a row here. The simulator flows (test/app) prove the same rules end to end.
 */

const REF = { owner: "operate-first", repo: "support", number: 7 };
const GITOPS = { owner: "operate-first", repo: "apps" };
const BRANCH = "onboarding/operate-first-support-7";
const CONFIG: Config = configFrom(exampleRaw());
const LOADED: ParseConfigResult = { ok: true, config: CONFIG };

function issue(overrides: Partial<IssueInfo> = {}): IssueInfo {
  return {
    number: REF.number,
    title: "Onboard astro",
    body: "",
    state: "open",
    stateReason: null,
    labels: [CONFIG.labels.request],
    user: { login: "requester", type: "User" },
    htmlUrl: "https://github.com/operate-first/support/issues/7",
    isPull: false,
    closedAt: null,
    ...overrides,
  };
}

const marker = (ref: { owner: string; repo: string; number: number }) => `Onboarding.\n\n${renderRequestMarker({ ...ref, digest: "abc123" })}\n`;

function pull(overrides: Partial<PullInfo> = {}): PullInfo {
  return {
    number: 12,
    state: "open",
    merged: false,
    title: "Onboard astro",
    body: marker(REF),
    headRef: BRANCH,
    headSha: "a".repeat(40),
    baseRef: "main",
    user: { login: "onboarding-bot[bot]", type: "Bot" },
    labels: [],
    htmlUrl: "https://github.com/operate-first/apps/pull/12",
    mergeable: null,
    closedAt: null,
    ...overrides,
  };
}

const OWN = pull();
const FOREIGN = pull({ body: marker({ ...REF, repo: "sandbox" }) });
const UNMARKED = pull({ body: "Hand-made pull request" });

function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    ref: REF,
    botLogin: "onboarding-bot[bot]",
    issue: issue(),
    loaded: LOADED,
    gitops: GITOPS,
    branch: BRANCH,
    dryRun: false,
    retry: false,
    pullCommentTrigger: false,
    ...overrides,
  };
}

const noConfig: ParseConfigResult = { ok: false, problems: [{ key: "operate-first/support:.github/onboarding-bot.yml", message: "no configuration found" }] };
const wrongGitops: ParseConfigResult = {
  ok: false,
  problems: [{ key: "gitops.repository", message: "names evil/apps, but this installation of onboarding-bot is pinned to operate-first/apps" }],
};

describe("planRequest: what a run does before validating a request", () => {
  const rows: Array<{ rule: string; facts: RequestFacts; expected: RequestDecision | { kind: RequestDecision["kind"] } }> = [
    {
      rule: "the app's own login unknown: nothing is done, since no marker can be trusted",
      facts: facts({ botLogin: "", pull: OWN, branchSha: OWN.headSha }),
      expected: { kind: "ignored", reason: "own-login-unknown" },
    },
    { rule: "a pull request's number is not a request", facts: facts({ issue: issue({ isPull: true }) }), expected: { kind: "ignored", reason: "not-an-issue" } },
    {
      rule: "trust: no configuration and no request label: ignored, nothing written",
      facts: facts({ loaded: noConfig, issue: issue({ labels: ["bug"] }) }),
      expected: { kind: "ignored", reason: "not-a-request" },
    },
    {
      rule: "trust: no configuration on a closed issue: ignored",
      facts: facts({ loaded: noConfig, issue: issue({ labels: ["onboarding"], state: "closed" }) }),
      expected: { kind: "ignored", reason: "not-a-request" },
    },
    {
      rule: "trust: a configuration naming another GitOps repository is a configuration error for maintainers",
      facts: facts({ loaded: wrongGitops, issue: issue({ labels: ["onboarding"] }) }),
      expected: { kind: "config-error", problems: wrongGitops.ok ? [] : wrongGitops.problems },
    },
    {
      rule: "an issue without the configured request label is ignored",
      facts: facts({ issue: issue({ labels: ["question"] }) }),
      expected: { kind: "ignored", reason: "not-a-request" },
    },
    {
      rule: "the cloud's issue form does not fit the configuration: configuration error naming intake.form",
      facts: facts({ formProblems: [{ key: "intake.form", message: "does not exist" }] }),
      expected: { kind: "config-error", problems: [{ key: "intake.form", message: "does not exist" }] },
    },
    {
      rule: "a closed request withdraws its own open pull request",
      facts: facts({ issue: issue({ state: "closed" }), pull: OWN, branchSha: OWN.headSha }),
      expected: { kind: "withdraw", pull: OWN },
    },
    {
      rule: "a closed request never withdraws another request's pull request on its branch",
      facts: facts({ issue: issue({ state: "closed" }), pull: FOREIGN, branchSha: FOREIGN.headSha }),
      expected: { kind: "ignored", reason: "foreign-pull" },
    },
    {
      rule: "a closed request never withdraws a hand-made pull request on its branch",
      facts: facts({ issue: issue({ state: "closed" }), pull: UNMARKED, branchSha: UNMARKED.headSha }),
      expected: { kind: "ignored", reason: "foreign-pull" },
    },
    {
      rule: "a closed request in dry-run writes nothing to the GitOps repository",
      facts: facts({ issue: issue({ state: "closed" }), pull: OWN, branchSha: OWN.headSha, dryRun: true }),
      expected: { kind: "ignored", reason: "dry-run" },
    },
    {
      rule: "a closed request without a pull request: nothing to do",
      facts: facts({ issue: issue({ state: "closed" }) }),
      expected: { kind: "ignored", reason: "closed" },
    },
    {
      rule: "a closed request whose pull request merged is completed",
      facts: facts({ issue: issue({ state: "closed" }), pull: pull({ state: "closed", merged: true }) }),
      expected: { kind: "complete", pull: pull({ state: "closed", merged: true }), viaPull: false },
    },
    {
      rule: "a foreign pull request on the branch of an open request is named and the request held",
      facts: facts({ pull: FOREIGN, branchSha: FOREIGN.headSha }),
      expected: { kind: "blocked", reason: expect.stringContaining("#12 in operate-first/apps, which belongs to the request operate-first/sandbox#7") as unknown as string },
    },
    {
      rule: "a hand-made pull request on the branch is named too: it carries no marker",
      facts: facts({ pull: UNMARKED, branchSha: UNMARKED.headSha }),
      expected: { kind: "blocked", reason: expect.stringContaining("carries no onboarding-bot request marker") as unknown as string },
    },
    {
      rule: "a closed foreign pull request whose branch is gone frees the branch",
      facts: facts({ pull: pull({ ...FOREIGN, state: "closed" }) }),
      expected: { kind: "prepare", pull: undefined },
    },
    {
      rule: "its pull request merged: the request completes",
      facts: facts({ pull: pull({ state: "closed", merged: true }) }),
      expected: { kind: "complete", pull: pull({ state: "closed", merged: true }), viaPull: false },
    },
    {
      rule: "merged while a command on the pull request woke the run: completed through the pull request's reconcile",
      facts: facts({ pull: pull({ state: "closed", merged: true }), pullCommentTrigger: true }),
      expected: { kind: "complete", pull: pull({ state: "closed", merged: true }), viaPull: true },
    },
    {
      rule: "its pull request closed without merge: rejected",
      facts: facts({ pull: pull({ state: "closed" }), branchSha: OWN.headSha }),
      expected: { kind: "reject", pull: pull({ state: "closed" }) },
    },
    {
      rule: "closed without merge, and /retry: prepared again (and reopened when published)",
      facts: facts({ pull: pull({ state: "closed" }), branchSha: OWN.headSha, retry: true }),
      expected: { kind: "prepare", pull: pull({ state: "closed" }) },
    },
    { rule: "a fresh request is prepared", facts: facts(), expected: { kind: "prepare", pull: undefined } },
    { rule: "an open request with its own open pull request is prepared", facts: facts({ pull: OWN, branchSha: OWN.headSha }), expected: { kind: "prepare", pull: OWN } },
  ];

  it.each(rows)("$rule", ({ facts: f, expected }) => {
    expect(planRequest(f)).toEqual(expected);
  });
});

const SUMMARY: RenderSummary = {
  namespaces: ["astro-lab"],
  team: "astro",
  teamReused: false,
  clusters: ["smaug"],
  createdPaths: ["cluster-scope/base/core/namespaces/astro-lab/namespace.yaml"],
  editedPaths: ["cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"],
  overlays: ["cluster-scope/overlays/prod/moc/smaug"],
};

const PREPARED: PreparedRequest = {
  ok: true,
  request: validRequest(),
  notices: [],
  files: [
    { path: "cluster-scope/base/core/namespaces/astro-lab/namespace.yaml", content: "kind: Namespace\n" },
    { path: "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml", content: "resources:\n  - astro-lab\n" },
  ],
  summary: SUMMARY,
  originals: new Map([["cluster-scope/overlays/prod/moc/smaug/kustomization.yaml", "resources: []\n"]]),
};

/** A members change ready to publish. */
const PREPARED_CHANGE: PreparedRequest = {
  ok: true,
  change: { name: "Members", rows: [["Team name", "thoth"]], lines: ["adds 'carol' to group 'thoth'"] },
  notices: [],
  summary: { editedPaths: ["cluster-scope/base/user.openshift.io/groups/thoth/group.yaml"] },
  originals: new Map([["cluster-scope/base/user.openshift.io/groups/thoth/group.yaml", "users:\n  - goern\n"]]),
  beneficiaries: ["carol"],
  files: [{ path: "cluster-scope/base/user.openshift.io/groups/thoth/group.yaml", content: "users:\n  - goern\n  - carol\n" }],
  deletions: [],
  digest: "d".repeat(64),
  fields: { team: "t", members: "m" },
  commitMessage: "Members of thoth: add carol",
  title: "Members of thoth: add carol",
  body: "body",
};

const PROBLEMS = [{ field: "team" as const, label: "Team name", message: "is taken" }];
const INVALID: PreparedRequest = { ok: false, problems: PROBLEMS as never, notices: [] };

function publication(overrides: Partial<PublicationFacts> = {}): PublicationFacts {
  return {
    ref: REF,
    config: CONFIG,
    issue: issue(),
    prepared: PREPARED,
    pull: undefined,
    branchSha: undefined,
    dryRun: false,
    retry: false,
    baseCommit: "b".repeat(40),
    openRequests: [],
    ...overrides,
  };
}

const limited = (max: number): Config => ({ ...CONFIG, limits: { ...CONFIG.limits, maxOpenRequests: max } });

describe("planPublication: what a run does with a prepared request", () => {
  const rows: Array<{ rule: string; facts: PublicationFacts; kind: string; check?: (d: ReturnType<typeof planPublication>) => void }> = [
    {
      rule: "an invalid request holds its open pull request",
      facts: publication({ prepared: INVALID, pull: OWN, branchSha: OWN.headSha }),
      kind: "invalid",
      check: (d) => expect(d).toEqual({ kind: "invalid", problems: PROBLEMS, notices: [], holdPull: OWN }),
    },
    {
      rule: "an invalid request with a closed pull request holds nothing",
      facts: publication({ prepared: INVALID, pull: pull({ state: "closed" }) }),
      kind: "invalid",
      check: (d) => expect(d).toMatchObject({ holdPull: undefined }),
    },
    { rule: "dry-run writes nothing to GitOps: only the diff is shown", facts: publication({ dryRun: true }), kind: "dry-run" },
    {
      rule: "dry-run is checked before the open-request limit: nothing is counted or held",
      facts: publication({ dryRun: true, openRequests: undefined }),
      kind: "dry-run",
    },
    {
      rule: "open-request limit: the requester's older open requests at the limit hold a new one",
      facts: publication({ config: limited(2), openRequests: [3, 5, 7] }),
      kind: "blocked",
      check: (d) => expect(d).toMatchObject({ reason: expect.stringContaining("requester already has 2 other open onboarding requests") }),
    },
    {
      rule: "open-request limit: a change request's refusal names its own kind, not onboarding",
      facts: publication({ config: limited(2), openRequests: [3, 5, 7], prepared: PREPARED_CHANGE }),
      kind: "blocked",
      check: (d) => expect(d).toMatchObject({ reason: expect.stringContaining("requester already has 2 other open members change requests") }),
    },
    {
      rule: "open-request limit: newer requests do not count against an older one",
      facts: publication({ config: limited(1), openRequests: [7, 9, 11] }),
      kind: "publish",
    },
    {
      rule: "open-request limit: only the first branch is held; a request already published is updated",
      facts: publication({ config: limited(1), openRequests: [1, 2, 7], pull: OWN, branchSha: OWN.headSha }),
      kind: "publish",
    },
    {
      rule: "open-request limit: a branch without a pull request yet counts as published",
      facts: publication({ config: limited(1), openRequests: [1, 2, 7], branchSha: "c".repeat(40) }),
      kind: "publish",
    },
    {
      rule: "open requests not counted by the observation: count before the first branch",
      facts: publication({ openRequests: undefined }),
      kind: "count-open-requests",
    },
    {
      rule: "publish: the files, title, body with the request marker, commit message on the base, and the ledger fields",
      facts: publication(),
      kind: "publish",
      check: (d) => {
        if (d.kind !== "publish") throw new Error("expected publish");
        expect(d.plan.files).toBe(PREPARED.ok ? PREPARED.files : []);
        expect(d.plan.digest).toMatch(/^[0-9a-f]+$/);
        expect(d.plan.tenantDigest).toMatch(/^[0-9a-f]+$/);
        expect(d.plan.body).toContain(renderRequestMarker({ ...REF, digest: d.plan.digest }));
        expect(d.plan.commitMessage).toContain("b".repeat(40));
        expect(Object.keys(d.plan.fields)).toContain("team");
        expect(d.plan.reopen).toBe(false);
      },
    },
    {
      rule: "publish after /retry reopens the pull request closed without merge",
      facts: publication({ retry: true, pull: pull({ state: "closed" }), branchSha: OWN.headSha }),
      kind: "publish",
      check: (d) => expect(d).toMatchObject({ plan: { reopen: true } }),
    },
    {
      rule: "review is never requested from the requester, and only teams of the GitOps organisation are asked",
      facts: publication({
        config: { ...CONFIG, approvers: { ...CONFIG.approvers, users: ["Requester", "alice"], teams: ["operate-first/admins", "elsewhere/team"] } },
      }),
      kind: "publish",
      check: (d) => expect(d).toMatchObject({ plan: { reviewers: ["alice"], teamReviewers: ["admins"] } }),
    },
  ];

  it.each(rows)("$rule", ({ facts: f, kind, check }) => {
    const decision = planPublication(f);
    expect(decision.kind).toBe(kind);
    check?.(decision);
  });

  it("decides the same twice from the same facts (pure: nothing is read or written)", () => {
    expect(planPublication(publication())).toEqual(planPublication(publication()));
  });
});
