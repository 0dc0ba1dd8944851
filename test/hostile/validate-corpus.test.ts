import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { FORM_FIELDS } from "../../src/intake/fields.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { configYaml } from "../helpers/world.js";
import { problemFields, runCli } from "./cli-run.js";
import { CONFIG_CASES, GITOPS_CASES, REQUEST_CASES, caseText } from "./corpus.js";

const FIELD_IDS = new Set<string>([...FORM_FIELDS.map((f) => f.id), "body"]);

let work: string;
let gitops: string;
const configs = new Map<string, string>();

/** Writes `text` to a fresh file under the work directory and returns its path. */
function writeTemp(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** A configuration file with `overrides` merged into the fixture's (written once per distinct override). */
function configFile(overrides: Record<string, unknown> = {}): string {
  const text = configYaml(overrides);
  let file = configs.get(text);
  if (!file) {
    file = writeTemp(`config-${configs.size}.yml`, text);
    configs.set(text, file);
  }
  return file;
}

/** Copies the GitOps fixture into a new directory with `changes` applied (string: new content, null: deleted). */
function gitopsCopy(name: string, changes: Record<string, string | null>): string {
  const dir = join(work, name);
  const files = { ...readTree(OPF_FIXTURE), ...changes };
  for (const [path, content] of Object.entries(files)) {
    if (content === null) continue;
    const full = join(dir, ...path.split("/"));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** A digest of every file under `dir`, to prove a run wrote nothing. */
function treeDigest(dir: string): string {
  const files = readTree(dir, new Set());
  const hash = createHash("sha256");
  for (const path of Object.keys(files).sort()) hash.update(`${path}\u0000${files[path] ?? ""}\u0000`);
  return hash.digest("hex");
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "onboarding-hostile-"));
  gitops = gitopsCopy("gitops", {});
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the hostile corpus", () => {
  it("holds at least 60 request cases with unique names, each naming a form field", () => {
    expect(REQUEST_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(REQUEST_CASES.map((c) => c.name)).size).toBe(REQUEST_CASES.length);
    for (const c of REQUEST_CASES) expect(FIELD_IDS, c.name).toContain(c.expectedField);
  });

  it("starts from a request the bot accepts, so every rejection comes from the hostile part", async () => {
    const file = writeTemp("valid.md", renderIssueBody(validValues()));
    const run = await runCli(["validate", file, "--config", configFile(), "--gitops", gitops], work);
    expect(run.stdout.split("\n")[0]).toBe("valid");
    expect(run.code).toBe(0);
  });
});

describe("onboarding-bot validate on hostile requests", () => {
  it.each(REQUEST_CASES.map((c, i) => [c.name, c, i] as const))("%s: exit 1 with a problem on the right field", async (_name, c, i) => {
    const file = writeTemp(`request-${i}.md`, caseText(c));
    const run = await runCli(["validate", file, "--config", configFile(c.config), "--gitops", gitops], work);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const fields = problemFields(run.stdout);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields, run.stdout).toContain(c.expectedField);
    for (const f of fields) expect(FIELD_IDS).toContain(f);
    // No raw control or direction character reaches the terminal.
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("onboarding-bot validate on hostile configuration files", () => {
  it.each(CONFIG_CASES.map((c, i) => [c.name, c, i] as const))("%s: exit 2 naming the key", async (_name, c, i) => {
    const config = writeTemp(`bad-config-${i}.yml`, c.text ?? configYaml(c.overrides ?? {}));
    const request = writeTemp(`request-for-config-${i}.md`, renderIssueBody(validValues()));
    const run = await runCli(["validate", request, "--config", config, "--gitops", gitops], work);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^config \S/);
    expect(lines.some((l) => l.startsWith(`config ${c.expectedKey}`)), run.stderr).toBe(true);
  });
});

describe("onboarding-bot render on a hostile GitOps repository", () => {
  it.each(GITOPS_CASES.map((c, i) => [c.name, c, i] as const))("%s: exit 1 naming the field, nothing written", async (_name, c, i) => {
    const dir = gitopsCopy(`gitops-${i}`, c.files);
    const before = treeDigest(dir);
    const request = writeTemp(`render-${i}.md`, renderIssueBody(validValues(c.values ?? {})));
    for (const extra of [["--dry-run"], []]) {
      const run = await runCli(["render", request, "--config", configFile(c.config), "--gitops", dir, ...extra], work);
      expect(run.code, run.stderr).toBe(1);
      expect(problemFields(run.stdout), run.stdout).toContain(c.expectedField);
      expect(treeDigest(dir)).toBe(before);
    }
  });

  it("renders the untouched copy, so each failure above comes from the hostile file", async () => {
    const request = writeTemp("render-valid.md", renderIssueBody(validValues()));
    const run = await runCli(["render", request, "--config", configFile(), "--gitops", gitops, "--dry-run"], work);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("+++ b/cluster-scope/base/core/namespaces/astro-lab/namespace.yaml");
    const namespace = readFileSync(join(gitops, "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"), "utf8");
    expect(parse(namespace)).toMatchObject({ kind: "Kustomization" });
    expect(stringify(parse(namespace))).not.toContain("astro-lab");
  });
});
