import { describe, expect, it } from "vitest";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { configFrom, exampleConfig, exampleRaw, fixture, issueBody } from "./support.js";

const config = exampleConfig();

function fieldsOf(problems: { field: string }[]): string[] {
  return problems.map((p) => p.field);
}

describe("parseIssueBody: bodies as GitHub renders them", () => {
  it("reads every answer of a complete form", () => {
    const { request, problems } = parseIssueBody(fixture("valid-basic.md"), config);
    expect(problems).toEqual([]);
    expect(request).toEqual({
      team: "data-pipelines",
      namespaces: ["dp-dev", "dp-prod"],
      clusters: ["smaug", "osc-cl1"],
      owner: "Octocat",
      members: ["hubot", "mona"],
      description: "Data pipelines for the Open Services Cloud.",
      displayName: "Data Pipelines",
      docsUrl: "https://github.com/example/data-pipelines",
      quotaTier: "small",
      acknowledged: true,
    });
  });

  it("reads a custom quota and defaults the namespaces to the team name", () => {
    const { request, problems } = parseIssueBody(fixture("custom-quota.md"), config);
    expect(problems).toEqual([]);
    expect(request.quotaTier).toBe("custom");
    expect(request.customQuota).toEqual({ cpu: "8", memory: "32Gi", storage: "500Gi" });
    expect(request.namespaces).toEqual(["ml-research"]);
    expect(request.members).toEqual([]);
    expect(request.displayName).toBeUndefined();
    expect(request.docsUrl).toBeUndefined();
  });

  it("ignores custom values when the tier is not Custom", () => {
    const { request } = parseIssueBody(issueBody({ quota_tier: "Large", custom_cpu: "8" }), config);
    expect(request.quotaTier).toBe("large");
    expect(request).not.toHaveProperty("customQuota");
  });

  it("reads CRLF line endings like LF", () => {
    const lf = parseIssueBody(fixture("valid-basic.md"), config);
    const crlf = parseIssueBody(fixture("valid-basic.md").replace(/\n/g, "\r\n"), config);
    expect(crlf).toEqual(lf);
  });

  it("reads _No response_ and None as unanswered, and an unticked box as not acknowledged", () => {
    const { request, problems } = parseIssueBody(fixture("unanswered.md"), config);
    expect(problems).toEqual([]);
    expect(request).toEqual({
      team: "",
      namespaces: [],
      clusters: [],
      owner: "",
      members: [],
      description: "",
      quotaTier: "",
      acknowledged: false,
    });
  });

  it("accepts a lowercase [x] in the acknowledgement", () => {
    const body = issueBody({ acknowledgement: "- [x] I will keep the member list up to date and follow the cluster's acceptable use policy" });
    expect(parseIssueBody(body, config).request.acknowledged).toBe(true);
  });

  it("keeps a text answer that is literally 'none' (the parser alone would drop it)", () => {
    const { request } = parseIssueBody(issueBody({ team: "none" }), config);
    expect(request.team).toBe("none");
    expect(request.namespaces).toEqual(["none"]);
  });
});

describe("parseIssueBody: lists", () => {
  it("splits namespaces and members on lines, commas, semicolons and spaces, without bullets, @ or duplicates", () => {
    const { request, problems } = parseIssueBody(fixture("messy-lists.md"), config);
    expect(problems).toEqual([]);
    expect(request.team).toBe("messy-team");
    expect(request.namespaces).toEqual(["messy-dev", "messy-stage", "messy-prod", "messy-qa"]);
    expect(request.owner).toBe("Octocat");
    // MONA repeats Mona ignoring case: the first spelling stays; case is canonicalised later.
    expect(request.members).toEqual(["hubot", "Mona", "octocat", "alice", "bob", "carol"]);
    expect(request.description).toBe("Line one.\n\nLine two with a list:\n- not a member");
    expect(request.quotaTier).toBe("x-small");
  });
});

describe("parseIssueBody: a tier per namespace", () => {
  it("reads name: tier in the namespaces field, mapping the tier's option text, and leaves the others on the request's tier", () => {
    const { request, problems } = parseIssueBody(issueBody({ namespaces: "team-dev\nteam-ml: Large\nteam-ci (X-Small)", quota_tier: "Small" }), config);
    expect(problems).toEqual([]);
    expect(request.namespaces).toEqual(["team-dev", "team-ml", "team-ci"]);
    expect(request.quotaTier).toBe("small");
    expect(request.namespaceTiers).toEqual({ "team-ml": "large", "team-ci": "x-small" });
  });
});

describe("parseIssueBody: quota tier options", () => {
  it.each([
    ["X-Small", "x-small"],
    ["Small", "small"],
    ["Medium", "medium"],
    ["Large", "large"],
    ["Custom", "custom"],
  ])("maps the option %s to the tier %s as a whole option", (option, tier) => {
    expect(parseIssueBody(issueBody({ quota_tier: option }), config).request.quotaTier).toBe(tier);
  });

  it("keeps an answer that is no option as written, for validation to refuse", () => {
    expect(parseIssueBody(issueBody({ quota_tier: "Huge" }), config).request.quotaTier).toBe("Huge");
  });
});

describe("parseIssueBody: headings typed into answers", () => {
  it("ends the answer at a ### section that is no field, reports the section as ignored, and keeps ### inside lines", () => {
    const { request, problems, notices } = parseIssueBody(fixture("typed-headings.md"), config);
    expect(problems).toEqual([]);
    expect(request.description).toBe("Our plan:");
    expect(notices).toEqual([
      { field: "body", label: "Issue body", message: "the section 'Goals' is not a field of the form and was ignored" },
    ]);
    // A heading typed as the first line of an answer is the answer (GitHub writes _No response_ for an empty one).
    expect(parseIssueBody(issueBody({ display_name: "### Team" }), config).request.displayName).toBe("### Team");
    const inline = parseIssueBody(issueBody({ description: "We use C### daily.\n#### Details\nNothing ### here." }), config);
    expect(inline.request.description).toBe("We use C### daily.\n#### Details\nNothing ### here.");
    expect(inline.notices).toEqual([]);
    expect(request.displayName).toBeUndefined();
    expect(request.quotaTier).toBe("medium");
  });

  it("never lets a field heading typed in a text area replace the real answer, and reports it", () => {
    const { request, problems } = parseIssueBody(fixture("forged-heading.md"), config);
    expect(request.team).toBe("honest-team");
    expect(request.quotaTier).toBe("small");
    expect(request.description).toContain("Nothing to see.");
    expect(fieldsOf(problems)).toEqual(["description", "description"]);
    expect(problems[0]?.message).toContain("'### Team name'");
    expect(problems[1]?.message).toContain("'### Quota tier'");
  });

  it("reads a heading for an earlier field typed after its real one as part of the later answer", () => {
    const body = issueBody({ members: "hubot\n### Clusters\n\ninfra" });
    const { request, problems } = parseIssueBody(body, config);
    expect(request.clusters).toEqual(["smaug"]);
    expect(fieldsOf(problems)).toEqual(["members"]);
  });
});

describe("parseIssueBody: hostile bodies", () => {
  it("refuses a body over limits.maxBodyBytes with one body problem, without parsing", () => {
    const raw = exampleRaw();
    (raw.limits as Record<string, number>).maxBodyBytes = 2048;
    const small = configFrom(raw);
    const body = issueBody({ description: "x".repeat(3000) });
    const { request, problems } = parseIssueBody(body, small);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "body", label: "Issue body" });
    expect(problems[0]?.message).toContain("more than the 2048 bytes");
    expect(request.team).toBe("");
  });

  it("refuses binary content (NUL) with a body problem", () => {
    const { problems } = parseIssueBody(issueBody({ team: "a\u0000b" }), config);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("body");
    expect(problems[0]?.message).toContain("U+0000");
  });

  it.each([
    ["team", { team: "t\u200beam" }, "U+200B (ZERO WIDTH SPACE)"],
    ["members", { members: "hubot\n\ufeffmona" }, "U+FEFF"],
    ["owner", { owner: "octo\u202ecat" }, "U+202E (RIGHT-TO-LEFT OVERRIDE)"],
    ["namespaces", { namespaces: "ns\u2066-one" }, "U+2066"],
    ["team", { team: "\u00a0my-team" }, "U+00A0 (NO-BREAK SPACE)"],
  ])("refuses invisible characters in %s instead of stripping them", (field, answers, described) => {
    const { request, problems } = parseIssueBody(issueBody(answers), config);
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0]?.message).toContain(described);
    // The value keeps the character: a name is never silently changed into another one.
    const values = [request.team, request.owner, ...request.members, ...request.namespaces];
    expect(values.some((v) => /[\u200b\ufeff\u202e\u2066\u00a0]/.test(v))).toBe(true);
  });

  it("refuses a look-alike letter in a login rather than folding it into an existing login", () => {
    const { request, problems } = parseIssueBody(issueBody({ members: "hubot\n@оctocat" }), config); // Cyrillic о
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "members", value: "оctocat" });
    expect(problems[0]?.message).toContain("U+043E");
    expect(request.members).toContain("оctocat");
  });

  it("refuses direction controls in the description", () => {
    const { problems } = parseIssueBody(issueBody({ description: "safe \u202etxt.exe" }), config);
    expect(fieldsOf(problems)).toEqual(["description"]);
  });

  it("allows non-ASCII letters in free text", () => {
    const { problems, request } = parseIssueBody(issueBody({ description: "Équipe données 📊", display_name: "Données" }), config);
    expect(problems).toEqual([]);
    expect(request.displayName).toBe("Données");
  });

  it("parses the same body to the same request every time (the parsed form template is reused)", () => {
    const body = fixture("valid-basic.md");
    const first = parseIssueBody(body, config);
    for (let i = 0; i < 20; i++) expect(parseIssueBody(body, config)).toEqual(first);
  });
});
