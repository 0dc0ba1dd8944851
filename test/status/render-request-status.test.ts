import { describe, expect, it } from "vitest";
import { renderRequestStatus, type RequestStatusInput } from "../../src/status/render-request-status.js";
import { STATUS_MARKER } from "../../src/status/markers.js";
import type { Problem } from "../../src/types.js";
import { validRequest } from "../intake/support.js";

const FOOTER = "onboarding-bot edits this comment whenever the issue is edited";

const KINDS: RequestStatusInput[] = [
  { kind: "invalid", problems: [{ field: "team", label: "Team name", message: "m", expected: "e" }] },
  { kind: "valid", request: validRequest() },
  { kind: "config-error", problems: [{ key: "clusters", message: "Required" }] },
  { kind: "internal-error", errorId: "abc123" },
  { kind: "completed", pullRequest: { number: 7, url: "https://github.com/operate-first/apps/pull/7" } },
  { kind: "rejected", pullRequest: { number: 7, url: "https://github.com/operate-first/apps/pull/7" }, reason: "not now" },
  { kind: "blocked", reason: "the branch has a foreign commit" },
];

/** No raw HTML, mention or reference from user text survives in the rendered comment. */
function expectInert(body: string): void {
  expect(body).not.toContain("<img");
  expect(body).not.toMatch(/@everyone|@hubot|#1\b/);
  expect(body).not.toContain("<script");
}

describe("renderRequestStatus: every kind", () => {
  it.each(KINDS.map((k) => [k.kind, k] as const))("%s starts with the marker and ends saying the bot edits it", (_kind, input) => {
    const body = renderRequestStatus(input);
    expect(body.startsWith(`${STATUS_MARKER}\n`)).toBe(true);
    expect(body).toContain(FOOTER);
  });
});

describe("renderRequestStatus: invalid", () => {
  const problems: Problem[] = [
    { field: "team", label: "Team name", message: "'My-Team' is not a valid team name", expected: "lowercase letters" },
    { field: "members", label: "Team members", message: "the GitHub user '<img src=x>' does not exist", value: "<img src=x>" },
    { field: "members", label: "Team members", message: "the GitHub user '<img src=x>' does not exist" },
  ];

  it("lists each problem once as **label**: message — expected", () => {
    const body = renderRequestStatus({ kind: "invalid", problems, notices: [{ field: "members", label: "Team members", message: "the owner 'octocat' was added" }] });
    expect(body).toContain("I found 2 problems.");
    expect(body).toContain("- **Team name**: 'My-Team' is not a valid team name — lowercase letters");
    expect(body).toContain("- **Team members**: the GitHub user '&lt;img src=x&gt;' does not exist");
    expect(body.match(/GitHub user/g)).toHaveLength(1);
    expect(body).toContain("**Good to know**");
    expectInert(body);
  });

  it("says the open pull request is held", () => {
    const body = renderRequestStatus({ kind: "invalid", problems, pullRequest: { number: 3, url: "https://github.com/o/r/pull/3", state: "held" } });
    expect(body).toContain("[#3](https://github.com/o/r/pull/3) is on hold");
  });
});

describe("renderRequestStatus: valid", () => {
  const hostile = validRequest({
    members: ["<img src=x>", "hubot"],
    description: "We ping @everyone about #1 </details> <script>x</script>",
    displayName: "| broken | table",
    docsUrl: "https://example.com/docs",
  });

  it("shows the normalised request in a table with every user value escaped", () => {
    const body = renderRequestStatus({ kind: "valid", request: hostile });
    expect(body).toContain("| Team name | my-team |");
    expect(body).toContain("| Team members | &lt;img src=x&gt;, hubot |");
    expect(body).toContain("| Display name | \\| broken \\| table |");
    expect(body).toContain("@<!-- -->everyone");
    expect(body).toContain("&lt;/details&gt;");
    expectInert(body);
  });

  it("shows a custom quota with its values", () => {
    const body = renderRequestStatus({ kind: "valid", request: validRequest({ quotaTier: "custom", customQuota: { cpu: "4", memory: "16Gi", storage: "100Gi" } }) });
    expect(body).toContain("| Quota tier | custom: 4 CPU, 16Gi memory, 100Gi storage |");
  });

  it("links the pull request and says what happens next", () => {
    const body = renderRequestStatus({
      kind: "valid",
      request: validRequest(),
      repository: "operate-first/apps",
      pullRequest: { number: 12, url: "https://github.com/operate-first/apps/pull/12", state: "open" },
    });
    expect(body).toContain("I opened the pull request [#12](https://github.com/operate-first/apps/pull/12) in `operate-first/apps`");
    expect(body).toContain("`/approve`");
  });

  it("does not link a URL that is not a plain https address", () => {
    const body = renderRequestStatus({ kind: "valid", request: validRequest(), pullRequest: { number: 12, url: "javascript:alert(1)" } });
    expect(body).not.toContain("javascript:");
    expect(body).toContain("pull request 12");
  });

  it("shows a dry-run diff in a collapsed block that file contents cannot close", () => {
    const diff = "+description: </details> ``` @everyone\n+```\n";
    const body = renderRequestStatus({ kind: "valid", request: validRequest(), dryRunDiff: diff });
    expect(body).toContain("Dry run: nothing was written");
    expect(body).toContain("<details><summary>What the pull request would change</summary>");
    expect(body).toContain("````diff\n+description: </details> ``` @everyone\n+```\n````");
    // Exactly one closing tag outside the fence: ours.
    const afterFence = body.slice(body.lastIndexOf("````"));
    expect(afterFence.match(/<\/details>/g)).toHaveLength(1);
  });

  it("cuts a huge diff so the comment stays under GitHub's size limit", () => {
    const diff = Array.from({ length: 5000 }, (_, i) => `+line ${i} ${"x".repeat(40)}`).join("\n");
    const body = renderRequestStatus({ kind: "valid", request: validRequest(), dryRunDiff: diff });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("The diff is cut short here");
  });

  it("lists the files to create and edit", () => {
    const body = renderRequestStatus({
      kind: "valid",
      request: validRequest(),
      summary: { createdPaths: ["cluster-scope/base/core/namespaces/my-team/namespace.yaml"], editedPaths: ["a/kustomization.yaml"] },
    });
    expect(body).toContain("Files to create (1)");
    expect(body).toContain("- `cluster-scope/base/core/namespaces/my-team/namespace.yaml`");
    expect(body).toContain("Files to edit (1)");
  });
});

describe("renderRequestStatus: other states", () => {
  it("addresses configuration problems to the maintainers, escaped", () => {
    const body = renderRequestStatus({ kind: "config-error", problems: [{ key: "clusters[0].overlay", message: "must not contain '..' <b>" }] });
    expect(body).toContain("This is not a problem with your request.");
    expect(body).toContain("- `clusters[0].overlay`: must not contain '..' &lt;b&gt;");
    expect(body).toContain("`.github/onboarding-bot.yml`");
  });

  it("never shows the error text of an internal error, only a clean id", () => {
    const body = renderRequestStatus({ kind: "internal-error", errorId: "req-42" });
    expect(body).toContain("Your request is safe: nothing was half-written");
    expect(body).toContain("notified through the logs");
    expect(body).toContain("will be retried");
    expect(body).toContain("`req-42`");
    expect(renderRequestStatus({ kind: "internal-error", errorId: "x` @everyone" })).toContain("`unknown`");
  });

  it("says what was created when the pull request merged", () => {
    const body = renderRequestStatus({
      kind: "completed",
      pullRequest: { number: 7, url: "https://github.com/operate-first/apps/pull/7", state: "merged" },
      request: validRequest({ namespaces: ["my-team", "my-team-dev"], clusters: ["smaug", "infra"] }),
      repository: "operate-first/apps",
      summary: { teamReused: true },
    });
    expect(body).toContain("merged into `operate-first/apps`");
    expect(body).toContain("The namespaces `my-team`, `my-team-dev` were added to the clusters `smaug`, `infra`");
    expect(body).toContain("the existing team `my-team` was reused");
  });

  it("quotes the rejection reason without pinging anyone", () => {
    const body = renderRequestStatus({ kind: "rejected", pullRequest: { number: 7, url: "https://github.com/o/r/pull/7" }, reason: "@hubot wrote: no\n# heading" });
    expect(body).toContain("> @<!-- -->hubot wrote: no #<!-- --> heading");
    expect(body).toContain("comment `/retry`");
    expectInert(body);
  });

  it("explains a blocked request", () => {
    const body = renderRequestStatus({ kind: "blocked", reason: "the branch onboarding/issue-1 has a foreign commit", pullRequest: { number: 2, url: "https://github.com/o/r/pull/2" } });
    expect(body).toContain("The request is blocked");
    expect(body).toContain("[#2](https://github.com/o/r/pull/2)");
  });
});

describe("renderRequestStatus: hostile input that would overflow GitHub's 65,536 characters", () => {
  const LIMIT = 65_536;
  /** A value that escaping expands nine-fold: every `@` becomes `@<!-- -->`. */
  const pings = (n: number) => "@".repeat(n);

  it("keeps the problems that fit and says how many more there are", () => {
    const problems: Problem[] = Array.from({ length: 200 }, (_, i) => ({
      field: "members",
      label: "Team members",
      message: `${i} ${pings(600)}`,
      expected: pings(600),
    }));
    const body = renderRequestStatus({ kind: "invalid", problems, notices: [{ field: "team", label: "Team name", message: pings(600) }] });
    expect(body.length).toBeLessThan(LIMIT);
    expect(body).toContain("I found 200 problems.");
    const shown = body.split("\n").filter((l) => l.startsWith("- **Team members**"));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown[0]).toMatch(/^- \*\*Team members\*\*: 0 @<!-- -->/);
    expect(body).toContain(`- … and ${200 - shown.length} more problems`);
    expect(body).toContain(FOOTER);
    expect(body.startsWith(`${STATUS_MARKER}\n`)).toBe(true);
  });

  it("bounds the notices of a valid request, and its file lists", () => {
    const notices = Array.from({ length: 30 }, (_, i) => ({ field: "members" as const, label: "Team members", message: `${i} ${pings(500)}` }));
    const paths = Array.from({ length: 100 }, (_, i) => `dir/${i}/${"`".repeat(190)}`);
    const body = renderRequestStatus({ kind: "valid", request: validRequest(), notices, summary: { createdPaths: paths, editedPaths: paths } });
    expect(body.length).toBeLessThan(LIMIT);
    expect(body).toMatch(/- … and \d+ more (notices|files?)/);
    expect(body).toContain(FOOTER);
  });

  it("bounds configuration problems", () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({ key: `clusters[${i}]`, message: pings(500) }));
    const body = renderRequestStatus({ kind: "config-error", problems });
    expect(body.length).toBeLessThan(LIMIT);
    expect(body).toMatch(/- … and \d+ more problems/);
  });

  it("bounds a dry-run diff next to long notices", () => {
    const diff = Array.from({ length: 5000 }, (_, i) => `+line ${i} ${"x".repeat(40)}`).join("\n");
    const notices = Array.from({ length: 30 }, (_, i) => ({ field: "members" as const, label: "Team members", message: `${i} ${pings(500)}` }));
    const body = renderRequestStatus({ kind: "valid", request: validRequest(), notices, dryRunDiff: diff });
    expect(body.length).toBeLessThan(LIMIT);
    expect(body).toContain("</details>");
    expect(body).toContain(FOOTER);
  });
});
