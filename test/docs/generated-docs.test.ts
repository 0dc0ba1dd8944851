import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  CONFIG_REFERENCE_SECTION,
  CONFIG_SCHEMA_ID,
  CONFIG_SCHEMA_PATH,
  README_PATH,
  buildConfigJsonSchema,
  extractMarkedSection,
  renderConfigJsonSchema,
  renderConfigReference,
  replaceMarkedSection,
} from "../../src/config/config-reference.js";
import { parseConfig } from "../../src/config/parse-config.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

const minimalConfig = {
  gitops: { repository: "operate-first/apps" },
  clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug" }],
  quota: { tiers: [{ name: "small" }] },
};

/** Every key path of a value, arrays written as `[]`: `clusters[].overlay`. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], `${prefix}[]`) : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix === "" ? k : `${prefix}.${k}`;
    const isRecordOfStrings = typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
    // Maps whose keys are data (label selectors, intake.fields) are one row.
    return isRecordOfStrings && (path.endsWith("Selector") || path === "intake.fields") ? [path] : [path, ...keyPaths(v, path)];
  });
}

describe("generated configuration docs (run `npm run schemas` when these fail)", () => {
  it("the committed schemas/config.schema.json is what the code generates", () => {
    expect(read(CONFIG_SCHEMA_PATH)).toBe(renderConfigJsonSchema());
  });

  it("the README's configuration reference is what the code generates", () => {
    const section = extractMarkedSection(read(README_PATH), CONFIG_REFERENCE_SECTION);
    expect(section, `${README_PATH} lacks the config-reference markers`).toBeDefined();
    expect(section).toBe(renderConfigReference());
  });
});

describe("buildConfigJsonSchema", () => {
  const schema = buildConfigJsonSchema();
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  it("has an $id, a title and the 2020-12 dialect", () => {
    expect(schema.$id).toBe(CONFIG_SCHEMA_ID);
    expect(schema.title).toBe("onboarding-bot configuration");
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("accepts the smallest configuration the code accepts, without its defaults", () => {
    expect(parseConfig(minimalConfig).ok).toBe(true);
    expect(validate(minimalConfig), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts a fully defaulted configuration", () => {
    const parsed = parseConfig(minimalConfig);
    if (!parsed.ok) throw new Error("minimal config rejected");
    expect(validate(parsed.config), JSON.stringify(validate.errors)).toBe(true);
  });

  it("refuses what the code refuses: unknown keys, a missing repository, a bad enum value", () => {
    for (const bad of [
      { ...minimalConfig, gitopz: {} },
      { ...minimalConfig, gitops: {} },
      { ...minimalConfig, merge: { method: "fast-forward" } },
    ]) {
      expect(parseConfig(bad).ok).toBe(false);
      expect(validate(bad)).toBe(false);
    }
  });
});

describe("renderConfigReference", () => {
  const reference = renderConfigReference();
  const rowKeys = [...reference.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

  it("has one row per key path of the configuration, including optional keys", () => {
    const parsed = parseConfig({
      ...minimalConfig,
      clusters: [{ ...minimalConfig.clusters[0], description: "d", groupOverlays: ["a"] }],
      quota: { tiers: [{ name: "small", label: "Small", description: "d" }] },
      namespaces: { podSecurity: "restricted", annotations: { requester: "a/r", owner: "a/o", issue: "a/i", docs: "a/d", displayName: "a/n", description: false } },
      approvers: { ownersFile: "OWNERS" },
      requests: Object.fromEntries(["members", "quota", "namespace", "cluster", "offboard"].map((kind) => [kind, { form: `.github/ISSUE_TEMPLATE/${kind}.yaml` }])),
      intake: {
        form: ".github/ISSUE_TEMPLATE/onboarding.yaml",
        fields: { team: "t", clusters: "c", owner: "o", description: "d", quota_tier: "q" },
        optional: ["namespaces", "members", "display_name", "docs_url", "custom_quota", "acknowledgement"],
      },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const expected = keyPaths(parsed.config).sort();
    expect([...rowKeys].sort()).toEqual(expected);
    expect(new Set(rowKeys).size).toBe(rowKeys.length);
  });

  it("shows defaults, required keys, enum choices and bounds", () => {
    expect(reference).toContain("| `gitops.repository` | string | **required** |");
    expect(reference).toContain('| `gitops.baseBranch` | string | `"main"` | Branch the pull requests target. |');
    expect(reference).toContain('| `merge.method` | `"merge"` \\| `"squash"` \\| `"rebase"` | `"squash"` |');
    expect(reference).toContain("| `merge.approvals` | integer (1–10) | `1` |");
    expect(reference).toContain("| `namespaces.reserved` | string[] | `[]` |");
  });
});

describe("replaceMarkedSection", () => {
  it("replaces only between the markers and keeps the rest byte for byte", () => {
    const doc = "# T\r\n\nintro\n<!-- s:start -->\nold\n<!-- s:end -->\n\n## After\ntail";
    const out = replaceMarkedSection(doc, "s", "new line");
    expect(out).toBe("# T\r\n\nintro\n<!-- s:start -->\nnew line\n<!-- s:end -->\n\n## After\ntail");
    expect(extractMarkedSection(out, "s")).toBe("new line\n");
    expect(replaceMarkedSection(out, "s", "new line")).toBe(out);
  });

  it("refuses a document without the markers instead of appending somewhere", () => {
    expect(() => replaceMarkedSection("# T\n<!-- s:end -->\n<!-- s:start -->\n", "s", "x")).toThrow(/no '<!-- s:start -->'/);
    expect(extractMarkedSection("# T\n", "s")).toBeUndefined();
  });
});
