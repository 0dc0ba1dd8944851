import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatKeyPath, parseConfig, type ConfigProblem, type ParseConfigResult } from "../../src/config/parse-config.js";
import { configSchema } from "../../src/config/schema.js";
import { EXAMPLE_PATH, exampleRaw, minimalRaw, withoutKey, withValue, type KeyPath } from "./config-samples.js";

/** Parses without letting a throw escape unnoticed: a throw fails the test with the input named. */
function parseNoThrow(raw: unknown, label: string): ParseConfigResult {
  try {
    return parseConfig(raw);
  } catch (error) {
    throw new Error(`parseConfig threw for case '${label}': ${String(error)}`, { cause: error });
  }
}

function problemsOf(result: ParseConfigResult): ConfigProblem[] {
  if (result.ok) throw new Error("expected the configuration to be refused, but it was accepted");
  return result.problems;
}

/** Asserts a refusal with a problem on exactly `key` whose message matches `message`. */
function expectProblem(raw: unknown, key: string, message: RegExp, label = key): ConfigProblem[] {
  const result = parseNoThrow(raw, label);
  expect(result.ok, label).toBe(false);
  const problems = problemsOf(result);
  const hit = problems.find((p) => p.key === key && message.test(p.message));
  expect(hit, `${label}: no problem on '${key}' matching ${String(message)} in ${JSON.stringify(problems)}`).toBeDefined();
  for (const p of problems) {
    expect(typeof p.key).toBe("string");
    expect(p.key.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
  }
  return problems;
}

describe("parseConfig: valid configurations", () => {
  it(`accepts the example configuration (${EXAMPLE_PATH.split("/").slice(-2).join("/")}) and keeps every value it sets`, () => {
    const raw = exampleRaw();
    const result = parseConfig(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config).toMatchObject(raw);
    expect(result.config.gitops.repository).toBe("operate-first/apps");
    expect(result.config.clusters.map((c) => c.name)).toEqual(["smaug", "infra", "osc-cl1"]);
  });

  it("applies every default to the smallest configuration", () => {
    const result = parseConfig(minimalRaw());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const c = result.config;
    expect(c.gitops).toEqual({
      repository: "operate-first/apps",
      baseBranch: "main",
      branchTemplate: "onboarding/{owner}/{repo}/issue-{number}",
      closingKeyword: true,
    });
    expect(c.layout.namespaceDir).toBe("cluster-scope/base/core/namespaces/{namespace}");
    expect(c.layout.quotaComponentDir).toBe("cluster-scope/components/resourcequotas/{tier}");
    expect(c.quota.custom).toEqual({ enabled: true, max: { cpu: "64", memory: "256Gi", storage: "2Ti" } });
    expect(c.merge).toEqual({ method: "squash", requireLgtm: false, approvals: 1, deleteBranch: true });
    expect(c.labels.request).toBe("onboarding");
    expect(c.limits.maxBodyBytes).toBe(65_536);
    expect(c.namespaces.annotationPrefix).toBe("openshift.io");
    expect(c.namespaces.networkPolicies.enabled).toBe(false);
    expect(c.approvers).toEqual({ users: [], teams: [], reviewers: [] });
    expect(c.teams.allowExisting).toBe(false);
    expect(c.dryRun).toBe(false);
    expect(c.clusters[0]?.groupOverlays).toBeUndefined();
  });

  it("applies defaults inside a partly written section (quota.custom.max, labels)", () => {
    const raw = withValue(withValue(minimalRaw(), ["quota", "custom"], { max: { cpu: "8" } }), ["labels"], { request: "tenant" });
    const result = parseConfig(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.quota.custom).toEqual({ enabled: true, max: { cpu: "8", memory: "256Gi", storage: "2Ti" } });
    expect(result.config.labels.request).toBe("tenant");
    expect(result.config.labels.validated).toBe("onboarding/validated");
  });

  // The example's header says the values shown are the defaults unless a comment says otherwise.
  it.each([
    [["gitops", "baseBranch"]],
    [["gitops", "branchTemplate"]],
    [["gitops", "closingKeyword"]],
    [["layout"]],
    [["merge"]],
    [["labels"]],
    [["limits"]],
    [["dryRun"]],
    [["namespaces", "annotationPrefix"]],
    [["namespaces", "networkPolicies"]],
  ] as Array<[KeyPath]>)("the example's %j is the default", (path) => {
    const raw = exampleRaw();
    const full = parseConfig(raw);
    const defaulted = parseConfig(withoutKey(raw, path));
    if (!full.ok || !defaulted.ok) throw new Error("example rejected");
    const pick = (c: unknown): unknown => path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], c);
    expect(pick(defaulted.config)).toEqual(pick(full.config));
  });

  it("accepts keys with placeholders in the allowed places ({team} in namespaceDir, {repo} in branchTemplate)", () => {
    let raw = withValue(minimalRaw(), ["layout"], { namespaceDir: "tenants/{team}/{namespace}" });
    raw = withValue(raw, ["gitops", "branchTemplate"], "onboarding/{repo}-{number}");
    const result = parseConfig(raw);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

interface HostileCase {
  name: string;
  raw: unknown;
  key: string;
  message: RegExp;
}

const ex = exampleRaw;
const TOP = "(top level)";

/** Hand-written hostile or mistaken configurations, each with the key and the advice its problem must carry. */
const CASES: HostileCase[] = [
  // Wrong types.
  { name: "clusters as a string", raw: withValue(ex(), ["clusters"], "smaug"), key: "clusters", message: /must be a list, not a string/ },
  { name: "tiers as a mapping", raw: withValue(ex(), ["quota", "tiers"], { small: { label: "Small" } }), key: "quota.tiers", message: /must be a list, not a mapping/ },
  { name: "merge.approvals as a word", raw: withValue(ex(), ["merge", "approvals"], "two"), key: "merge.approvals", message: /must be a number written as digits, not the string 'two'/ },
  { name: "merge.approvals as a fraction", raw: withValue(ex(), ["merge", "approvals"], 1.5), key: "merge.approvals", message: /must be a whole number, not 1\.5/ },
  { name: "dryRun as 'yes'", raw: withValue(ex(), ["dryRun"], "yes"), key: "dryRun", message: /must be true or false \(without quotes\)/ },
  { name: "teams.allowExisting as 'true'", raw: withValue(ex(), ["teams", "allowExisting"], "true"), key: "teams.allowExisting", message: /true or false/ },
  { name: "gitops as a string", raw: withValue(ex(), ["gitops"], "operate-first/apps"), key: "gitops", message: /must be a mapping of keys to values/ },
  { name: "approvers.users as one login", raw: withValue(ex(), ["approvers", "users"], "tumido"), key: "approvers.users", message: /must be a list/ },
  { name: "a cluster as a string", raw: withValue(ex(), ["clusters", 1], "infra"), key: "clusters[1]", message: /must be a mapping/ },
  { name: "custom max cpu as a bare number", raw: withValue(ex(), ["quota", "custom", "max", "cpu"], 16), key: "quota.custom.max.cpu", message: /put the value in quotes \('16'\)/ },
  {
    name: "selector value as a number",
    raw: withValue(ex(), ["namespaces", "networkPolicies", "ingressNamespaceSelector"], { "network.openshift.io/policy-group": 1 }),
    key: 'namespaces.networkPolicies.ingressNamespaceSelector["network.openshift.io/policy-group"]',
    message: /must be a string/,
  },
  { name: "merge.method not an option", raw: withValue(ex(), ["merge", "method"], "fast-forward"), key: "merge.method", message: /one of 'merge', 'squash', 'rebase'/ },
  { name: "podSecurity not a level", raw: withValue(ex(), ["namespaces", "podSecurity"], "strict"), key: "namespaces.podSecurity", message: /one of 'privileged', 'baseline', 'restricted'/ },
  // Unknown keys (typos) at every level, named by their full key with a suggestion.
  { name: "top-level typo 'cluster'", raw: withValue(ex(), ["cluster"], []), key: "cluster", message: /not a known key; did you mean 'clusters'\?/ },
  { name: "gitops.repo", raw: withValue(ex(), ["gitops", "repo"], "operate-first/apps"), key: "gitops.repo", message: /did you mean 'repository'\?/ },
  { name: "clusters[1].overlays", raw: withValue(ex(), ["clusters", 1, "overlays"], "x"), key: "clusters[1].overlays", message: /did you mean 'overlay'\?/ },
  { name: "quota.tiers[0].lable", raw: withValue(ex(), ["quota", "tiers", 0, "lable"], "X"), key: "quota.tiers[0].lable", message: /did you mean 'label'\?/ },
  { name: "quota.custom.max.gpu", raw: withValue(ex(), ["quota", "custom", "max", "gpu"], "1"), key: "quota.custom.max.gpu", message: /did you mean 'cpu'\?/ },
  { name: "quota.custom.max.ephemeral", raw: withValue(ex(), ["quota", "custom", "max", "ephemeral"], "1"), key: "quota.custom.max.ephemeral", message: /expected one of 'cpu', 'memory', 'storage'/ },
  { name: "layout.namespaceDirs", raw: withValue(ex(), ["layout", "namespaceDirs"], "x"), key: "layout.namespaceDirs", message: /did you mean 'namespaceDir'\?/ },
  { name: "namespaces.networkPolicies.enable", raw: withValue(ex(), ["namespaces", "networkPolicies", "enable"], true), key: "namespaces.networkPolicies.enable", message: /did you mean 'enabled'\?/ },
  { name: "teams.allow_existing", raw: withValue(ex(), ["teams", "allow_existing"], true), key: "teams.allow_existing", message: /did you mean 'allowExisting'\?/ },
  { name: "approvers.approvers", raw: withValue(ex(), ["approvers", "approvers"], []), key: "approvers.approvers", message: /not a known key; expected one of 'users', 'teams', 'ownersFile', 'reviewers'/ },
  { name: "merge.approval", raw: withValue(ex(), ["merge", "approval"], 2), key: "merge.approval", message: /did you mean 'approvals'\?/ },
  { name: "labels.reqest", raw: withValue(ex(), ["labels", "reqest"], "x"), key: "labels.reqest", message: /did you mean 'request'\?/ },
  { name: "limits.maxBody", raw: withValue(ex(), ["limits", "maxBody"], 1), key: "limits.maxBody", message: /did you mean 'maxBodyBytes'\?/ },
  { name: "_extends left in a merged file", raw: withValue(ex(), ["_extends"], ".github"), key: "_extends", message: /not a known key/ },
  // Missing required keys.
  { name: "no gitops.repository", raw: withoutKey(ex(), ["gitops", "repository"]), key: "gitops.repository", message: /is required; expected a string/ },
  { name: "no clusters", raw: withoutKey(ex(), ["clusters"]), key: "clusters", message: /is required; expected a list/ },
  { name: "no quota", raw: withoutKey(ex(), ["quota"]), key: "quota", message: /is required/ },
  { name: "no quota.tiers", raw: withoutKey(ex(), ["quota", "tiers"]), key: "quota.tiers", message: /is required; expected a list/ },
  { name: "a cluster without overlay", raw: withoutKey(ex(), ["clusters", 2, "overlay"]), key: "clusters[2].overlay", message: /is required/ },
  { name: "a tier without name", raw: withoutKey(ex(), ["quota", "tiers", 1, "name"]), key: "quota.tiers[1].name", message: /is required/ },
  { name: "no clusters listed", raw: withValue(ex(), ["clusters"], []), key: "clusters", message: /must list at least 1 entry/ },
  { name: "no tiers listed", raw: withValue(ex(), ["quota", "tiers"], []), key: "quota.tiers", message: /must list at least 1 entry/ },
  // Repository names.
  ...["apps", "operate-first/apps/extra", "-operate-first/apps", "operate-first/", "operate-first/my apps", "https://github.com/operate-first/apps", `${"o".repeat(40)}/apps`, "operate-first/apps\n"].map(
    (repository): HostileCase => ({
      name: `gitops.repository ${JSON.stringify(repository)}`,
      raw: withValue(ex(), ["gitops", "repository"], repository),
      key: "gitops.repository",
      message: /must be 'owner\/name', for example 'operate-first\/apps'/,
    }),
  ),
  // Branches.
  { name: "branch template without {number}", raw: withValue(ex(), ["gitops", "branchTemplate"], "onboarding/issue"), key: "gitops.branchTemplate", message: /must contain '\{number\}' so each request gets its own branch/ },
  ...["onboarding/..{number}", "onboarding@{number}", "onboarding/{number}.lock", "onboarding/{number}/", "/onboarding/{number}", "onboarding//{number}", "on boarding/{number}", "onboarding/{number}~1", ""].map(
    (template): HostileCase => ({
      name: `branch template ${JSON.stringify(template)}`,
      raw: withValue(ex(), ["gitops", "branchTemplate"], template),
      key: "gitops.branchTemplate",
      message: template === "" ? /must not be empty/ : /must be a valid git branch name/,
    }),
  ),
  ...["onboarding/.{number}", "onboarding.lock/{number}", "onboarding/{number}."].map(
    (template): HostileCase => ({
      name: `branch template ${JSON.stringify(template)} (check-ref-format rules)`,
      raw: withValue(ex(), ["gitops", "branchTemplate"], template),
      key: "gitops.branchTemplate",
      message: /must be a valid git branch name: .*'\.'/,
    }),
  ),
  { name: "branch template with an unknown placeholder", raw: withValue(ex(), ["gitops", "branchTemplate"], "onboarding/{issue}-{number}"), key: "gitops.branchTemplate", message: /unknown placeholder '\{issue\}'; placeholders allowed here: \{number\}, \{owner\}, \{repo\}/ },
  { name: "base branch with '..'", raw: withValue(ex(), ["gitops", "baseBranch"], "main..dev"), key: "gitops.baseBranch", message: /valid git branch name/ },
  { name: "base branch ending .lock", raw: withValue(ex(), ["gitops", "baseBranch"], "main.lock"), key: "gitops.baseBranch", message: /valid git branch name/ },
  // Names.
  { name: "duplicate cluster name", raw: withValue(ex(), ["clusters", 2, "name"], "smaug"), key: "clusters[2].name", message: /cluster 'smaug' is already listed at clusters\[0\]; names must be unique/ },
  { name: "duplicate tier name", raw: withValue(ex(), ["quota", "tiers", 3, "name"], "small"), key: "quota.tiers[3].name", message: /tier 'small' is already listed at quota\.tiers\[1\]/ },
  { name: "tier named custom", raw: withValue(ex(), ["quota", "tiers", 1, "name"], "custom"), key: "quota.tiers[1].name", message: /'custom' is reserved for the custom quota option; pick another/ },
  { name: "tier label with a comma", raw: withValue(ex(), ["quota", "tiers", 0, "label"], "Small, cheap"), key: "quota.tiers[0].label", message: /must not contain ','/ },
  { name: "cluster name in capitals", raw: withValue(ex(), ["clusters", 0, "name"], "Smaug"), key: "clusters[0].name", message: /DNS-1123 label/ },
  { name: "cluster name of 64 characters", raw: withValue(ex(), ["clusters", 0, "name"], "a".repeat(64)), key: "clusters[0].name", message: /at most 63 characters/ },
  { name: "tier name with a slash", raw: withValue(ex(), ["quota", "tiers", 0, "name"], "x/small"), key: "quota.tiers[0].name", message: /DNS-1123 label/ },
  // Layout templates and their placeholders.
  { name: "namespaceDir without {namespace}", raw: withValue(ex(), ["layout", "namespaceDir"], "cluster-scope/base/core/namespaces/{team}"), key: "layout.namespaceDir", message: /must contain '\{namespace\}' so each namespace gets its own directory/ },
  { name: "groupDir without {team}", raw: withValue(ex(), ["layout", "groupDir"], "cluster-scope/base/groups"), key: "layout.groupDir", message: /must contain '\{team\}'/ },
  { name: "rbacComponentDir without {team}", raw: withValue(ex(), ["layout", "rbacComponentDir"], "cluster-scope/components/rbac"), key: "layout.rbacComponentDir", message: /must contain '\{team\}'/ },
  { name: "quotaComponentDir without {tier}", raw: withValue(ex(), ["layout", "quotaComponentDir"], "cluster-scope/components/quota"), key: "layout.quotaComponentDir", message: /must contain '\{tier\}'/ },
  { name: "groupDir with {namespace}", raw: withValue(ex(), ["layout", "groupDir"], "groups/{team}/{namespace}"), key: "layout.groupDir", message: /unknown placeholder '\{namespace\}'; placeholders allowed here: \{team\}/ },
  { name: "limitRangeComponentDir with a placeholder", raw: withValue(ex(), ["layout", "limitRangeComponentDir"], "limitranges/{tier}"), key: "layout.limitRangeComponentDir", message: /unknown placeholder '\{tier\}'; this key takes no placeholders/ },
  { name: "namespaceDir with an unbalanced brace", raw: withValue(ex(), ["layout", "namespaceDir"], "namespaces/{namespace}}"), key: "layout.namespaceDir", message: /unbalanced '\{' or '\}'/ },
  // Quantities.
  ...(
    [
      ["cpu", "lots"],
      ["cpu", "-1"],
      ["cpu", "1.5.2"],
      ["memory", "64GB"],
      ["memory", "16 Gi"],
      ["storage", "1e3"],
      ["storage", ""],
    ] as const
  ).map(
    ([field, value]): HostileCase => ({
      name: `quota.custom.max.${field} ${JSON.stringify(value)}`,
      raw: withValue(ex(), ["quota", "custom", "max", field], value),
      key: `quota.custom.max.${field}`,
      message: /must be a Kubernetes quantity such as '4', '500m' or '16Gi'/,
    }),
  ),
  // Annotation prefix.
  ...["OpenShift.io", "openshift.io/", "-op1st", "op1st-", "", "op 1st"].map(
    (prefix): HostileCase => ({
      name: `annotationPrefix ${JSON.stringify(prefix)}`,
      raw: withValue(ex(), ["namespaces", "annotationPrefix"], prefix),
      key: "namespaces.annotationPrefix",
      message: /must be a DNS subdomain such as 'op1st' or 'openshift\.io'/,
    }),
  ),
  // Bounds and other single values.
  { name: "merge.approvals 0", raw: withValue(ex(), ["merge", "approvals"], 0), key: "merge.approvals", message: /must be at least 1/ },
  { name: "merge.approvals 11", raw: withValue(ex(), ["merge", "approvals"], 11), key: "merge.approvals", message: /must be at most 10/ },
  { name: "limits.maxBodyBytes below 1 KiB", raw: withValue(ex(), ["limits", "maxBodyBytes"], 10), key: "limits.maxBodyBytes", message: /must be at least 1024/ },
  { name: "an empty label", raw: withValue(ex(), ["labels", "request"], ""), key: "labels.request", message: /must not be empty/ },
  { name: "a label of 51 characters", raw: withValue(ex(), ["labels", "hold"], "h".repeat(51)), key: "labels.hold", message: /at most 50 characters/ },
  { name: "an approver that is not a login", raw: withValue(ex(), ["approvers", "users", 1], "bad login!"), key: "approvers.users[1]", message: /must be a GitHub login/ },
  { name: "an approver team without org", raw: withValue(ex(), ["approvers", "teams", 0], "onboarding-approvers"), key: "approvers.teams[0]", message: /must be 'org\/team-slug'/ },
  { name: "an empty reserved prefix", raw: withValue(ex(), ["namespaces", "reservedPrefixes"], [""]), key: "namespaces.reservedPrefixes[0]", message: /must not be empty/ },
  { name: "a cluster description of 201 characters", raw: withValue(ex(), ["clusters", 0, "description"], "d".repeat(201)), key: "clusters[0].description", message: /at most 200 characters/ },
  // Not a mapping at all: what a YAML parser returns for odd files.
  { name: "null configuration", raw: null, key: TOP, message: /empty or missing/ },
  { name: "undefined configuration", raw: undefined, key: TOP, message: /empty or missing/ },
  { name: "an array at the top level", raw: [ex()], key: TOP, message: /must be a mapping of keys to values .*not a list/ },
  { name: "a number at the top level", raw: 42, key: TOP, message: /must be a mapping of keys to values .*not a whole number/ },
  { name: "a string at the top level", raw: "gitops: x", key: TOP, message: /must be a mapping .*not a string/ },
  { name: "a boolean at the top level", raw: true, key: TOP, message: /must be a mapping .*not a boolean/ },
  { name: "an empty mapping", raw: {}, key: "gitops", message: /is required/ },
];

/** Paths that could point outside the GitOps repository, with the advice each must get. */
const HOSTILE_PATHS: Array<[string, unknown, RegExp]> = [
  ["parent segment", "../etc", /must not contain '\.' or '\.\.' segments/],
  ["parent segment inside", "cluster-scope/../../etc/{namespace}{team}{tier}", /must not contain '\.' or '\.\.' segments/],
  ["absolute", "/abs", /must be relative to the repository root/],
  ["absolute etc", "/etc/passwd", /must be relative to the repository root/],
  ["empty segment", "a//b", /must not contain empty segments/],
  ["trailing slash", "a/b/", /must not contain empty segments \('\/\/'\) or a trailing '\/'/],
  ["dot segment", "a/./b", /must not contain '\.' or '\.\.' segments/],
  ["lone dot", ".", /must not contain '\.' or '\.\.' segments/],
  ["backslash", "a\\b", /must not contain backslashes or control characters/],
  ["NUL", "a\u0000b", /must not contain backslashes or control characters/],
  ["newline", "a\nb", /must not contain backslashes or control characters/],
  ["escape", "a\u001b[31mb", /must not contain backslashes or control characters/],
  ["DEL", "a\u007fb", /must not contain backslashes or control characters/],
  ["600 characters", `${"a/".repeat(299)}aa`, /must be at most 512 characters long/],
  ["empty", "", /must not be empty/],
  ["a number", 42, /must be a string/],
];

/** Every configured path: the layout templates, cluster overlays, group overlays and the OWNERS file. */
const PATH_FIELDS: KeyPath[] = [
  ["layout", "namespaceDir"],
  ["layout", "groupDir"],
  ["layout", "rbacComponentDir"],
  ["layout", "quotaComponentDir"],
  ["layout", "limitRangeComponentDir"],
  ["layout", "networkPolicyComponentDir"],
  ["clusters", 1, "overlay"],
  ["clusters", 0, "groupOverlays", 0],
  ["approvers", "ownersFile"],
];

for (const field of PATH_FIELDS) {
  for (const [what, value, message] of HOSTILE_PATHS) {
    CASES.push({ name: `${formatKeyPath(field)}: ${what}`, raw: withValue(ex(), field, value), key: formatKeyPath(field), message });
  }
}

describe("parseConfig: hostile and mistaken configurations", () => {
  it("has a large corpus", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30 + PATH_FIELDS.length * HOSTILE_PATHS.length);
  });

  it.each(CASES)("$name → refused on $key", ({ name, raw, key, message }) => {
    expectProblem(raw, key, message, name);
  });

  it("reports problems from different sections in one pass", () => {
    let raw = withValue(ex(), ["clusters", 1, "overlay"], "../x");
    raw = withValue(raw, ["gitops", "repo"], "x");
    raw = withValue(raw, ["dryRun"], "yes");
    const keys = problemsOf(parseConfig(raw)).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(["clusters[1].overlay", "gitops.repo", "dryRun"]));
  });

  it("reports several cross-field problems at once", () => {
    let raw = withValue(ex(), ["clusters", 1, "name"], "smaug");
    raw = withValue(raw, ["gitops", "branchTemplate"], "onboarding/x");
    raw = withValue(raw, ["layout", "quotaComponentDir"], "quota/static");
    const keys = problemsOf(parseConfig(raw)).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(["clusters[1].name", "gitops.branchTemplate", "layout.quotaComponentDir"]));
  });
});

describe("parseConfig: keys from the file are treated as hostile", () => {
  it("quotes and shortens an unknown key of 10 000 characters", () => {
    const problems = problemsOf(parseConfig(withValue(ex(), ["x".repeat(10_000)], 1)));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key.length).toBeLessThan(80);
    expect(problems[0]?.key).toMatch(/^\["x+…"\]$/);
  });

  it("escapes control characters in an unknown key", () => {
    const problems = problemsOf(parseConfig(withValue(ex(), ["a\nb\u0000"], 1)));
    expect(problems.map((p) => p.key)).toEqual(['["a\\nb\\u0000"]']);
  });

  it("reports a __proto__ key as unknown without touching any prototype", () => {
    const raw = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(ex()).slice(1)}`) as unknown;
    const problems = problemsOf(parseConfig(raw));
    expect(problems.map((p) => p.key)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("caps the problems of a file with hundreds of errors at 50", () => {
    const clusters = Array.from({ length: 150 }, () => ({ name: "BAD", overlay: "/abs" }));
    const problems = problemsOf(parseConfig(withValue(ex(), ["clusters"], clusters)));
    expect(problems).toHaveLength(50);
    expect(problems[49]).toEqual({ key: TOP, message: expect.stringMatching(/^and \d+ more problems/) });
  });

  it("never throws and never accepts arbitrary values (property)", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (value) => {
        const result = parseConfig(value);
        expect(result.ok).toBe(false);
        if (!result.ok) for (const p of result.problems) expect(typeof p.key === "string" && typeof p.message === "string").toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when any one key of the example is replaced by an arbitrary value (property)", () => {
    const leafPaths: KeyPath[] = [];
    const walk = (node: unknown, path: Array<string | number>): void => {
      if (path.length > 0) leafPaths.push([...path]);
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
      else if (typeof node === "object" && node !== null) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    };
    walk(ex(), []);
    fc.assert(
      fc.property(fc.constantFrom(...leafPaths), fc.jsonValue(), (path, value) => {
        const result = parseConfig(withValue(ex(), path, value));
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("formatKeyPath", () => {
  it("writes array indexes in brackets and keys with dots", () => {
    expect(formatKeyPath(["clusters", 1, "groupOverlays", 0])).toBe("clusters[1].groupOverlays[0]");
  });

  it("names the top level when the path is empty", () => {
    expect(formatKeyPath([])).toBe("(top level)");
  });

  it("quotes keys that are not plain names", () => {
    expect(formatKeyPath(["namespaces", "a.b/c"])).toBe('namespaces["a.b/c"]');
  });
});

describe("configSchema", () => {
  it("is strict at every object level (unknown keys are refused, not dropped)", () => {
    // A guard for the corpus above: if someone makes a level non-strict, typos would be silently ignored.
    const result = configSchema.safeParse(withValue(ex(), ["quota", "custom", "extra"], 1));
    expect(result.success).toBe(false);
  });
});
