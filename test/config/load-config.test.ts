import type nock from "nock";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CONFIG_PATH, loadConfig, type TrustRoots } from "../../src/config/load-config.js";
import type { ParseConfigResult } from "../../src/config/parse-config.js";
import { github, testOctokit, useStrictNock } from "../github/test-octokit.js";
import { EXAMPLE_TEXT, exampleRaw, minimalRaw } from "./config-samples.js";

const REPO = { owner: "acme", repo: "requests" };
/** How Octokit requests the configuration: `/` in `path` is percent-encoded. */
const ENCODED = ".github%2Fonboarding-bot.yml";
const REPO_FILE = `/repos/acme/requests/contents/${ENCODED}`;
const ORG_FILE = `/repos/acme/.github/contents/${ENCODED}`;
/** The operator's trust roots in these tests. */
const TRUST: TrustRoots = {
  supportRepositories: [REPO, { owner: "acme", repo: "shared-config" }, { owner: "platform", repo: "settings" }, { owner: "acme", repo: "a" }, { owner: "acme", repo: "b" }],
  gitopsRepository: { owner: "operate-first", repo: "apps" },
};

/** A GitHub that answers one contents request for `path` with the file `text`, as the contents API does. */
function serves(path: string, text: string): nock.Scope {
  return github()
    .get(path)
    .reply(200, { type: "file", encoding: "base64", content: Buffer.from(text).toString("base64"), sha: "0".repeat(40), name: "f", path: "f" });
}

function notFound(path: string): nock.Scope {
  return github().get(path).reply(404, { message: "Not Found" });
}

function problemsOf(result: ParseConfigResult): Array<{ key: string; message: string }> {
  if (result.ok) throw new Error("expected the configuration to be refused, but it was accepted");
  return result.problems;
}

useStrictNock();

describe("loadConfig", () => {
  it("loads and validates the support repository's own file, without asking the organisation", async () => {
    const scope = serves(REPO_FILE, EXAMPLE_TEXT);
    const result = await loadConfig(testOctokit(), REPO, TRUST);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config).toMatchObject(exampleRaw());
    expect(scope.isDone()).toBe(true);
  });

  it("applies defaults to a small file", async () => {
    serves(REPO_FILE, stringify(minimalRaw()));
    const result = await loadConfig(testOctokit(), REPO, TRUST);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.gitops.baseBranch).toBe("main");
    expect(result.config.merge.method).toBe("squash");
  });

  it("never falls back to the organisation's .github repository: a missing file is one problem naming the file", async () => {
    notFound(REPO_FILE);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe("acme/requests:.github/onboarding-bot.yml");
    expect(CONFIG_PATH).toBe(".github/onboarding-bot.yml");
    expect(problems[0]?.message).toBe("no configuration found; add .github/onboarding-bot.yml to acme/requests");
  });

  it("reports YAML that does not parse as a problem with its position, not a throw", async () => {
    serves(REPO_FILE, "gitops:\n  repository: a/b\n clusters: [\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe("acme/requests:.github/onboarding-bot.yml");
    expect(problems[0]?.message).toMatch(/^is not valid YAML \(.*line \d+, column \d[^)]*\); check indentation and quoting$/);
  });

  it("reports duplicate keys in the YAML as invalid YAML", async () => {
    serves(REPO_FILE, `${stringify(minimalRaw())}dryRun: true\ndryRun: false\n`);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems[0]?.message).toMatch(/is not valid YAML/);
  });

  it("reports a schema violation on its key", async () => {
    const raw = exampleRaw();
    (raw.clusters as Array<Record<string, unknown>>)[1] = { name: "infra", overlay: "../../etc" };
    serves(REPO_FILE, stringify(raw));
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toEqual([{ key: "clusters[1].overlay", message: "must not contain '.' or '..' segments" }]);
  });

  it("reports an empty file as missing keys", async () => {
    serves(REPO_FILE, "# nothing yet\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems.map((p) => p.key)).toEqual(["gitops", "clusters", "quota"]);
  });

  it.each([
    ["a list", "- gitops: {}\n- clusters: []\n", /must be a YAML mapping .*not a list/],
    ["a number", "42\n", /must be a YAML mapping .*not number/],
    ["a string", "just some text\n", /must be a YAML mapping of keys to values/],
  ])("reports a file that holds %s instead of a mapping", async (_what, text, message) => {
    serves(REPO_FILE, text);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe("acme/requests:.github/onboarding-bot.yml");
    expect(problems[0]?.message).toMatch(message);
  });

  it("reports a directory at the configuration path as a missing file", async () => {
    github().get(REPO_FILE).reply(200, [{ name: "x", type: "file" }]);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems[0]?.message).toMatch(/no configuration found/);
  });

  it("merges the file named by _extends under the repository's own keys", async () => {
    serves(REPO_FILE, "_extends: shared-config\ndryRun: true\n");
    serves(`/repos/acme/shared-config/contents/${ENCODED}`, stringify({ ...minimalRaw(), dryRun: false }));
    const result = await loadConfig(testOctokit(), REPO, TRUST);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.dryRun).toBe(true);
    expect(result.config.gitops.repository).toBe("operate-first/apps");
  });

  it("follows _extends to another path in another repository", async () => {
    serves(REPO_FILE, "_extends: platform/settings:bots/onboarding.yml\n");
    serves("/repos/platform/settings/contents/bots%2Fonboarding.yml", stringify(minimalRaw()));
    const result = await loadConfig(testOctokit(), REPO, TRUST);
    expect(result.ok).toBe(true);
  });

  it("reports an _extends value that names no repository as a problem, not a throw", async () => {
    serves(REPO_FILE, `_extends: "not a repo!"\n${stringify(minimalRaw())}`);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({ key: "_extends", message: "must name a support repository: 'repo', 'owner/repo' or 'owner/repo:path.yml'" });
  });

  it("reports an _extends loop as a problem, not a throw", async () => {
    serves(REPO_FILE, "_extends: a\n");
    serves(`/repos/acme/a/contents/${ENCODED}`, "_extends: b\n");
    serves(`/repos/acme/b/contents/${ENCODED}`, "_extends: a\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems[0]).toEqual({ key: "_extends", message: "forms a loop; a configuration may not extend itself" });
  });

  it("throws on a 500 from GitHub (after one request, retries off) so the delivery is retried", async () => {
    github().get(REPO_FILE).reply(500, { message: "Server Error" });
    await expect(loadConfig(testOctokit(), REPO, TRUST)).rejects.toMatchObject({ status: 500 });
  });

  it("throws on 401 (bad installation token) instead of reporting a missing file", async () => {
    github().get(REPO_FILE).reply(401, { message: "Bad credentials" });
    await expect(loadConfig(testOctokit(), REPO, TRUST)).rejects.toMatchObject({ status: 401 });
  });

  it("throws on a network error", async () => {
    github().get(REPO_FILE).replyWithError("socket hang up");
    await expect(loadConfig(testOctokit(), REPO, TRUST)).rejects.toThrow(/socket hang up/);
  });

  it("refuses an _extends to a repository outside the trust roots without reading it, so nothing of it can leak", async () => {
    // A private file elsewhere: never requested (strict nock fails the test on any unmocked call).
    serves(REPO_FILE, `_extends: victim/private:secrets.yml\n${stringify(minimalRaw())}`);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toEqual([
      { key: "_extends", message: "may only name one of the support repositories this app is pinned to (SUPPORT_REPOSITORIES); it was not read" },
    ]);
  });

  it("refuses the organisation's .github through _extends unless the operator listed it", async () => {
    serves(REPO_FILE, "_extends: .github\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems[0]?.key).toBe("_extends");
    expect(ORG_FILE).toContain(".github");
  });

  it("never quotes a value from an extended file in a problem", async () => {
    serves(REPO_FILE, "_extends: shared-config\n");
    serves(`/repos/acme/shared-config/contents/${ENCODED}`, stringify({ ...minimalRaw(), dryRun: "TOPSECRET-value" }));
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toEqual([{ key: "dryRun", message: "is invalid in the extended configuration (its values are not shown here); fix it in that file" }]);
    expect(JSON.stringify(problems)).not.toContain("TOPSECRET");
  });

  it("does not quote the parser's position of an extended file that is not YAML", async () => {
    serves(REPO_FILE, "_extends: shared-config\n");
    serves(`/repos/acme/shared-config/contents/${ENCODED}`, "token: [ghp_SECRETSECRET\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toEqual([{ key: "acme/shared-config:.github/onboarding-bot.yml", message: "is not valid YAML; check indentation and quoting" }]);
  });

  it("refuses a configuration naming another GitOps repository than the pinned one", async () => {
    serves(REPO_FILE, stringify({ ...minimalRaw(), gitops: { repository: "attacker/apps" } }));
    const problems = problemsOf(await loadConfig(testOctokit(), REPO, TRUST));
    expect(problems).toEqual([
      {
        key: "gitops.repository",
        message: "names attacker/apps, but this installation of onboarding-bot is pinned to operate-first/apps (GITOPS_REPOSITORY); maintainers must make them agree",
      },
    ]);
  });
});
