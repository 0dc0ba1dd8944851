import { describe, expect, it } from "vitest";
import { checkRequest, loginsToCheck, type RequestWorld } from "../../src/validation/check-request.js";
import { configFrom, exampleConfig, exampleRaw, exampleSnapshot, snapshotOf, TIER_PATHS, validRequest } from "../intake/support.js";

const config = exampleConfig();
const online = (users: Record<string, string | null>): RequestWorld => ({ snapshot: exampleSnapshot(), users: new Map(Object.entries(users)) });
const everyoneExists: RequestWorld = online({ octocat: "octocat", hubot: "hubot", mona: "mona" });

function problemsOf(result: ReturnType<typeof checkRequest>, field: string) {
  return result.problems.filter((p) => p.field === field);
}

describe("checkRequest", () => {
  it("passes a valid request with no problems and no notices", () => {
    const result = checkRequest(validRequest(), config, everyoneExists);
    expect(result.problems).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(result.request).toEqual(validRequest());
  });

  it("refuses unknown clusters and names the known ones", () => {
    const result = checkRequest(validRequest({ clusters: ["smaug", "mordor"] }), config, everyoneExists);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ field: "clusters", label: "Clusters", message: "'mordor' is not one of the clusters", value: "mordor" });
    expect(result.problems[0]?.expected).toBe("one or more of 'smaug', 'infra', 'osc-cl1'");
  });

  it("drops repeated clusters from the normalised request", () => {
    expect(checkRequest(validRequest({ clusters: ["smaug", "infra", "smaug"] }), config, everyoneExists).request.clusters).toEqual(["smaug", "infra"]);
  });

  it("refuses an unknown tier and names the options", () => {
    const result = checkRequest(validRequest({ quotaTier: "huge" }), config, everyoneExists);
    expect(problemsOf(result, "quota_tier")[0]).toMatchObject({ message: "'huge' is not one of the quota tiers" });
    expect(problemsOf(result, "quota_tier")[0]?.expected).toContain("'X-Small', 'Small'");
  });

  it("refuses a tier whose quota component is missing from the GitOps repository, naming the path", () => {
    const world = { snapshot: snapshotOf(TIER_PATHS.filter((p) => !p.includes("/large/"))), users: everyoneExists.users };
    const result = checkRequest(validRequest({ quotaTier: "large" }), config, world);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toContain("cluster-scope/components/resourcequotas/large/kustomization.yaml");
  });

  it("refuses the custom tier when it is disabled", () => {
    const raw = exampleRaw();
    (raw.quota as { custom: { enabled: boolean } }).custom.enabled = false;
    const result = checkRequest(validRequest({ quotaTier: "custom", customQuota: { cpu: "1", memory: "1Gi", storage: "1Gi" } }), configFrom(raw), everyoneExists);
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([["quota_tier", "custom quotas are not offered here"]]);
  });

  it("compares custom values with quota.custom.max numerically", () => {
    const ok = checkRequest(validRequest({ quotaTier: "custom", customQuota: { cpu: "16", memory: "65536Mi", storage: "1024Gi" } }), config, everyoneExists);
    expect(ok.problems).toEqual([]);
    const over = checkRequest(validRequest({ quotaTier: "custom", customQuota: { cpu: "16001m", memory: "65Gi", storage: "2Ti" } }), config, everyoneExists);
    expect(over.problems.map((p) => [p.field, p.message, p.expected])).toEqual([
      ["custom_cpu", "16001m is more CPU than a custom quota may have", "at most 16"],
      ["custom_memory", "65Gi is more memory than a custom quota may have", "at most 64Gi"],
      ["custom_storage", "2Ti is more storage than a custom quota may have", "at most 1Ti"],
    ]);
  });

  it("refuses a custom value of zero", () => {
    const result = checkRequest(validRequest({ quotaTier: "custom", customQuota: { cpu: "0", memory: "1Gi", storage: "1Gi" } }), config, everyoneExists);
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([["custom_cpu", "the custom CPU is zero"]]);
  });

  it("refuses configured reserved names and prefixes for namespaces and the team", () => {
    const result = checkRequest(validRequest({ team: "opf-argo", namespaces: ["opf-monitoring", "opf-infra-db"] }), config, everyoneExists);
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([
      ["namespaces", "'opf-monitoring' is a reserved name"],
      ["namespaces", "'opf-infra-db' starts with the reserved prefix 'opf-infra-'"],
      ["team", "'opf-argo' is a reserved name"],
    ]);
  });

  it("refuses a namespace listed twice, once", () => {
    const result = checkRequest(validRequest({ namespaces: ["a", "b", "a", "a"] }), config, everyoneExists);
    expect(result.problems.map((p) => p.message)).toEqual(["'a' is listed more than once"]);
  });

  it("refuses a namespace that already exists in the GitOps repository", () => {
    const result = checkRequest(validRequest({ namespaces: ["fresh", "taken-ns"] }), config, everyoneExists);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ field: "namespaces", value: "taken-ns" });
    expect(result.problems[0]?.message).toContain("already exists in operate-first/apps (cluster-scope/base/core/namespaces/taken-ns)");
  });

  it("does not mistake a namespace whose name is a prefix of an existing one for it", () => {
    expect(checkRequest(validRequest({ namespaces: ["taken"] }), config, everyoneExists).problems).toEqual([]);
  });

  it("reuses an existing team with a notice when teams.allowExisting", () => {
    const result = checkRequest(validRequest({ team: "taken-team" }), config, everyoneExists);
    expect(result.problems).toEqual([]);
    expect(result.notices.map((n) => [n.field, n.message])).toEqual([
      ["team", "the team 'taken-team' already exists (cluster-scope/base/user.openshift.io/groups/taken-team); it is reused as it is, and its members are not changed"],
    ]);
  });

  it("refuses an existing team when teams.allowExisting is false", () => {
    const raw = exampleRaw();
    raw.teams = { allowExisting: false };
    const result = checkRequest(validRequest({ team: "taken-team" }), configFrom(raw), everyoneExists);
    expect(result.problems.map((p) => p.field)).toEqual(["team"]);
    expect(result.problems[0]?.message).toContain("already exists");
  });

  it("applies the configured limits", () => {
    const raw = exampleRaw();
    raw.limits = { maxNamespaces: 1, maxMembers: 2, maxClusters: 1 };
    const result = checkRequest(
      validRequest({ namespaces: ["a", "b"], clusters: ["smaug", "infra"], members: ["hubot", "mona"] }),
      configFrom(raw),
      everyoneExists,
    );
    expect(result.problems.map((p) => [p.field, p.message, p.expected])).toEqual([
      ["clusters", "2 clusters were chosen", "at most 1 clusters in one request"],
      ["namespaces", "2 namespaces are listed", "at most 1 namespaces in one request"],
      ["members", "3 members are listed (with the owner)", "at most 2 members in one request"],
    ]);
  });

  it("refuses an unticked acknowledgement", () => {
    const result = checkRequest(validRequest({ acknowledged: false }), config, everyoneExists);
    expect(result.problems.map((p) => [p.field, p.label])).toEqual([["acknowledgement", "Acknowledgement"]]);
  });

  it("refuses logins that do not exist, naming them, once per login", () => {
    const world = online({ octocat: "octocat", hubot: null, ghost1: null });
    const result = checkRequest(validRequest({ members: ["hubot", "ghost1", "octocat"] }), config, world);
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([
      ["members", "the GitHub user 'hubot' does not exist"],
      ["members", "the GitHub user 'ghost1' does not exist"],
    ]);
    const owner = checkRequest(validRequest({ owner: "ghost1", members: ["ghost1"] }), config, world);
    expect(owner.problems.map((p) => p.field)).toEqual(["owner"]);
  });

  it("uses the canonical spelling of logins and says so", () => {
    const world = online({ octocat: "OctoCat", hubot: "hubot" });
    const result = checkRequest(validRequest({ owner: "octocat", members: ["HUBOT", "octocat"] }), config, world);
    expect(result.problems).toEqual([]);
    expect(result.request.owner).toBe("OctoCat");
    expect(result.request.members).toEqual(["hubot", "OctoCat"]);
    expect(result.notices.map((n) => n.message)).toEqual([
      "'octocat' is spelled 'OctoCat' on GitHub; the request uses 'OctoCat'",
      "'HUBOT' is spelled 'hubot' on GitHub; the request uses 'hubot'",
    ]);
  });

  it("adds the owner to the members with a notice, sorted and without duplicates", () => {
    const result = checkRequest(validRequest({ owner: "octocat", members: ["mona", "Hubot", "hubot"] }), config, online({ octocat: "octocat", mona: "mona", hubot: "Hubot" }));
    expect(result.request.members).toEqual(["Hubot", "mona", "octocat"]);
    expect(result.notices.map((n) => n.message)).toContain("the owner 'octocat' was added to the team members");
  });

  it("says once that logins were not checked when offline", () => {
    const result = checkRequest(validRequest(), config, { snapshot: exampleSnapshot(), users: null });
    expect(result.notices.map((n) => n.message)).toEqual([expect.stringContaining("GitHub logins were not checked")]);
  });

  it("says when the GitOps repository was not checked, and skips those checks", () => {
    const result = checkRequest(validRequest({ namespaces: ["taken-ns"] }), config, { snapshot: snapshotOf([]), users: everyoneExists.users });
    expect(result.problems).toEqual([]);
    expect(result.notices.map((n) => n.field)).toEqual(["body"]);
  });

  it("skips the rules of fields listed in skipFields", () => {
    const result = checkRequest(validRequest({ namespaces: ["taken-ns"], acknowledged: false }), config, everyoneExists, {
      skipFields: new Set(["namespaces", "acknowledgement"]),
    });
    expect(result.problems).toEqual([]);
  });
});

describe("loginsToCheck", () => {
  it("lists the owner and members once each, ignoring case", () => {
    expect(loginsToCheck(validRequest({ owner: "Octocat", members: ["octocat", "hubot", "HUBOT", "mona"] }))).toEqual(["Octocat", "hubot", "mona"]);
  });
});
