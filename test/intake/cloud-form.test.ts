import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { loadIssueForm } from "../../src/intake/load-issue-form.js";
import { readIntakeForm, resolveIntakeForm } from "../../src/intake/intake-form.js";
import { parseCustomQuota } from "../../src/intake/parse-custom-quota.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { readLogins } from "../../src/intake/read-logins.js";
import { readNamespaces } from "../../src/intake/read-namespaces.js";
import { describeResourceQuota, tierDescriptionsFrom } from "../../src/intake/tier-descriptions.js";
import type { Octokit } from "../../src/github/octokit.js";
import { configFrom, exampleConfig, exampleRaw } from "./support.js";

const FORM = `body:
  - type: markdown
    attributes: { value: Hello }
  - type: dropdown
    id: where
    attributes: { label: Where, options: [North, South] }
  - type: input
    id: who
    attributes: { label: Team }
  - type: input
    id: boss
    attributes: { label: Owner }
  - type: textarea
    id: what
    attributes: { label: About }
  - type: dropdown
    id: size
    attributes: { label: Size, options: [S, L] }
  - type: input
    id: extra
    attributes: { label: Anything else }
`;

const FIELDS = { clusters: "where", team: "who", owner: "boss", description: "what", quota_tier: "size" };
const OPTIONAL = ["namespaces", "members", "display_name", "docs_url", "custom_quota", "acknowledgement"];

function cloudConfig(intake: Record<string, unknown> = {}) {
  const raw = exampleRaw();
  raw.intake = { fields: FIELDS, optional: OPTIONAL, ...intake };
  const clusters = raw.clusters as Array<Record<string, unknown>>;
  clusters[0]!.aliases = ["North"];
  const tiers = (raw.quota as { tiers: Array<Record<string, unknown>> }).tiers;
  tiers[1]!.aliases = ["S"];
  return configFrom(raw);
}

describe("intake configuration", () => {
  it("accepts the worked example of an adopting cloud (templates/adopt/operate-first.yml)", async () => {
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("yaml");
    const result = parseConfig(parse(readFileSync(new URL("../../templates/adopt/operate-first.yml", import.meta.url), "utf8")));
    expect(result.ok ? result.config.intake.form : result.problems).toBe(".github/ISSUE_TEMPLATE/4_onboarding_to_cluster.yaml");
  });

  it("refuses a cloud form mapping that leaves out a field the bot needs, naming the key", () => {
    const raw = exampleRaw();
    raw.intake = { form: "f.yml", fields: { team: "t" }, optional: [] };
    const result = parseConfig(raw);
    expect(result.ok).toBe(false);
    const keys = result.ok ? [] : result.problems.map((p) => p.key);
    expect(keys).toContain("intake.fields.owner");
    expect(keys).toContain("intake.fields.acknowledgement");
  });

  it("refuses one form field mapped twice and a field both mapped and optional", () => {
    const raw = exampleRaw();
    raw.intake = { fields: { ...FIELDS, members: "who", acknowledgement: "ack" }, optional: [...OPTIONAL] };
    const result = parseConfig(raw);
    expect(result.ok).toBe(false);
    const messages = result.ok ? "" : result.problems.map((p) => p.message).join("\n");
    expect(messages).toContain("'who' is mapped to two");
    expect(messages).toContain("'members' is listed as optional but also mapped");
  });
});

describe("readIntakeForm", () => {
  it("says which ids a form has when the mapping names one it lacks, and refuses a checkbox for a text field", () => {
    const config = cloudConfig({ fields: { ...FIELDS, owner: "manager" } });
    const result = readIntakeForm(config, FORM, "form.yml");
    expect(result).toEqual({
      ok: false,
      problems: [{ key: "intake.fields.owner", message: "form.yml has no field with id 'manager'; its ids are 'where', 'who', 'boss', 'what', 'size', 'extra'" }],
    });
    const notAForm = readIntakeForm(config, "just: text", "form.yml");
    expect(notAForm.ok ? [] : notAForm.problems.map((p) => p.key)).toEqual(["intake.form"]);
  });

  it("parses a form once per content", () => {
    const config = cloudConfig();
    expect(resolveIntakeForm(config, FORM)).toBe(resolveIntakeForm(config, FORM));
    expect(resolveIntakeForm(config, `${FORM}\n`)).not.toBe(resolveIntakeForm(config, FORM));
  });

  it("reads a body by the form's labels; a field of the form the bot does not use still ends the answer above it", () => {
    const config = cloudConfig();
    const body = "### Where\n\nNorth\n\n### Team\n\nmy-team\n\n### Owner\n\n@octocat\n\n### About\n\nStuff.\n\n### Size\n\nS\n\n### Anything else\n\nno";
    const { request, problems, notices } = parseIssueBody(body, config, FORM);
    expect(problems).toEqual([]);
    expect(notices).toEqual([]);
    expect(request).toMatchObject({ team: "my-team", clusters: ["smaug"], owner: "octocat", description: "Stuff.", quotaTier: "small", namespaces: ["my-team"] });
  });
});

describe("loadIssueForm", () => {
  function octokitAnswering(answer: () => unknown): Octokit {
    return { rest: { repos: { getContent: async () => answer() } } } as unknown as Octokit;
  }
  const repo = { owner: "o", repo: "support" };

  it("returns the form's text and reports a missing file as a problem of intake.form", async () => {
    const content = Buffer.from(FORM).toString("base64");
    expect(await loadIssueForm(octokitAnswering(() => ({ data: { type: "file", content, size: FORM.length } })), repo, "f.yml", cloudConfig())).toEqual({
      ok: true,
      text: FORM,
    });
    const missing = await loadIssueForm(
      octokitAnswering(() => {
        throw Object.assign(new Error("Not Found"), { status: 404 });
      }),
      repo,
      "f.yml",
    );
    expect(missing.ok ? [] : missing.problems.map((p) => p.key)).toEqual(["intake.form"]);
    await expect(
      loadIssueForm(
        octokitAnswering(() => {
          throw Object.assign(new Error("boom"), { status: 500 });
        }),
        repo,
        "f.yml",
      ),
    ).rejects.toThrow("boom");
  });
});

describe("parseCustomQuota", () => {
  it.each([
    ["1CPU, 20GiB memory, 30GiB storage", { cpu: "1", memory: "20Gi", storage: "30Gi" }],
    ["cpu: 2, memory 8Gi, storage: 50Gi", { cpu: "2", memory: "8Gi", storage: "50Gi" }],
    ["CPU: 4 cores\nMemory: 16 GB\nStorage: 100GB", { cpu: "4", memory: "16G", storage: "100G" }],
    ["500m CPU / 512Mi RAM / 1Ti disk", { cpu: "500m", memory: "512Mi", storage: "1Ti" }],
    ["- 0.5 vCPU\n- 2 gib memory\n- 10 GiB storage", { cpu: "0.5", memory: "2Gi", storage: "10Gi" }],
  ])("reads %j", (text, quota) => {
    expect(parseCustomQuota(text)).toEqual({ ok: true, quota });
  });

  it.each([
    ["cpu: 2, memory 8Gi", "gives no storage"],
    ["2 CPU, 8 memory, 10Gi storage", "cannot be read: memory '8' has no unit"],
    ["2 CPU 8Gi memory, 10Gi storage", "cannot be read: '2 CPU 8Gi memory' names more than one resource"],
    ["lots please", "cannot be read: 'lots please' names no resource (CPU, memory or storage)"],
    ["2 CPU, 4 CPU, 8Gi memory, 1Ti storage", "gives CPU twice"],
    ["", "is empty but the Custom tier was chosen"],
  ])("refuses %j, saying why", (text, message) => {
    expect(parseCustomQuota(text)).toEqual({ ok: false, message });
  });
});

describe("readLogins", () => {
  it("tells logins from e-mail addresses, names and sentences, and never splits a sentence into words", () => {
    expect(readLogins("a,b, @c\n- @d @e;f")).toEqual(["a", "b", "c", "d", "e", "f"].map((login) => ({ login })));
    expect(readLogins("Ada Lovelace, ada@example.org\nmattdm To start, just me. I'd add more.")).toEqual([
      { text: "Ada Lovelace", reason: "words" },
      { text: "ada@example.org", reason: "email" },
      { text: "mattdm To start, just me. I'd add more.", reason: "prose" },
    ]);
  });
});

describe("readNamespaces", () => {
  it("reads a tier next to a namespace as name: tier, name = tier or name (tier)", () => {
    expect(readNamespaces("a: small, b = Large\n- c (x-small)\nd e")).toEqual([
      { name: "a", tier: "small" },
      { name: "b", tier: "Large" },
      { name: "c", tier: "x-small" },
      { name: "d" },
      { name: "e" },
    ]);
  });
});

describe("tier descriptions from ResourceQuota components", () => {
  const QUOTA = "kind: ResourceQuota\napiVersion: v1\nmetadata: {name: q}\nspec:\n  hard:\n    requests.cpu: '500m'\n    limits.cpu: '1'\n    requests.memory: 2Gi\n    limits.memory: 2Gi\n    requests.storage: 10Gi\n";

  it("says what the quota grants, with a limit that differs from the request", () => {
    expect(describeResourceQuota([QUOTA])).toBe("500m CPU (limit 1), 2Gi memory, 10Gi storage");
    expect(describeResourceQuota([QUOTA, QUOTA])).toBeUndefined();
    expect(describeResourceQuota(["kind: Component"])).toBeUndefined();
  });

  it("describes each configured tier from its component, and the configured description still wins in the form", () => {
    const config = exampleConfig();
    const dir = "cluster-scope/components/resourcequotas";
    const files = new Map([
      [`${dir}/x-small/resourcequota.yaml`, QUOTA],
      [`${dir}/x-small/kustomization.yaml`, "kind: Component\nresources: [resourcequota.yaml]\n"],
      [`${dir}/x-small/nested/other.yaml`, QUOTA],
    ]);
    const derived = tierDescriptionsFrom(config, { paths: new Set(files.keys()), files });
    expect([...derived]).toEqual([["x-small", "500m CPU (limit 1), 2Gi memory, 10Gi storage"]]);
  });
});

describe("per-namespace tiers in validation", () => {
  it("refuses a tier for a namespace that is not requested, and an unknown tier, naming the namespace", async () => {
    const { validateRequest } = await import("../../src/validation/validate-request.js");
    const config = exampleConfig();
    const request = {
      team: "my-team",
      namespaces: ["my-team-dev", "my-team-ml"],
      clusters: ["smaug"],
      owner: "octocat",
      members: ["octocat"],
      description: "A project.",
      quotaTier: "small",
      namespaceTiers: { "my-team-ml": "huge", "my-team-qa": "large" },
      acknowledged: true,
    };
    const result = validateRequest(request, config, { snapshot: { paths: new Set(), files: new Map() }, users: null });
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([
      ["namespaces", "'huge', the tier of 'my-team-ml', is not one of the quota tiers"],
      ["namespaces", "a tier is given for 'my-team-qa', which is not one of the namespaces requested"],
    ]);
    const known = validateRequest({ ...request, namespaceTiers: { "my-team-ml": "large", "my-team-qa": "large" } }, config, {
      snapshot: { paths: new Set(), files: new Map() },
      users: null,
    });
    expect(known.problems.map((p) => p.message)).toEqual(["a tier is given for 'my-team-qa', which is not one of the namespaces requested"]);
  });
});

describe("command line with a cloud's form", () => {
  it("asks for --form when the configuration names intake.form, and reads the body with it when given", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { stringify } = await import("yaml");
    const { main } = await import("../../src/cli/main.js");
    const { captureIO } = await import("./support.js");
    const dir = mkdtempSync(join(tmpdir(), "intake-cli-"));
    try {
      const raw = exampleRaw();
      raw.intake = { form: ".github/ISSUE_TEMPLATE/f.yml", fields: FIELDS, optional: OPTIONAL };
      writeFileSync(join(dir, "config.yml"), stringify(raw));
      writeFileSync(join(dir, "form.yml"), FORM);
      writeFileSync(join(dir, "body.md"), "### Where\n\nsmaug\n\n### Team\n\nMyTeam\n\n### Owner\n\nocto\n\n### About\n\nx\n\n### Size\n\nSmall");
      const without = captureIO(dir);
      expect(await main(["parse", "body.md", "--config", "config.yml"], without.io)).toBe(2);
      expect(without.stderr()).toContain("pass that file with --form FILE");
      const withForm = captureIO(dir);
      expect(await main(["validate", "body.md", "--config", "config.yml", "--form", "form.yml"], withForm.io)).toBe(1);
      expect(withForm.stdout()).toContain("team: 'MyTeam' is not a valid team name: names are lower case (use 'myteam')");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
