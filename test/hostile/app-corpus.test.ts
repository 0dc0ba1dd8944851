import { describe, expect, it } from "vitest";
import { FORM_FIELDS, fieldLabel } from "../../src/intake/fields.js";
import { deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { APPS, SUPPORT } from "../helpers/world.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { GITOPS_CASES, REQUEST_CASES, caseText, type HostileCase } from "./corpus.js";
import { useWorlds } from "../helpers/use-world.js";

const STATUS = "<!-- onboarding-bot:status";
const NEEDS_CHANGES = "onboarding/needs-changes";

/** Corpus cases sent through the app (issue bodies only: the app never reads JSON or YAML request files). */
const FROM_CORPUS = [
  "body larger than limits.maxBodyBytes",
  "NUL byte in the description",
  "'###' on every line and no form field",
  "a field heading typed inside the team answer",
  "Cyrillic 'а' in the team name",
  "right-to-left override in the display name",
  "zero-width space in a namespace",
  "YAML mapping as the team name",
  "YAML python tag as the team name",
  "command substitution as the team name",
  "'../../etc' as the team name",
  "'/etc/passwd' as a namespace",
  "team name of 64 characters",
  "namespace 'kube-system'",
  "configured reserved namespace 'opf-argo'",
  "namespace colliding with tenant 'thoth-station'",
  "hundreds of clusters",
  "hundreds of members",
  "unknown cluster",
  "unknown quota tier",
  "custom CPU above the maximum",
  "member with a double dash",
  "javascript: documentation URL",
  "acknowledgement not ticked",
  "empty body",
];

/** Cases only the app has: user text echoed into the status comment, which must come out inert. */
const ECHO_CASES: readonly HostileCase[] = [
  {
    name: "HTML tag as a member is echoed as entities",
    values: { members: "@alice\n<img src=x onerror=alert(1)>" },
    expectedField: "members",
    escaped: ["&lt;img"],
    forbidden: ["<img", "onerror=alert(1)>"],
  },
  {
    name: "a team that closes <details> and opens a tag is echoed as entities",
    values: { team: "</details><script>alert(1)</script>" },
    expectedField: "team",
    escaped: ["&lt;/details&gt;&lt;script&gt;"],
    forbidden: ["</details>", "<script>"],
  },
  {
    name: "an @everyone team name does not mention anyone",
    values: { team: "@everyone" },
    expectedField: "team",
    escaped: ["@<!-- -->everyone"],
    forbidden: ["@everyone"],
  },
  {
    name: "a '@@org/team' member does not mention the team",
    values: { members: "@alice\n@@operate-first/admins" },
    expectedField: "members",
    escaped: ["@<!-- -->operate-first/admins"],
    forbidden: ["@operate-first/admins"],
  },
  {
    name: "an issue reference and a link in the team name stay text",
    values: { team: "#1 [click](https://evil.example)" },
    expectedField: "team",
    escaped: ["#<!-- -->1", "\\[click\\]\\(https:<!-- -->//evil.example\\)"],
    forbidden: ["[click](https://evil.example)"],
  },
  {
    name: "an HTML comment in the team name cannot hide the rest of the comment",
    values: { team: "x<!--" },
    expectedField: "team",
    escaped: ["x&lt;\\!--"],
    forbidden: ["x<!--"],
  },
];

function cases(): HostileCase[] {
  const byName = new Map(REQUEST_CASES.map((c) => [c.name, c]));
  const picked = FROM_CORPUS.map((name) => {
    const c = byName.get(name);
    if (!c) throw new Error(`app-corpus: no corpus case named '${name}'`);
    return c;
  });
  return [...picked, ...ECHO_CASES];
}

const FIELD_LABELS = [...FORM_FIELDS.map((f) => f.label), fieldLabel("body")];

const startWorld = useWorlds();

describe("hostile requests through the app", () => {
  it("covers at least 15 corpus cases", () => {
    expect(FROM_CORPUS.length + ECHO_CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases().map((c) => [c.name, c] as const))("%s: needs-changes, a field-named problem, no GitOps write", async (_name, c) => {
    const world = await startWorld(c.config ? { config: c.config } : {});
    const n = world.sim.openIssue(SUPPORT, { author: "alice", title: "Onboarding", body: caseText(c), labels: ["onboarding"] });
    await deliverAll(world.sim, world.probot);

    const mine = world.sim.comments(SUPPORT, n).filter((cm) => cm.body.startsWith(STATUS));
    expect(mine).toHaveLength(1);
    const body = mine[0]!.body;
    expect(body).toContain("The request needs changes");
    expect(body).toContain(`**${fieldLabel(c.expectedField)}**`);
    for (const line of body.split("\n").filter((l) => l.startsWith("- **"))) {
      const label = /^- \*\*(.+?)\*\*/.exec(line)?.[1];
      expect(FIELD_LABELS).toContain(label);
    }
    for (const text of c.escaped ?? []) expect(body).toContain(text);
    for (const text of c.forbidden ?? []) expect(body).not.toContain(text);
    // eslint-disable-next-line no-control-regex
    expect(body).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);

    expect(world.sim.issue(SUPPORT, n).labels).toContain(NEEDS_CHANGES);
    const gitopsWrites = world.sim.calls.filter((call) => call.method !== "GET" && call.path.startsWith(`/repos/${APPS}/`));
    expect(gitopsWrites).toEqual([]);
    expect(world.sim.pulls(APPS)).toHaveLength(0);
  });
});

describe("fan-out on hostile input", () => {
  it("does not look up every login of a request with hundreds of members (one issue must not drain the rate limit)", async () => {
    const world = await startWorld();
    const members = Array.from({ length: 500 }, (_, i) => `@user${i}`).join("\n");
    const n = world.openRequest(validValues({ members }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.issue(SUPPORT, n).labels).toContain(NEEDS_CHANGES);
    const lookups = world.sim.calls.filter((c) => c.method === "GET" && c.path.startsWith("/users/"));
    // limits.maxMembers is 100: past it the request is refused whatever the logins are, so 101 lookups are enough.
    expect(lookups.length).toBeLessThanOrEqual(101);
  });
});

describe("a hostile GitOps repository through the app", () => {
  const picked = GITOPS_CASES.filter((c) => Object.keys(c.files).length > 0).slice(0, 4);

  it.each(picked.map((c) => [c.name, c] as const))("%s: the valid request gets a problem, no GitOps write", async (_name, c) => {
    const files: Record<string, string> = { ...readTree(OPF_FIXTURE) };
    for (const [path, content] of Object.entries(c.files)) {
      if (content === null) delete files[path];
      else files[path] = content;
    }
    const world = await startWorld({ files });
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);

    const body = world.sim.comments(SUPPORT, n).find((cm) => cm.body.startsWith(STATUS))?.body ?? "";
    expect(body).toContain(`**${fieldLabel(c.expectedField)}**`);
    expect(world.sim.issue(SUPPORT, n).labels).toContain(NEEDS_CHANGES);
    expect(world.sim.calls.filter((call) => call.method !== "GET" && call.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
  });
});

describe("user text in a valid request", () => {
  it("is shown inert in the status comment and fenced in the pull request", async () => {
    const world = await startWorld();
    const description = "Ping @everyone </details><img src=x onerror=alert(1)> see #1 and https://evil.example\n```\n</details>\n```";
    const n = world.openRequest(validValues({ description, display_name: "@everyone <b>Astro</b>" }));
    await deliverAll(world.sim, world.probot);

    const status = world.sim.comments(SUPPORT, n).find((cm) => cm.body.startsWith(STATUS))?.body ?? "";
    expect(status).toContain("The request is valid");
    expect(status).toContain("@<!-- -->everyone &lt;/details&gt;&lt;img");
    expect(status).toContain("@<!-- -->everyone &lt;b&gt;Astro&lt;/b&gt;");
    expect(status).not.toContain("@everyone");
    expect(status).not.toContain("<img");
    // The bot's own <details> blocks stay balanced: user text adds no opening or closing tag.
    expect(status.split("<details>").length).toBe(status.split("</details>").length);

    const pull = world.sim.pulls(APPS)[0];
    expect(pull).toBeDefined();
    const prBody = pull!.body ?? "";
    expect(prBody.split("<details>").length).toBe(2);
    // Every user line in the PR body sits inside a code fence: outside fences there is no mention or tag.
    const outside = prBody.replace(/^(`{3,})yaml\n[\s\S]*?\n\1$/gm, "");
    expect(outside).not.toContain("@everyone");
    expect(outside).not.toContain("<img");
    expect(outside.split("</details>").length).toBe(2);
  });

  it("starts from a body the app accepts", async () => {
    const world = await startWorld();
    const n = world.sim.openIssue(SUPPORT, { author: "alice", title: "Onboarding", body: renderIssueBody(validValues()), labels: ["onboarding"] });
    await deliverAll(world.sim, world.probot);
    expect(world.sim.issue(SUPPORT, n).labels).not.toContain(NEEDS_CHANGES);
    expect(world.sim.pulls(APPS)).toHaveLength(1);
  });
});
