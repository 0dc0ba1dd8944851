import path from "node:path";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { ACKNOWLEDGEMENT_OPTION, FORM_FIELDS } from "../../src/intake/fields.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { renderTenant } from "../../src/rendering/render-tenant.js";
import { checkRepoPath, staticPrefixDir } from "../../src/rendering/safe-path.js";
import type { FieldId, FileChange, GitopsSnapshot, OnboardingRequest, Provenance } from "../../src/types.js";
import { validateParsedRequest } from "../../src/validation/validate-request.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { renderIssueBody, validValues, type FormValues } from "../helpers/issue-body.js";

const NUM_RUNS = 200;
const SEED = 20_261_122;

const loaded = parseConfig(parse(readFileSync(path.join(OPF_FIXTURE, "onboarding-bot.yml"), "utf8")));
if (!loaded.ok) throw new Error(`property: the fixture configuration is invalid: ${JSON.stringify(loaded.problems)}`);
const config: Config = loaded.config;

const tree = readTree(OPF_FIXTURE);
/** The whole fixture, contents included, so rendering never needs to read more (it stays pure and synchronous). */
const snapshot: GitopsSnapshot = { paths: new Set(Object.keys(tree)), files: new Map(Object.entries(tree)) };
const provenance: Provenance = {
  requestRepo: "operate-first/support",
  issueNumber: 7,
  issueUrl: "https://github.com/operate-first/support/issues/7",
  requester: "alice",
};

const FIELD_IDS = new Set<FieldId>([...FORM_FIELDS.map((f) => f.id), "body"]);
const PREFIX = config.namespaces.annotationPrefix;

/** Templates of the directories the bot creates files in. */
const CREATE_TEMPLATES = [
  config.layout.namespaceDir,
  config.layout.groupDir,
  config.layout.rbacComponentDir,
  config.layout.networkPolicyComponentDir,
];
/** The only existing files the bot may edit: the configured overlays' kustomizations. */
const OVERLAY_FILES = new Set(
  config.clusters.flatMap((c) => [c.overlay, ...(c.groupOverlays ?? [])]).map((dir) => `${dir}/kustomization.yaml`),
);

// ---- generators --------------------------------------------------------------------------------------------------

/** Fragments that have broken parsers, YAML writers, path handling or Markdown before. */
const NASTY = fc.constantFrom(
  "../", "..", "/", "\\", "%2e%2e%2f", "\u0000", "\u0007", "\u001b[31m", "\u0085", "\u202e", "\u2067", "\u200b", "\u200f",
  "\ufeff", "\u00a0", "\u2028", "\u00ad", "\u0430", "\ud83d\ude00", "###", "### Team name", "### Namespace names", "\n",
  "\r\n", "\r", "\t", " ", "_No response_", "None", ": ", "- ", "? ", "{", "}", "[", "]", "&a", "*a", "!!python/object",
  "!!binary", "|", ">", "#", "'", '"', "`", "```", "$(", ")", ";", "&&", "-", "--", "@", "@@", "<", "</details>",
  "<!--", "-->", "@everyone", "yes", "no", "on", "~", "null", "0x10", "0o17", "1e3", "1_000", "2026-01-01", "12:30",
  ".inf", ".nan", "=", "<<", "---", "...", "%YAML 1.1", "kube-", "openshift-", "default", "smaug", "Custom", "small",
  "astro-lab", "alice", "[X]", "- [X] ", "\\n", "\\u0000",
);

const dnsLabel = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,20}[a-z0-9])?$/);
const login = fc.stringMatching(/^@?[A-Za-z0-9](?:-?[A-Za-z0-9]){0,12}$/);
const prose = fc.string({ unit: "grapheme", maxLength: 60 });

/** Strings that look like what a person would type in `field`, so that rendering is reached often. */
function plausible(field: FieldId): fc.Arbitrary<string> {
  switch (field) {
    case "team":
      return dnsLabel;
    case "namespaces":
      return fc.array(dnsLabel, { minLength: 1, maxLength: 4 }).map((a) => a.join("\n"));
    case "owner":
      return login;
    case "members":
      return fc.array(login, { maxLength: 6 }).map((a) => a.join("\n"));
    case "clusters":
      return fc.subarray(["smaug", "infra", "osc-cl1"], { minLength: 1 }).map((a) => a.join(", "));
    case "quota_tier":
      return fc.constantFrom("x-small", "small", "medium", "large");
    case "custom_cpu":
      return fc.constantFrom("1", "0.5", "500m", "16", "2.250");
    case "custom_memory":
    case "custom_storage":
      return fc.constantFrom("1Gi", "512Mi", "64Gi", "1000M", "1.5Gi");
    case "docs_url":
      return fc.webUrl();
    default:
      return prose;
  }
}

/** Arbitrary text for `field`: unicode of every kind, nasty fragments, and near-valid values with fragments mixed in. */
function hostile(field: FieldId): fc.Arbitrary<string> {
  const mixed = fc.array(fc.oneof(NASTY, fc.string({ unit: "grapheme-ascii", maxLength: 6 }), plausible(field)), { maxLength: 6 }).map((a) => a.join(""));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 3, arbitrary: mixed },
    { weight: 3, arbitrary: plausible(field) },
    { weight: 1, arbitrary: fc.tuple(plausible(field), NASTY).map(([a, b]) => `${a}${b}`) },
  );
}

/** The issue body of a valid request with `value` typed into `field` (the checkbox line itself for the acknowledgement). */
function bodyWith(field: FieldId, value: string): string {
  if (field === "acknowledgement") {
    return renderIssueBody(validValues()).replace(`- [X] ${ACKNOWLEDGEMENT_OPTION}`, value);
  }
  const custom: FormValues = field.startsWith("custom_")
    ? { quota_tier: "Custom", custom_cpu: "2", custom_memory: "8Gi", custom_storage: "50Gi" }
    : {};
  return renderIssueBody(validValues({ ...custom, [field]: value }));
}

// ---- checks of a rendered tree -----------------------------------------------------------------------------------

/** Parses YAML under one version, failing on any error or warning. */
function strictParse(content: string, version: "1.1" | "1.2"): unknown {
  const doc = parseDocument(content, { version, uniqueKeys: true });
  expect(doc.errors, `YAML ${version} errors`).toEqual([]);
  expect(doc.warnings, `YAML ${version} warnings`).toEqual([]);
  return doc.toJS({ maxAliasCount: 0 });
}

/** Every path is written once, canonical, relative and inside a configured directory, and only overlays are edited. */
function expectPathsInside(files: readonly FileChange[]): void {
  expect(new Set(files.map((f) => f.path)).size, "a path written twice").toBe(files.length);
  for (const { path: p } of files) {
    expect(path.posix.normalize(p)).toBe(p);
    expect(p.startsWith("/") || p.split("/").includes("..")).toBe(false);
    if (snapshot.paths.has(p)) {
      expect(OVERLAY_FILES, `edited ${p}`).toContain(p);
      continue;
    }
    const dir = path.posix.dirname(p);
    const inside = CREATE_TEMPLATES.some((t) => checkRepoPath(t, dir).ok && dir.startsWith(`${staticPrefixDir(t)}/`));
    expect(inside, `created ${p} outside the layout directories`).toBe(true);
    expect(path.posix.basename(p)).toMatch(/^[a-z-]+\.yaml$/);
  }
}

/** Every YAML file reads back the same under YAML 1.1 and 1.2, holding the request's values exactly. */
function expectValuesRoundTrip(files: readonly FileChange[], request: OnboardingRequest): void {
  const seen = { namespaces: new Set<string>(), group: false };
  for (const file of files) {
    const v11 = strictParse(file.content, "1.1");
    const v12 = strictParse(file.content, "1.2");
    expect(v11, file.path).toEqual(v12);
    const doc = v12 as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const base = path.posix.basename(file.path);
    if (base === "namespace.yaml") {
      expect(request.namespaces).toContain(doc.metadata.name);
      seen.namespaces.add(doc.metadata.name);
      const annotations = doc.metadata.annotations as Record<string, string>;
      expect(annotations[`${PREFIX}/description`]).toBe(request.description);
      expect(annotations[`${PREFIX}/display-name`]).toBe(request.displayName);
      expect(annotations[`${PREFIX}/docs`]).toBe(request.docsUrl);
      expect(annotations[`${PREFIX}/owner`]).toBe(request.owner);
      expect(annotations[`${PREFIX}/requester`]).toBe(provenance.requester);
      expect(doc.metadata.labels[`${PREFIX}/team`]).toBe(request.team);
    } else if (base === "group.yaml") {
      seen.group = true;
      expect(doc.metadata.name).toBe(request.team);
      expect(doc.users).toEqual(request.members);
    } else if (base === "rbac.yaml") {
      expect(doc.subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: request.team }]);
    } else if (base === "resourcequota.yaml") {
      const q = request.customQuota;
      expect(q).toBeDefined();
      expect(doc.spec.hard).toEqual({
        "requests.cpu": q?.cpu,
        "limits.cpu": q?.cpu,
        "requests.memory": q?.memory,
        "limits.memory": q?.memory,
        "requests.storage": q?.storage,
      });
    } else if (OVERLAY_FILES.has(file.path)) {
      const before = (parse(snapshot.files.get(file.path) ?? "") as { resources?: string[] }).resources ?? [];
      const after = doc.resources as string[];
      for (const entry of before) expect(after).toContain(entry);
      for (const entry of after) expect(typeof entry).toBe("string");
    } else if (base === "kustomization.yaml") {
      for (const entry of [...(doc.resources ?? []), ...(doc.components ?? [])]) expect(typeof entry).toBe("string");
    }
  }
  expect([...seen.namespaces].sort()).toEqual([...new Set(request.namespaces)].sort());
  if (!snapshot.paths.has(`${config.layout.groupDir.replace("{team}", request.team)}/group.yaml`)) expect(seen.group).toBe(true);
}

/** The value of `field` as the requester typed it, normalised the way the form's text is (line ends, outer ASCII blanks). */
function typed(value: string): string {
  const normalised = value.replace(/\r\n?/g, "\n");
  const blank = (c: string | undefined) => c === " " || c === "\t" || c === "\n";
  let start = 0;
  let end = normalised.length;
  while (start < end && blank(normalised[start])) start++;
  while (end > start && blank(normalised[end - 1])) end--;
  return normalised.slice(start, end);
}

/** When the perturbed field is accepted, the request carries exactly what was typed there. */
function expectTypedValueKept(field: FieldId, value: string, request: OnboardingRequest): void {
  const text = typed(value);
  switch (field) {
    case "team":
      expect(request.team).toBe(text);
      break;
    case "description":
      expect(request.description).toBe(text);
      break;
    case "display_name":
      expect(request.displayName).toBe(text === "" ? undefined : text);
      break;
    case "docs_url":
      expect(request.docsUrl).toBe(text === "" ? undefined : text);
      break;
    case "custom_cpu":
      expect(request.customQuota?.cpu).toBe(text);
      break;
    case "custom_memory":
      expect(request.customQuota?.memory).toBe(text);
      break;
    case "custom_storage":
      expect(request.customQuota?.storage).toBe(text);
      break;
    default:
      break;
  }
}

// ---- the property ------------------------------------------------------------------------------------------------

const outcomes = new Map<FieldId, { rejected: number; rendered: number; renderRejected: number }>();

/** Fields that may carry the blame for a value typed into `field`. */
function blameable(field: FieldId): Set<FieldId> {
  const set = new Set<FieldId>([field, "body"]);
  if (field === "quota_tier") ["custom_cpu", "custom_memory", "custom_storage"].forEach((f) => set.add(f as FieldId));
  if (field.startsWith("custom_")) set.add("quota_tier");
  return set;
}

function check(field: FieldId, value: string): void {
  const stats = outcomes.get(field) ?? { rejected: 0, rendered: 0, renderRejected: 0 };
  outcomes.set(field, stats);
  const parsed = parseIssueBody(bodyWith(field, value), config);
  const result = validateParsedRequest(parsed, config, { snapshot, users: null });
  if (!result.ok) {
    stats.rejected += 1;
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) expect(FIELD_IDS).toContain(p.field);
    const blame = blameable(field);
    expect(result.problems.some((p) => blame.has(p.field)), JSON.stringify(result.problems)).toBe(true);
    return;
  }
  expectTypedValueKept(field, value, result.request);
  const output = renderTenant({ request: result.request, config, snapshot, provenance });
  expect(output.kind).not.toBe("needs-files");
  if (output.kind === "problems") {
    stats.renderRejected += 1;
    for (const p of output.problems) expect(FIELD_IDS).toContain(p.field);
    return;
  }
  if (output.kind !== "rendered") return;
  stats.rendered += 1;
  expectPathsInside(output.files);
  expectValuesRoundTrip(output.files, result.request);
}

const PERTURBED: readonly FieldId[] = FORM_FIELDS.map((f) => f.id);

describe("arbitrary text in any field of a valid request", () => {
  afterAll(() => {
    // Not vacuous: every field saw both outcomes where both are possible, and rendering was reached often.
    const total = [...outcomes.values()].reduce((n, s) => n + s.rendered, 0);
    expect(total).toBeGreaterThan(PERTURBED.length * NUM_RUNS * 0.15);
  });

  it.each(PERTURBED.map((f) => [f] as const))("%s: rejected with a field-named problem, or rendered inside the layout with its values intact", (field) => {
    fc.assert(
      fc.property(hostile(field), (value) => check(field, value)),
      { numRuns: NUM_RUNS, seed: SEED },
    );
    const stats = outcomes.get(field);
    expect(stats?.rejected).toBeGreaterThan(0);
    if (field !== "acknowledgement") expect(stats?.rendered, JSON.stringify(stats)).toBeGreaterThan(0);
  });
});
