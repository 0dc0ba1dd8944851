import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { INTAKE_FIELD_KEYS } from "../../src/config/schema.js";
import { FORM_FIELDS } from "../../src/intake/fields.js";
import {
  buildRequestJsonSchema,
  CUSTOM_QUOTA_FIELDS,
  INTAKE_FIELD_IDS,
  onboardingRequestSchema,
  REQUEST_FIELDS,
  REQUEST_FORM_FIELD_IDS,
} from "../../src/validation/request-schema.js";
import { buildChangeJsonSchema, requestSchemaFiles } from "../../src/validation/schema-files.js";
import { validateSchema } from "../../src/validation/validate-schema.js";
import { CHANGE_KINDS } from "../../src/rendering/changes/change-request.js";
import { exampleConfig, ROOT, validRequest } from "../intake/support.js";

const config = exampleConfig();

describe("generated request schema files (run `npm run schemas` when these fail)", () => {
  it.each(requestSchemaFiles().map((f) => [f.path, f.content]))("the committed %s is what the zod schema generates", (path, content) => {
    expect(readFileSync(new URL(path, ROOT), "utf8")).toBe(content);
  });

  it("generates one change-request schema per kind, each a JSON Schema ajv compiles in strict mode", () => {
    const paths = requestSchemaFiles().map((f) => f.path);
    expect(paths).toEqual(["schemas/onboarding-request.schema.json", ...CHANGE_KINDS.map((k) => `schemas/change-${k}.schema.json`)]);
    for (const kind of CHANGE_KINDS) {
      const ajv = new Ajv2020({ strict: true, strictRequired: false, validateFormats: false });
      const validate = ajv.compile(buildChangeJsonSchema(kind));
      expect(validate({ team: "my-team" }), kind).toBe(kind === "members");
      expect(validate({ team: "my-team", unknown: true }), kind).toBe(false);
    }
  });

  it("describes every property of the request and of its custom quota, for the people who read it", () => {
    const schema = buildRequestJsonSchema() as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> };
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description, name).toBeTruthy();
    for (const [name, part] of Object.entries(schema.properties.customQuota?.properties ?? {})) expect(part.description, name).toBeTruthy();
  });
});

/** Requests the zod schema and the generated JSON Schema must judge alike: valid ones first, then one fault each. */
const CORPUS: Array<[string, unknown, boolean]> = [
  ["a minimal request", validRequest(), true],
  ["every optional property", validRequest({ displayName: "My Team", docsUrl: "https://example.com/docs", namespaceTiers: { "my-team": "large" } }), true],
  ["a custom quota", validRequest({ quotaTier: "custom", customQuota: { cpu: "500m", memory: "16Gi", storage: "1.5Ti" } }), true],
  ["an upper-case team", validRequest({ team: "My-Team" }), false],
  ["a reserved namespace", validRequest({ namespaces: ["default"] }), false],
  ["a kube- prefix", validRequest({ namespaces: ["kube-tools"] }), false],
  ["a 64-character team", validRequest({ team: "a".repeat(64) }), false],
  ["no namespace", validRequest({ namespaces: [] }), false],
  ["101 namespaces", validRequest({ namespaces: Array.from({ length: 101 }, (_, i) => `ns-${i}`) }), false],
  ["no cluster", validRequest({ clusters: [] }), false],
  ["a login with '@'", validRequest({ owner: "@octocat" }), false],
  ["a login with '--'", validRequest({ owner: "octo--cat" }), false],
  ["a 40-character member", validRequest({ members: ["a".repeat(40)] }), false],
  ["an empty description", validRequest({ description: "" }), false],
  ["a bidi control in the description", validRequest({ description: "a\u202eb" }), false],
  ["a two-line display name", validRequest({ displayName: "two\nlines" }), false],
  ["an ftp URL", validRequest({ docsUrl: "ftp://example.com/docs" }), false],
  ["a URL without host", validRequest({ docsUrl: "https://" }), false],
  ["custom tier without values", validRequest({ quotaTier: "custom" }), false],
  ["values without the custom tier", validRequest({ quotaTier: "small", customQuota: { cpu: "1", memory: "1Gi", storage: "1Gi" } }), false],
  ["a malformed CPU", validRequest({ quotaTier: "custom", customQuota: { cpu: "12345", memory: "1Gi", storage: "1Gi" } }), false],
  ["101 namespace tiers", validRequest({ namespaceTiers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`ns-${i}`, "small"])) }), false],
  ["an acknowledgement that is text", { ...validRequest(), acknowledged: "yes" }, false],
  ["an unknown property", { ...validRequest(), color: "blue" }, false],
  ["no object at all", "team: x", false],
];

describe("the zod schema and the JSON Schema generated from it", () => {
  it.each(CORPUS)("judge %s alike", (_name, request, valid) => {
    expect(onboardingRequestSchema.safeParse(request).success).toBe(valid);
    expect(validateSchema(request, config).length === 0).toBe(valid);
  });
});

describe("field lists derived from the request schema", () => {
  it("give every property of the request a form field, and the form a field for each", () => {
    const schemaProperties = Object.keys(onboardingRequestSchema.shape).sort();
    expect(Object.keys(REQUEST_FIELDS).sort()).toEqual(schemaProperties);
    expect(FORM_FIELDS.map((f) => f.id).sort()).toEqual([...REQUEST_FORM_FIELD_IDS].sort());
    expect(REQUEST_FORM_FIELD_IDS).toEqual(expect.arrayContaining(Object.values(CUSTOM_QUOTA_FIELDS)));
  });

  it("are the keys a cloud's form maps in intake.fields: every form field and the free-text custom quota", () => {
    expect(INTAKE_FIELD_KEYS).toBe(INTAKE_FIELD_IDS);
    expect([...INTAKE_FIELD_IDS].sort()).toEqual([...REQUEST_FORM_FIELD_IDS, "custom_quota"].sort());
  });

  it("name the form field of a wrong property in the validator's problems", () => {
    expect(validateSchema(validRequest({ displayName: "two\nlines" }), config)[0]?.field).toBe(REQUEST_FIELDS.displayName);
    const quota = validateSchema(validRequest({ quotaTier: "custom", customQuota: { cpu: "1", memory: "16GB", storage: "1Gi" } }), config);
    expect(quota[0]?.field).toBe(CUSTOM_QUOTA_FIELDS.memory);
  });
});

describe("validateSchema on the generated schema's limits", () => {
  it("refuses more namespace tiers than the schema allows, saying how many were given", () => {
    const namespaceTiers = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`ns-${i}`, "small"]));
    expect(validateSchema(validRequest({ namespaceTiers }), config)).toEqual([
      expect.objectContaining({ field: "namespaces", message: "101 namespaces are given a tier of their own", expected: "at most 100, one per namespace of the request" }),
    ]);
  });
});
