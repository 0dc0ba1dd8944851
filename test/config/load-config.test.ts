import type nock from "nock";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CONFIG_PATH, loadConfig } from "../../src/config/load-config.js";
import type { ParseConfigResult } from "../../src/config/parse-config.js";
import { github, testOctokit, useStrictNock } from "../github/test-octokit.js";
import { EXAMPLE_TEXT, exampleRaw, minimalRaw } from "./config-samples.js";

const REPO = { owner: "acme", repo: "requests" };
/** How Octokit requests the configuration: `/` in `path` is percent-encoded. */
const ENCODED = ".github%2Fonboarding-bot.yml";
const REPO_FILE = `/repos/acme/requests/contents/${ENCODED}`;
const ORG_FILE = `/repos/acme/.github/contents/${ENCODED}`;
const RAW_TYPE = { "content-type": "text/plain; charset=utf-8" };

/** A GitHub that answers one contents request for `path` with `text`, and checks it asked for the raw media type. */
function serves(path: string, text: string): nock.Scope {
  return github().matchHeader("accept", /application\/vnd\.github\.v3\.raw/).get(path).reply(200, text, RAW_TYPE);
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
  it("loads and validates the request repository's file as raw text, without asking the organisation", async () => {
    const scope = github()
      .matchHeader("accept", /application\/vnd\.github\.v3\.raw/)
      .get(REPO_FILE)
      .reply(200, EXAMPLE_TEXT, RAW_TYPE);
    const result = await loadConfig(testOctokit(), REPO);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config).toMatchObject(exampleRaw());
    expect(scope.isDone()).toBe(true);
  });

  it("applies defaults to a small file", async () => {
    serves(REPO_FILE, stringify(minimalRaw()));
    const result = await loadConfig(testOctokit(), REPO);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.gitops.baseBranch).toBe("main");
    expect(result.config.merge.method).toBe("squash");
  });

  it("falls back to the organisation's .github repository when the repository has no file", async () => {
    notFound(REPO_FILE);
    serves(ORG_FILE, stringify({ ...minimalRaw(), dryRun: true }));
    const result = await loadConfig(testOctokit(), REPO);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.dryRun).toBe(true);
  });

  it("reports one problem naming the file when neither the repository nor the organisation has one", async () => {
    notFound(REPO_FILE);
    notFound(ORG_FILE);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe(".github/onboarding-bot.yml");
    expect(CONFIG_PATH).toBe(".github/onboarding-bot.yml");
    expect(problems[0]?.message).toMatch(/no configuration found in acme\/requests or acme\/\.github; add \.github\/onboarding-bot\.yml/);
  });

  it("does not look for an organisation fallback of the .github repository itself", async () => {
    notFound(ORG_FILE);
    const problems = problemsOf(await loadConfig(testOctokit(), { owner: "acme", repo: ".github" }));
    expect(problems.map((p) => p.key)).toEqual([CONFIG_PATH]);
  });

  it("reports YAML that does not parse as a problem with its position, not a throw", async () => {
    serves(REPO_FILE, "gitops:\n  repository: a/b\n clusters: [\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe(CONFIG_PATH);
    expect(problems[0]?.message).toMatch(/^acme\/requests:\.github\/onboarding-bot\.yml is not valid YAML \(.*line \d+, column \d+\); check indentation and quoting$/);
  });

  it("names the organisation repository when its fallback file is the one that does not parse", async () => {
    notFound(REPO_FILE);
    serves(ORG_FILE, "a: b: c\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems[0]?.message).toMatch(/^acme\/\.github:\.github\/onboarding-bot\.yml is not valid YAML/);
  });

  it("reports duplicate keys in the YAML as invalid YAML", async () => {
    serves(REPO_FILE, `${stringify(minimalRaw())}dryRun: true\ndryRun: false\n`);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems[0]?.message).toMatch(/is not valid YAML/);
  });

  it("reports a schema violation on its key", async () => {
    const raw = exampleRaw();
    (raw.clusters as Array<Record<string, unknown>>)[1] = { name: "infra", overlay: "../../etc" };
    serves(REPO_FILE, stringify(raw));
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems).toEqual([{ key: "clusters[1].overlay", message: "must not contain '.' or '..' segments" }]);
  });

  it("reports an empty file as missing keys instead of falling back to the organisation", async () => {
    serves(REPO_FILE, "# nothing yet\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems.map((p) => p.key)).toEqual(["gitops", "clusters", "quota"]);
  });

  it.each([
    ["a list", "- gitops: {}\n- clusters: []\n", /acme\/requests:\.github\/onboarding-bot\.yml must be a YAML mapping .*not a list/],
    ["a number", "42\n", /must be a YAML mapping .*not number/],
    ["a string", "just some text\n", /must be a YAML mapping of keys to values/],
  ])("reports a file that holds %s instead of a mapping", async (_what, text, message) => {
    serves(REPO_FILE, text);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe(CONFIG_PATH);
    expect(problems[0]?.message).toMatch(message);
  });

  it("reports a directory at the configuration path as a problem", async () => {
    github().get(REPO_FILE).reply(200, [{ name: "x", type: "file" }], { "content-type": "application/json; charset=utf-8" });
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems[0]?.message).toMatch(/is a directory or a submodule; expected a YAML file/);
  });

  it("merges the file named by _extends under the repository's own keys", async () => {
    serves(REPO_FILE, "_extends: shared-config\ndryRun: true\n");
    serves(`/repos/acme/shared-config/contents/${ENCODED}`, stringify({ ...minimalRaw(), dryRun: false }));
    const result = await loadConfig(testOctokit(), REPO);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.dryRun).toBe(true);
    expect(result.config.gitops.repository).toBe("operate-first/apps");
  });

  it("follows _extends to another path in another repository", async () => {
    serves(REPO_FILE, "_extends: platform/settings:bots/onboarding.yml\n");
    serves("/repos/platform/settings/contents/bots%2Fonboarding.yml", stringify(minimalRaw()));
    const result = await loadConfig(testOctokit(), REPO);
    expect(result.ok).toBe(true);
  });

  it("reports an _extends value that names no repository as a problem, not a throw", async () => {
    serves(REPO_FILE, `_extends: "not a repo!"\n${stringify(minimalRaw())}`);
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/'_extends' must name a repository/);
  });

  it("reports an _extends loop as a problem, not a throw", async () => {
    serves(REPO_FILE, "_extends: a\n");
    serves(`/repos/acme/a/contents/${ENCODED}`, "_extends: b\n");
    serves(`/repos/acme/b/contents/${ENCODED}`, "_extends: a\n");
    const problems = problemsOf(await loadConfig(testOctokit(), REPO));
    expect(problems[0]?.message).toMatch(/'_extends' must name a repository .*must not loop/);
  });

  it("throws on a 500 from GitHub (after one request, retries off) so the delivery is retried", async () => {
    github().get(REPO_FILE).reply(500, { message: "Server Error" });
    await expect(loadConfig(testOctokit(), REPO)).rejects.toMatchObject({ status: 500 });
  });

  it("throws when the organisation fallback answers 500", async () => {
    notFound(REPO_FILE);
    github().get(ORG_FILE).reply(502, { message: "Bad Gateway" });
    await expect(loadConfig(testOctokit(), REPO)).rejects.toMatchObject({ status: 502 });
  });

  it("throws on 401 (bad installation token) instead of reporting a missing file", async () => {
    github().get(REPO_FILE).reply(401, { message: "Bad credentials" });
    await expect(loadConfig(testOctokit(), REPO)).rejects.toMatchObject({ status: 401 });
  });

  it("throws on a network error", async () => {
    github().get(REPO_FILE).replyWithError("socket hang up");
    await expect(loadConfig(testOctokit(), REPO)).rejects.toThrow(/socket hang up/);
  });
});
