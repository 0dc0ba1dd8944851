import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { COMMANDS, main } from "../../src/cli/main.js";
import { renderIssueForm } from "../../src/intake/build-issue-form.js";
import { captureIO, exampleConfig, exampleRaw, FIXTURE_DIR, issueBody, TIER_PATHS } from "../intake/support.js";

const ROOT_DIR = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = fileURLToPath(FIXTURE_DIR);
const CONFIG = "templates/onboarding-bot.yml";

async function run(argv: string[], cwd = ROOT_DIR) {
  const cap = captureIO(cwd);
  const code = await main(argv, cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "onboarding-cli-"));
  const gitops = join(work, "gitops");
  for (const path of [
    ...TIER_PATHS,
    "cluster-scope/base/core/namespaces/dp-dev/namespace.yaml",
    "cluster-scope/base/user.openshift.io/groups/data-pipelines/group.yaml",
    ".git/objects/ab/cluster-scope/base/core/namespaces/dp-prod/namespace.yaml",
  ]) {
    mkdirSync(join(gitops, path, ".."), { recursive: true });
    writeFileSync(join(gitops, path), "kind: Test\n");
  }
  const strict = exampleRaw();
  strict.teams = { allowExisting: false };
  writeFileSync(join(work, "strict.yml"), stringify(strict));
  writeFileSync(join(work, "broken.yml"), "gitops:\n  repository: nope\nclusters: []\nquota: {tiers: []}\n");
  writeFileSync(join(work, "not-yaml.yml"), "a: [\n");
  // U+009B is the one-byte CSI: echoed raw it would start a terminal escape sequence.
  writeFileSync(join(work, "hostile.md"), issueBody({ team: "\u009b31mred", members: "@hubot" }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("onboarding-bot parse", () => {
  it("prints the parsed request as JSON using the example configuration by default", async () => {
    const { code, stdout, stderr } = await run(["parse", join(FIXTURES, "valid-basic.md")], work);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toMatchObject({ team: "data-pipelines", quotaTier: "small", members: ["hubot", "mona"] });
  });

  it("exits 2 on an unreadable file", async () => {
    const { code, stderr } = await run(["parse", "no-such-file.md"], work);
    expect(code).toBe(2);
    expect(stderr).toContain("cannot read no-such-file.md (ENOENT)");
  });

  it("exits 2 on unknown options and missing arguments", async () => {
    expect((await run(["parse", "--bogus", "x.md"])).code).toBe(2);
    const { code, stderr } = await run(["parse"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: onboarding-bot parse");
  });

  it("prints what made the body deceptive on stderr, without terminal escapes", async () => {
    const { code, stderr } = await run(["parse", join(work, "hostile.md")]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^team: '\?31mred' contains U\+009B/m);
    expect(stderr).not.toContain("\u009b");
  });
});

describe("onboarding-bot validate", () => {
  it("says valid and lists the notices (exit 0)", async () => {
    const { code, stdout } = await run(["validate", join(FIXTURES, "valid-basic.md"), "--config", CONFIG]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("valid");
    expect(lines).toContain("notice members: the owner 'Octocat' was added to the team members");
    expect(stdout).toContain("GitHub logins were not checked");
    expect(stdout).toContain("the GitOps repository was not checked");
  });

  it("prints one line per problem (exit 1)", async () => {
    const { code, stdout } = await run(["validate", join(FIXTURES, "invalid-request.json"), "--config", CONFIG]);
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines).toContain(
      "team: 'My-Team' is not a valid team name: names are lower case (use 'my-team')",
    );
    expect(lines).toContain("owner: '@octocat' starts with '@' (the login without '@': 'octocat')");
    expect(lines.some((l) => l.startsWith("clusters: 'mordor' is not one of the clusters"))).toBe(true);
    expect(lines.some((l) => l.startsWith("body: the request has the unknown property 'color'"))).toBe(true);
  });

  it("checks names against a local GitOps checkout with --gitops, skipping .git", async () => {
    const { code, stdout } = await run(
      ["validate", join(FIXTURES, "valid-basic.md"), "--config", join(work, "strict.yml"), "--gitops", join(work, "gitops")],
    );
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^namespaces: the namespace 'dp-dev' already exists/);
    expect(lines[1]).toMatch(/^team: the team 'data-pipelines' already exists/);
  });

  it("prints { ok, problems, notices, request } with --json", async () => {
    const { code, stdout } = await run(["validate", join(FIXTURES, "valid-request.yaml"), "--config", CONFIG, "--gitops", join(work, "gitops"), "--json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { ok: boolean; problems: unknown[]; notices: unknown[]; request: { members: string[] } };
    expect(out.ok).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.request.members).toEqual(["hubot", "octocat"]);
    expect(Object.keys(out)).toEqual(["ok", "problems", "notices", "request"]);
  });

  it("exits 2 with config <key>: <message> lines for a broken configuration", async () => {
    const { code, stderr } = await run(["validate", join(FIXTURES, "valid-basic.md"), "--config", join(work, "broken.yml")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^config gitops\.repository: must be 'owner\/name'/m);
    expect(stderr).toMatch(/^config clusters: /m);
  });

  it("exits 2 for YAML that does not parse, a missing --config and a missing GitOps directory", async () => {
    const notYaml = await run(["validate", join(FIXTURES, "valid-basic.md"), "--config", join(work, "not-yaml.yml")]);
    expect(notYaml.code).toBe(2);
    expect(notYaml.stderr).toContain("is not valid YAML");
    const noConfig = await run(["validate", join(FIXTURES, "valid-basic.md")]);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain("--config is required");
    const noDir = await run(["validate", join(FIXTURES, "valid-basic.md"), "--config", CONFIG, "--gitops", join(work, "missing")]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("cannot read the GitOps directory");
  });
});

describe("onboarding-bot form", () => {
  it("prints the issue form for a configuration", async () => {
    const { code, stdout } = await run(["form", "--config", CONFIG]);
    expect(code).toBe(0);
    expect(stdout).toBe(renderIssueForm(exampleConfig()));
  });

  it("exits 2 without --config", async () => {
    const { code, stderr } = await run(["form"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--config is required");
  });

  it("is reachable through the built-in command registry", async () => {
    const command = await COMMANDS.form?.load();
    if (!command) throw new Error("form is not registered");
    const cap = captureIO(ROOT_DIR);
    expect(await command(["--config", CONFIG], cap.io)).toBe(0);
    expect(cap.stdout()).toContain("id: quota_tier");
  });
});
