import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { loadGitopsSnapshot } from "../../src/cli/load-inputs.js";
import { resolveIntakeForm } from "../../src/intake/intake-form.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { loginsToCheck } from "../../src/validation/check-request.js";
import { validateParsedRequest } from "../../src/validation/validate-request.js";
import type { GitopsSnapshot } from "../../src/types.js";
import { captureIO, configFrom } from "./support.js";
import { operateFirstForm, REAL_WORLD_DIR, REAL_WORLD_SKIP, unpackOperateFirstApps } from "./real-world.js";

/**
 * Operate First's own onboarding form, configured as the cloud's form (templates/adopt/operate-first.yml), reading
 * bodies written the way people really filled it in operate-first/support ("NEW PROJECT: ..." issues): the names,
 * logins and texts below are made up, the ways of writing them are not.
 */
const ADOPT_CONFIG = "templates/adopt/operate-first.yml";
const ROOT_DIR = fileURLToPath(new URL("../../", import.meta.url));
const config = configFrom(parse(readFileSync(new URL(`../../${ADOPT_CONFIG}`, import.meta.url), "utf8")));

interface Answers {
  cluster?: string;
  team?: string;
  projects?: string;
  owner?: string;
  description?: string;
  docs?: string;
  users?: string;
  quota?: string;
  custom?: string;
  /** Sections older issues hold that the form no longer has, inserted after the given heading. */
  retired?: Array<{ after: string; title: string; text: string }>;
}

/** A body as GitHub renders Operate First's form, with the sections of older issues where they were. */
function body(a: Answers = {}): string {
  const sections: Array<[string, string]> = [
    ["Target cluster", a.cluster ?? "MOC/Smaug"],
    ["Team name", a.team ?? "stellar-lab"],
    ["Desired project names", a.projects ?? "stellar-lab"],
    ["Project Owner", a.owner ?? "nova-k"],
    ["Project description", a.description ?? "Processing telescope images on a schedule."],
    ["Link to project documentation", a.docs ?? "https://example.org/stellar-lab"],
    ["Users needing access", a.users ?? "nova-k"],
    ["Namespace Quota", a.quota ?? "Small"],
    ["Custom quota", a.custom ?? "_No response_"],
  ];
  const out: string[] = [];
  for (const [title, text] of sections) {
    out.push(`### ${title}\n\n${text}`);
    for (const r of a.retired ?? []) if (r.after === title) out.push(`### ${r.title}\n\n${r.text}`);
  }
  return out.join("\n\n");
}

describe.skipIf(!REAL_WORLD_DIR)("Operate First's own form as the cloud's form", () => {
  const form = REAL_WORLD_DIR ? operateFirstForm() : "";
  const read = (answers: Answers) => parseIssueBody(body(answers), config, form);

  it("fits the worked example's mapping, with the labels read from the file", () => {
    const resolved = resolveIntakeForm(config, form);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    expect(resolved.form.labels.get("members")).toBe("Users needing access");
    expect(resolved.form.labels.get("custom_cpu")).toBe("Custom quota");
    expect(resolved.form.byField.get("clusters")?.options).toContain("MOC/Smaug");
    // Parsed once per content: the same form text gives the same object.
    expect(resolveIntakeForm(config, form)).toBe(resolved);
  });

  it("reads a complete request, mapping the option texts through aliases", () => {
    const { request, problems, notices } = read({ cluster: "MOC/Infra", quota: "X-Small", owner: "@Nova-K", users: "Nova-K,orbit-j, @dust-m" });
    expect(problems).toEqual([]);
    expect(notices).toEqual([]);
    expect(request).toMatchObject({
      team: "stellar-lab",
      namespaces: ["stellar-lab"],
      clusters: ["infra"],
      owner: "Nova-K",
      members: ["Nova-K", "orbit-j", "dust-m"],
      quotaTier: "x-small",
      docsUrl: "https://example.org/stellar-lab",
    });
  });

  it("keeps working for options of older forms ('Smaug') and says which clusters are offered for a retired one", () => {
    expect(read({ cluster: "Smaug" }).request.clusters).toEqual(["smaug"]);
    const { problems } = read({ cluster: "EMEA/Jerry" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "clusters", label: "Target cluster", value: "EMEA/Jerry" });
    expect(problems[0]?.expected).toBe("one or more of the clusters offered: 'MOC/Infra', 'MOC/Smaug', 'OSC/osc-cl1'");
  });

  it("ends an answer at a retired section and reports each one as ignored", () => {
    const { request, problems, notices } = read({
      quota: "Large",
      retired: [
        { after: "Target cluster", title: "Target environment", text: "moc" },
        { after: "Custom quota", title: "Your GPG key or contact", text: "0123 4567 89AB CDEF available from a keyserver" },
      ],
    });
    expect(problems).toEqual([]);
    expect(request.clusters).toEqual(["smaug"]);
    expect(request.quotaTier).toBe("large");
    expect(notices.map((n) => n.message)).toEqual([
      "the section 'Target environment' is not a field of the form and was ignored",
      "the section 'Your GPG key or contact' is not a field of the form and was ignored",
    ]);
  });

  it("reads several namespaces in one field, separated by commas or spaces", () => {
    expect(read({ projects: "stellar-dev, stellar-ml stellar-ci" }).request.namespaces).toEqual(["stellar-dev", "stellar-ml", "stellar-ci"]);
  });

  it.each([
    ["commas without spaces", "nova-k,orbit-j,dust-m", ["nova-k", "orbit-j", "dust-m"]],
    ["commas with spaces and @", "@nova-k, @orbit-j, dust-m", ["nova-k", "orbit-j", "dust-m"]],
    ["one per line", "nova-k\norbit-j", ["nova-k", "orbit-j"]],
    ["@logins on one line", "@nova-k @orbit-j", ["nova-k", "orbit-j"]],
  ])("reads members written with %s", (_how, users, members) => {
    const { request, problems } = read({ users });
    expect(problems).toEqual([]);
    expect(request.members).toEqual(members);
  });

  it.each([
    ["e-mail addresses", "nova at example dot org, orbit.j@example.org", 2],
    ["full names", "Nova Kowalski, Orbit Jansen", 2],
    ["a sentence", "nova-k To start, just me. I'd add the rest of the team later.", 1],
    ["a sentence instead of a list", "Please contact me for the list of e-mail addresses.", 1],
  ])("refuses %s in the members with the fix, and never looks their words up as logins", (_what, users, count) => {
    const { request, problems } = read({ users });
    expect(problems).toHaveLength(count);
    for (const p of problems) {
      expect(p).toMatchObject({ field: "members", label: "Users needing access" });
      expect(p.expected).toContain("list GitHub logins, one per line or separated by commas");
    }
    const words = users.split(/[\s,.]+/).map((w) => w.toLowerCase());
    const looked = loginsToCheck(request).map((l) => l.toLowerCase());
    expect(looked.filter((l) => words.includes(l) && l !== "nova-k")).toEqual([]);
  });

  it("suggests the lower-case name when that alone fixes it, labelled as the form labels the field", () => {
    const parsed = read({ team: "StellarLab", projects: "projectX" });
    const result = validateParsedRequest(parsed, config, { snapshot: { paths: new Set(), files: new Map() }, users: null });
    const byField = new Map(result.problems.map((p) => [p.field, p]));
    expect(byField.get("team")).toMatchObject({ label: "Team name", expected: "use 'stellarlab'" });
    expect(byField.get("namespaces")).toMatchObject({ label: "Desired project names", expected: "use 'projectx'" });
  });

  it("reads a free-text custom quota as people typed it, or refuses it with the format that works", () => {
    expect(read({ quota: "Custom", custom: "1CPU, 20GiB memory, 30GiB storage" }).request.customQuota).toEqual({ cpu: "1", memory: "20Gi", storage: "30Gi" });
    const refused = read({ quota: "Custom", custom: "cpu: 2, memory 8Gi" });
    expect(refused.problems).toEqual([
      expect.objectContaining({ field: "custom_quota", label: "Custom quota", message: "gives no storage", expected: expect.stringContaining("'2 CPU, 8Gi memory, 50Gi storage'") }),
    ]);
    const result = validateParsedRequest(refused, config, { snapshot: { paths: new Set(), files: new Map() }, users: null });
    expect(result.problems.filter((p) => p.field.startsWith("custom_"))).toHaveLength(1);
  });

  it("gives each namespace its tier when the custom quota lists one per namespace", () => {
    const { request, problems, notices } = read({
      projects: "ops-api, ops-db, ops-ui",
      quota: "Custom",
      custom: "Our application runs in several namespaces, please use:\n\n- ops-api: small\n- ops-db : Medium\n- ops-ui: x-small",
    });
    expect(problems).toEqual([]);
    expect(request.namespaceTiers).toEqual({ "ops-api": "small", "ops-db": "medium", "ops-ui": "x-small" });
    expect(request.quotaTier).toBe("small");
    expect(request.customQuota).toBeUndefined();
    expect(notices.map((n) => n.label)).toEqual(["Custom quota"]);
  });

  describe("against the snapshot of operate-first/apps", () => {
    let unpacked: { dir: string; cleanup: () => void } | undefined;
    let snapshot: GitopsSnapshot;
    beforeAll(async () => {
      unpacked = unpackOperateFirstApps();
      snapshot = await loadGitopsSnapshot(unpacked.dir, ".", { readContents: () => false });
    });
    afterAll(() => unpacked?.cleanup());

    it("validates a request without an acknowledgement (the form has none), with a tier per namespace", () => {
      const parsed = read({ team: "stellar-lab", projects: "stellar-dev: large, stellar-ci" });
      const result = validateParsedRequest(parsed, config, { snapshot, users: null });
      expect(result.problems).toEqual([]);
      expect(result.request.namespaceTiers).toEqual({ "stellar-dev": "large" });
    });

    it("refuses a per-namespace tier the repository has no component for, naming the namespace", () => {
      const result = validateParsedRequest(read({ projects: "stellar-dev: huge" }), config, { snapshot, users: null });
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ field: "namespaces", label: "Desired project names" });
      expect(result.problems[0]?.message).toContain("stellar-dev");
    });

    it("describes each tier in the generated form by what its ResourceQuota grants (x-small: 500m CPU, 2Gi, 10Gi)", async () => {
      const cap = captureIO(ROOT_DIR);
      const code = await main(["form", "--config", ADOPT_CONFIG, "--gitops", unpacked?.dir ?? ""], cap.io);
      expect(code).toBe(0);
      expect(cap.stdout()).toContain("- **X-Small**: 500m CPU, 2Gi memory, 10Gi storage");
      expect(cap.stdout()).toContain("- **Large**: 4 CPU, 16Gi memory, 80Gi storage");
    });
  });
});

describe.skipIf(REAL_WORLD_DIR !== undefined)("Operate First's own form (real-world files absent)", () => {
  it.skip(REAL_WORLD_SKIP, () => {});
});
