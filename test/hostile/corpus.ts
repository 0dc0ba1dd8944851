/**
 * The hostile-input corpus: issue bodies, request files, configuration files and GitOps repositories that try to
 * break, confuse or abuse the bot. Each case names the form field (or configuration key) the bot must blame, so a
 * test can check that the answer is specific, not just "invalid".
 */
import type { FieldId } from "../../src/types.js";
import { renderIssueBody, validValues, type FormValues } from "../helpers/issue-body.js";

/** One hostile request: form values (merged over a valid request), or a raw file text, and the field to blame. */
export interface HostileCase {
  name: string;
  /** Overrides of {@link validValues}; rendered the way GitHub renders a submitted issue form. */
  values?: FormValues;
  /** The request file's whole text (an issue body, JSON or YAML), used instead of `values`. */
  raw?: string;
  /** Overrides merged into the fixture's configuration for this case. */
  config?: Record<string, unknown>;
  /** The field at least one problem must name. */
  expectedField: FieldId;
  /** Text the status comment must contain (escaped form of a hostile value); app corpus only. */
  escaped?: string[];
  /** Raw text the status comment must not contain; app corpus only. */
  forbidden?: string[];
}

/** The request file text of a case. */
export function caseText(c: HostileCase): string {
  return c.raw ?? renderIssueBody(validValues(c.values ?? {}));
}

const logins = (n: number, prefix = "user"): string => Array.from({ length: n }, (_, i) => `@${prefix}${i + 1}`).join("\n");

/** Requests through `validate`: every one must exit 1 with a problem line naming `expectedField`. */
export const REQUEST_CASES: readonly HostileCase[] = [
  // ---- size, binary, structure of the body --------------------------------------------------------------------
  { name: "body larger than limits.maxBodyBytes", values: { description: "x".repeat(70_000) }, expectedField: "body" },
  { name: "multi-byte body larger than the limit in bytes, not characters", values: { description: "ж".repeat(33_000) }, expectedField: "body" },
  { name: "NUL byte in the description", values: { description: "telescope\u0000images" }, expectedField: "body" },
  { name: "terminal escape (ESC) in the description", values: { description: "\u001b[2J\u001b[31mred" }, expectedField: "body" },
  { name: "raw binary blob pasted into the body", raw: `${renderIssueBody(validValues())}\n\n\u0001\u0002\u0003\u00ff\u0004`, expectedField: "body" },
  { name: "C1 control (NEL) in the description", values: { description: "line\u0085break" }, expectedField: "description" },
  { name: "C1 CSI in the team name", values: { team: "\u009b31mred" }, expectedField: "team" },
  { name: "deeply nested block quotes as the description", values: { description: "> ".repeat(3_000) + "deep" }, expectedField: "description" },
  { name: "deeply nested list as the members", values: { members: "- - - - - - - - - - - - @alice" }, expectedField: "members" },
  { name: "deeply nested JSON request", raw: `{"team":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, expectedField: "team" },
  { name: "'###' on every line and no form field", raw: Array.from({ length: 2_000 }, (_, i) => `### heading ${i}`).join("\n"), expectedField: "team" },
  {
    name: "a field heading typed inside the team answer",
    values: { team: "astro-lab\n\n### Namespace names\n\nkube-system" },
    expectedField: "team",
  },
  {
    name: "every field heading repeated inside the description",
    values: { description: ["Clusters", "Team name", "Namespace names", "Project owner"].map((l) => `### ${l}\n\nx`).join("\n\n") },
    expectedField: "description",
  },
  { name: "empty body", raw: "", expectedField: "team" },
  { name: "whitespace-only body", raw: " \n\t\n ", expectedField: "clusters" },

  // ---- look-alikes, invisible and direction characters --------------------------------------------------------
  { name: "Cyrillic 'а' in the team name", values: { team: "\u0430stro-lab" }, expectedField: "team" },
  { name: "Greek omicron in a namespace", values: { namespaces: "astr\u03bf-lab" }, expectedField: "namespaces" },
  { name: "fullwidth letters in the owner", values: { owner: "\uff41lice" }, expectedField: "owner" },
  { name: "right-to-left override in the display name", values: { display_name: "Astro \u202eLab" }, expectedField: "display_name" },
  { name: "right-to-left mark in the team name", values: { team: "astro\u200f-lab" }, expectedField: "team" },
  { name: "right-to-left isolate in the description", values: { description: "safe \u2067text\u2069 here" }, expectedField: "description" },
  { name: "zero-width space in a namespace", values: { namespaces: "astro\u200b-lab" }, expectedField: "namespaces" },
  { name: "zero-width joiner in a member login", values: { members: "@al\u200dice" }, expectedField: "members" },
  { name: "byte order mark inside the team name", values: { team: "astro\ufeff-lab" }, expectedField: "team" },
  { name: "no-break space around the team name", values: { team: "\u00a0astro-lab\u00a0" }, expectedField: "team" },
  { name: "soft hyphen in the owner", values: { owner: "ali\u00adce" }, expectedField: "owner" },

  // ---- YAML and shell metacharacters --------------------------------------------------------------------------
  { name: "YAML mapping as the team name", values: { team: "foo: bar" }, expectedField: "team" },
  { name: "YAML flow mapping as a namespace", values: { namespaces: "{a: 1}" }, expectedField: "namespaces" },
  { name: "YAML sequence item as the team name", values: { team: "- x" }, expectedField: "team" },
  { name: "YAML anchor as the team name", values: { team: "&anchor" }, expectedField: "team" },
  { name: "YAML alias as a namespace", values: { namespaces: "*alias" }, expectedField: "namespaces" },
  { name: "YAML python tag as the team name", values: { team: "!!python/object/apply:os.system ['id']" }, expectedField: "team" },
  { name: "YAML document marker as the custom CPU", values: { quota_tier: "Custom", custom_cpu: "---", custom_memory: "1Gi", custom_storage: "1Gi" }, expectedField: "custom_cpu" },
  { name: "YAML request file with an alias bomb", raw: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, expectedField: "team" },
  { name: "YAML request file with a python tag", raw: "team: !!python/object/apply:os.system ['id']\nnamespaces: [x]\n", expectedField: "team" },
  { name: "JSON request with __proto__", raw: JSON.stringify({ ...jsonRequest() }).replace(/^\{/, '{"__proto__":{"polluted":true},'), expectedField: "body" },
  { name: "JSON request with wrong types", raw: JSON.stringify({ ...jsonRequest(), team: ["astro-lab"], acknowledged: "yes" }), expectedField: "team" },
  { name: "command substitution as the team name", values: { team: "$(rm -rf /)" }, expectedField: "team" },
  { name: "backticks as a namespace", values: { namespaces: "`id`" }, expectedField: "namespaces" },
  { name: "semicolon in the owner", values: { owner: "alice;reboot" }, expectedField: "owner" },
  { name: "pipe and redirect in a member", values: { members: "@alice|tee>x" }, expectedField: "members" },

  // ---- path traversal -----------------------------------------------------------------------------------------
  { name: "'../../etc' as the team name", values: { team: "../../etc" }, expectedField: "team" },
  { name: "'/etc/passwd' as a namespace", values: { namespaces: "/etc/passwd" }, expectedField: "namespaces" },
  { name: "'..' as a namespace", values: { namespaces: ".." }, expectedField: "namespaces" },
  { name: "'.' as the team name", values: { team: "." }, expectedField: "team" },
  { name: "'a/b' as the team name", values: { team: "a/b" }, expectedField: "team" },
  { name: "backslash traversal as a namespace", values: { namespaces: "..\\..\\windows" }, expectedField: "namespaces" },
  { name: "URL-encoded traversal as the team name", values: { team: "%2e%2e%2fetc" }, expectedField: "team" },
  { name: "traversal as a cluster", values: { clusters: "../smaug" }, expectedField: "clusters" },
  { name: "traversal as the quota tier", values: { quota_tier: "../../../etc" }, expectedField: "quota_tier" },

  // ---- name syntax --------------------------------------------------------------------------------------------
  { name: "team name of 64 characters", values: { team: "a".repeat(64) }, expectedField: "team" },
  { name: "namespace of 200 characters", values: { namespaces: `ns-${"b".repeat(197)}` }, expectedField: "namespaces" },
  { name: "team name with a leading dash", values: { team: "-astro" }, expectedField: "team" },
  { name: "namespace with a trailing dash", values: { namespaces: "astro-" }, expectedField: "namespaces" },
  { name: "uppercase team name", values: { team: "Astro-Lab" }, expectedField: "team" },
  { name: "underscore in a namespace", values: { namespaces: "astro_lab" }, expectedField: "namespaces" },
  { name: "dot in the team name", values: { team: "astro.lab" }, expectedField: "team" },

  // ---- reserved and taken names -------------------------------------------------------------------------------
  { name: "namespace 'default'", values: { namespaces: "default" }, expectedField: "namespaces" },
  { name: "namespace 'kube-system'", values: { namespaces: "kube-system" }, expectedField: "namespaces" },
  { name: "namespace 'openshift-foo'", values: { namespaces: "openshift-foo" }, expectedField: "namespaces" },
  { name: "team 'openshift'", values: { team: "openshift" }, expectedField: "team" },
  { name: "configured reserved namespace 'opf-argo'", values: { namespaces: "opf-argo" }, expectedField: "namespaces" },
  { name: "configured reserved prefix 'opf-infra-'", values: { namespaces: "opf-infra-x" }, expectedField: "namespaces" },
  { name: "team with the configured reserved prefix", values: { team: "opf-infra-team" }, expectedField: "team" },
  { name: "namespace colliding with tenant 'thoth-station'", values: { namespaces: "thoth-station" }, expectedField: "namespaces" },
  {
    name: "team colliding with the existing group 'thoth' when teams are not reused",
    values: { team: "thoth", namespaces: "thoth-new" },
    config: { teams: { allowExisting: false } },
    expectedField: "team",
  },
  { name: "the same namespace listed twice", values: { namespaces: "astro-lab\nastro-lab" }, expectedField: "namespaces" },

  // ---- limits -------------------------------------------------------------------------------------------------
  { name: "hundreds of clusters", values: { clusters: Array.from({ length: 300 }, (_, i) => `c${i}`).join(", ") }, expectedField: "clusters" },
  { name: "every cluster, over a limit of 2", values: { clusters: "smaug, infra, osc-cl1" }, config: { limits: { maxClusters: 2 } }, expectedField: "clusters" },
  { name: "hundreds of members", values: { members: logins(300) }, expectedField: "members" },
  { name: "fifty namespaces", values: { namespaces: Array.from({ length: 50 }, (_, i) => `astro-${i}`).join("\n") }, expectedField: "namespaces" },

  // ---- clusters and quota -------------------------------------------------------------------------------------
  { name: "unknown cluster", values: { clusters: "mars" }, expectedField: "clusters" },
  { name: "no cluster", values: { clusters: "" }, expectedField: "clusters" },
  { name: "unknown quota tier", values: { quota_tier: "huge" }, expectedField: "quota_tier" },
  { name: "custom CPU above the maximum", values: { quota_tier: "Custom", custom_cpu: "1000", custom_memory: "1Gi", custom_storage: "1Gi" }, expectedField: "custom_cpu" },
  { name: "custom memory above the maximum", values: { quota_tier: "Custom", custom_cpu: "1", custom_memory: "65Gi", custom_storage: "1Gi" }, expectedField: "custom_memory" },
  { name: "custom storage in exabytes", values: { quota_tier: "Custom", custom_cpu: "1", custom_memory: "1Gi", custom_storage: "1Ei" }, expectedField: "custom_storage" },
  { name: "negative custom memory", values: { quota_tier: "Custom", custom_cpu: "1", custom_memory: "-16Gi", custom_storage: "1Gi" }, expectedField: "custom_memory" },
  { name: "custom CPU in scientific notation", values: { quota_tier: "Custom", custom_cpu: "1e3", custom_memory: "1Gi", custom_storage: "1Gi" }, expectedField: "custom_cpu" },
  { name: "custom memory with a non-Kubernetes unit", values: { quota_tier: "Custom", custom_cpu: "1", custom_memory: "16GB", custom_storage: "1Gi" }, expectedField: "custom_memory" },
  { name: "zero custom CPU", values: { quota_tier: "Custom", custom_cpu: "0", custom_memory: "1Gi", custom_storage: "1Gi" }, expectedField: "custom_cpu" },
  { name: "custom tier with no values", values: { quota_tier: "Custom" }, expectedField: "custom_cpu" },
  { name: "huge number as custom CPU", values: { quota_tier: "Custom", custom_cpu: "9".repeat(400), custom_memory: "1Gi", custom_storage: "1Gi" }, expectedField: "custom_cpu" },

  // ---- logins -------------------------------------------------------------------------------------------------
  { name: "owner with a leading dash", values: { owner: "-bad" }, expectedField: "owner" },
  { name: "owner with a trailing dash", values: { owner: "bad-" }, expectedField: "owner" },
  { name: "member with a double dash", values: { members: "@a--b" }, expectedField: "members" },
  { name: "owner with a space", values: { owner: "has space" }, expectedField: "owner" },
  { name: "member '@@x'", values: { members: "@@x" }, expectedField: "members" },
  { name: "owner of 40 characters", values: { owner: "a".repeat(40) }, expectedField: "owner" },
  { name: "HTML tag as a member", values: { members: "<img src=x onerror=alert(1)>" }, expectedField: "members" },
  { name: "no owner", values: { owner: "" }, expectedField: "owner" },

  // ---- links, text, acknowledgement ---------------------------------------------------------------------------
  { name: "javascript: documentation URL", values: { docs_url: "javascript:alert(1)" }, expectedField: "docs_url" },
  { name: "file: documentation URL", values: { docs_url: "file:///etc/passwd" }, expectedField: "docs_url" },
  { name: "data: documentation URL", values: { docs_url: "data:text/html,<script>alert(1)</script>" }, expectedField: "docs_url" },
  { name: "documentation URL without a host", values: { docs_url: "https://" }, expectedField: "docs_url" },
  { name: "description over 4000 characters", values: { description: "word ".repeat(1_000) }, expectedField: "description" },
  { name: "display name over two lines", values: { display_name: "Astro\nLab" }, expectedField: "display_name" },
  { name: "display name of 500 characters", values: { display_name: "A".repeat(500) }, expectedField: "display_name" },
  { name: "acknowledgement not ticked", values: { acknowledgement: false }, expectedField: "acknowledgement" },
  { name: "acknowledgement box removed from the body", raw: renderIssueBody(validValues()).replace(/### Acknowledgement[\s\S]*$/, ""), expectedField: "acknowledgement" },
];

/** The JSON form of the valid request, for request files written as JSON. */
export function jsonRequest(): Record<string, unknown> {
  return {
    team: "astro-lab",
    namespaces: ["astro-lab"],
    clusters: ["smaug"],
    owner: "alice",
    members: ["alice", "Bob"],
    description: "Telescope image processing for the astronomy lab.",
    quotaTier: "small",
    acknowledged: true,
  };
}

/** A hostile configuration file: must exit 2 with a `config <key>:` line naming `expectedKey`. */
export interface ConfigCase {
  name: string;
  /** The configuration's text, or overrides merged into the fixture's configuration. */
  text?: string;
  overrides?: Record<string, unknown>;
  /** The start of the key as `config <key>:` prints it. */
  expectedKey: string;
}

/** Configuration files through `validate`. */
export const CONFIG_CASES: readonly ConfigCase[] = [
  { name: "overlay outside the repository", overrides: { clusters: [{ name: "smaug", overlay: "../../etc" }] }, expectedKey: "clusters[0].overlay" },
  { name: "absolute namespace directory", overrides: { layout: { namespaceDir: "/etc/{namespace}" } }, expectedKey: "layout.namespaceDir" },
  { name: "backslash in the group directory", overrides: { layout: { groupDir: "groups\\..\\{team}" } }, expectedKey: "layout.groupDir" },
  { name: "limit of the wrong type", overrides: { limits: { maxBodyBytes: "lots" } }, expectedKey: "limits.maxBodyBytes" },
  { name: "limit above its safe maximum", overrides: { limits: { maxMembers: 1_000_000 } }, expectedKey: "limits.maxMembers" },
  { name: "unknown key (a typo)", overrides: { limits: { maxBodyByte: 1 } }, expectedKey: "limits" },
  { name: "tiers as a mapping", overrides: { quota: { tiers: { small: {} } } }, expectedKey: "quota.tiers" },
  { name: "cluster name that is not a DNS label", overrides: { clusters: [{ name: "../x", overlay: "a/b" }] }, expectedKey: "clusters[0].name" },
  { name: "the file is a list", text: "- a\n- b\n", expectedKey: "(top level)" },
  { name: "alias bomb", text: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, expectedKey: "(file)" },
  { name: "malformed YAML", text: "gitops: [\n", expectedKey: "(file)" },
];

/** A hostile GitOps repository: a change to a copy of the fixture, and the field `render --dry-run` must blame. */
export interface GitopsCase {
  name: string;
  /** Files to replace (string) or delete (null), by repository path. */
  files: Record<string, string | null>;
  /** Overrides merged into the fixture's configuration. */
  config?: Record<string, unknown>;
  /** Overrides of the (otherwise valid) request's form values. */
  values?: FormValues;
  expectedField: FieldId;
}

export const SMAUG_OVERLAY = "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml";
export const COMMON_OVERLAY = "cluster-scope/overlays/prod/common/kustomization.yaml";

/** GitOps repositories that must stop rendering with a specific problem. */
export const GITOPS_CASES: readonly GitopsCase[] = [
  { name: "overlay that is malformed YAML", files: { [SMAUG_OVERLAY]: "resources: [\n  - ../../common\n" }, expectedField: "clusters" },
  { name: "overlay that is a list instead of a mapping", files: { [SMAUG_OVERLAY]: "- ../../common\n- ../../../../base\n" }, expectedField: "clusters" },
  { name: "overlay that is a scalar", files: { [SMAUG_OVERLAY]: "just text\n" }, expectedField: "clusters" },
  { name: "overlay whose resources is a mapping", files: { [SMAUG_OVERLAY]: "resources:\n  a: ../../common\n" }, expectedField: "clusters" },
  { name: "group overlay whose resources holds numbers and maps", files: { [COMMON_OVERLAY]: "resources:\n  - 1\n  - {a: b}\n" }, expectedField: "clusters" },
  { name: "overlay with two YAML documents", files: { [SMAUG_OVERLAY]: "resources: []\n---\nresources: []\n" }, expectedField: "clusters" },
  { name: "overlay kustomization missing", files: { [SMAUG_OVERLAY]: null }, expectedField: "clusters" },
  { name: "quota tier component missing", files: { "cluster-scope/components/resourcequotas/small/kustomization.yaml": null }, expectedField: "quota_tier" },
  {
    name: "layout with namespaces and groups side by side, and a namespace named like the team",
    files: {},
    config: { layout: { namespaceDir: "cluster-scope/tenants/{namespace}", groupDir: "cluster-scope/tenants/{team}" } },
    values: { namespaces: "" },
    expectedField: "namespaces",
  },
];
