import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateSchema } from "../../src/validation/validate-schema.js";
import { exampleConfig, ROOT, validRequest } from "../intake/support.js";

const config = exampleConfig();

function only(request: unknown) {
  const problems = validateSchema(request, config);
  expect(problems).toHaveLength(1);
  const [p] = problems;
  if (!p) throw new Error("no problem");
  // Messages explain; they never repeat ajv's wording.
  expect(p.message).not.toMatch(/must match|must NOT|must have required|must be equal/);
  return p;
}

describe("the request schema file", () => {
  it("is JSON Schema 2020-12 with an $id and a description on every property", () => {
    const schema = JSON.parse(readFileSync(new URL("schemas/onboarding-request.schema.json", ROOT), "utf8")) as {
      $schema: string;
      $id: string;
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^https:\/\//);
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description, name).toBeTruthy();
  });
});

describe("validateSchema", () => {
  it("accepts a valid request, with and without the optional fields", () => {
    expect(validateSchema(validRequest(), config)).toEqual([]);
    expect(
      validateSchema(validRequest({ displayName: "My Team", docsUrl: "https://example.com/docs", quotaTier: "custom", customQuota: { cpu: "500m", memory: "16Gi", storage: "1.5Ti" } }), config),
    ).toEqual([]);
  });

  it("explains an invalid team name in words, with what would be right", () => {
    const p = only(validRequest({ team: "My-Team" }));
    expect(p).toMatchObject({ field: "team", label: "Team name", message: "'My-Team' is not a valid team name: names are lower case", value: "My-Team" });
    expect(p.expected).toBe("use 'my-team'");
  });

  it.each([
    ["projectX", "use 'projectx'"],
    ["Greg", "use 'greg'"],
    ["Widget Research", "use 'widget-research'"],
    ["-team", "lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit"],
    ["Kube-System", "lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit"],
  ])("suggests the fix for the name %j only when a mechanical fix alone makes it valid", (team, expected) => {
    const p = only(validRequest({ team }));
    expect(p.field).toBe("team");
    expect(p.expected).toBe(expected);
  });

  it.each([["-team"], ["team-"], ["te am"], ["team.name"]])("refuses the team name %j", (team) => {
    expect(only(validRequest({ team })).field).toBe("team");
  });

  it("refuses a name longer than 63 characters and says how long it is", () => {
    const p = only(validRequest({ team: "a".repeat(64) }));
    expect(p.message).toContain("64 characters long");
  });

  it.each([
    ["default", "reserved by Kubernetes"],
    ["openshift", "reserved by Kubernetes"],
    ["kube-tools", "prefix Kubernetes and OpenShift reserve"],
    ["openshift-stuff", "prefix Kubernetes and OpenShift reserve"],
  ])("refuses the reserved namespace %s", (ns, message) => {
    const p = only(validRequest({ namespaces: [ns] }));
    expect(p.field).toBe("namespaces");
    expect(p.message).toContain(message);
  });

  it("refuses an empty namespace list and each invalid namespace", () => {
    expect(only(validRequest({ namespaces: [] }))).toMatchObject({ field: "namespaces", message: "no namespace was given" });
    expect(only(validRequest({ namespaces: ["ok", "Not_OK"] }))).toMatchObject({ field: "namespaces", value: "Not_OK" });
  });

  it("refuses more than 100 namespaces whatever the configured limit", () => {
    const namespaces = Array.from({ length: 101 }, (_, i) => `ns-${i}`);
    expect(only(validRequest({ namespaces })).message).toBe("101 namespaces are listed");
  });

  it("refuses no clusters, and names the configured clusters for a malformed one", () => {
    expect(only(validRequest({ clusters: [] }))).toMatchObject({ field: "clusters", message: "no cluster was chosen" });
    const p = only(validRequest({ clusters: ["Mordor"] }));
    expect(p).toMatchObject({ field: "clusters", message: "'Mordor' is not one of the clusters offered" });
    expect(p.expected).toContain("'smaug', 'infra', 'osc-cl1'");
  });

  it("refuses logins with @, double hyphens or more than 39 characters", () => {
    expect(only(validRequest({ owner: "@octocat" }))).toMatchObject({ field: "owner", message: "'@octocat' starts with '@'" });
    expect(only(validRequest({ owner: "octo--cat" }))).toMatchObject({ field: "owner", message: "'octo--cat' is not a GitHub login" });
    expect(only(validRequest({ members: ["a".repeat(40)] })).field).toBe("members");
    expect(only(validRequest({ members: ["-hubot"] })).field).toBe("members");
  });

  it("explains a look-alike character in a login", () => {
    const p = only(validRequest({ owner: "оctocat" }));
    expect(p.field).toBe("owner");
    expect(p.message).toContain("U+043E");
  });

  it("refuses an empty or too long description and control characters in it", () => {
    expect(only(validRequest({ description: "" }))).toMatchObject({ field: "description", message: "is empty" });
    expect(only(validRequest({ description: "x".repeat(4001) })).message).toBe("is 4001 characters long");
    expect(only(validRequest({ description: "a\u202eb" })).message).toContain("U+202E");
    expect(only(validRequest({ description: "bell\u0007" })).message).toContain("U+0007");
  });

  it("keeps the display name to one short line", () => {
    expect(only(validRequest({ displayName: "two\nlines" }))).toMatchObject({ field: "display_name", message: "spans more than one line" });
    expect(only(validRequest({ displayName: "x".repeat(101) })).field).toBe("display_name");
  });

  it.each([["ftp://example.com/docs"], ["javascript:alert(1)"], ["not a url"], ["https://"]])(
    "refuses the documentation URL %j",
    (docsUrl) => {
      const p = only(validRequest({ docsUrl }));
      expect(p.field).toBe("docs_url");
      expect(p.expected).toContain("https://");
    },
  );

  it("names the tier options when the tier is missing or malformed", () => {
    const p = only(validRequest({ quotaTier: "" }));
    expect(p).toMatchObject({ field: "quota_tier", message: "no quota tier was chosen" });
    expect(p.expected).toContain("'X-Small', 'Small', 'Medium', 'Large', 'Custom'");
    expect(only(validRequest({ quotaTier: "Huge" })).message).toBe("'Huge' is not one of the quota tiers");
  });

  it("requires custom values exactly when the tier is custom", () => {
    expect(only(validRequest({ quotaTier: "custom" }))).toMatchObject({ field: "quota_tier" });
    expect(only(validRequest({ quotaTier: "custom" })).message).toContain("no custom CPU");
    const extra = only(validRequest({ quotaTier: "small", customQuota: { cpu: "1", memory: "1Gi", storage: "1Gi" } }));
    expect(extra.field).toBe("quota_tier");
    expect(extra.message).toContain("the quota tier is not Custom");
  });

  it.each([
    ["custom_cpu", { cpu: "4 cores", memory: "1Gi", storage: "1Gi" }, "'4 cores' is not a valid quantity"],
    ["custom_cpu", { cpu: "12345", memory: "1Gi", storage: "1Gi" }, "'12345' is not a valid quantity"],
    ["custom_memory", { cpu: "1", memory: "16GB", storage: "1Gi" }, "'16GB' is not a valid quantity"],
    ["custom_storage", { cpu: "1", memory: "1Gi", storage: "" }, "is empty but the Custom tier was chosen"],
  ])("refuses a malformed %s", (field, customQuota, message) => {
    expect(only(validRequest({ quotaTier: "custom", customQuota }))).toMatchObject({ field, message });
  });

  it("wants the acknowledgement as a boolean", () => {
    expect(only({ ...validRequest(), acknowledged: "yes" })).toMatchObject({ field: "acknowledgement" });
  });

  it("refuses unknown properties, missing properties and values that are no object", () => {
    expect(only({ ...validRequest(), color: "blue" })).toMatchObject({ field: "body", message: "the request has the unknown property 'color'" });
    const { team: _team, ...noTeam } = validRequest();
    expect(only(noTeam)).toMatchObject({ field: "team", message: "is missing" });
    expect(only("team: x")).toMatchObject({ field: "body" });
    expect(only({ ...validRequest(), namespaces: "ns" })).toMatchObject({ field: "namespaces", message: "the namespaces must be a list, not 'ns'" });
  });

  it("reports every problem of a request at once", () => {
    const problems = validateSchema(validRequest({ team: "X", owner: "@o", clusters: [] }), config);
    expect(problems.map((p) => p.field).sort()).toEqual(["clusters", "owner", "team"]);
  });
});
