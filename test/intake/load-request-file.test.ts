import { describe, expect, it } from "vitest";
import { loadRequestText } from "../../src/intake/load-request-file.js";
import { exampleConfig, fixture } from "./support.js";

const config = exampleConfig();

describe("loadRequestText", () => {
  it("reads a JSON object as written, for the schema to check", () => {
    const loaded = loadRequestText(fixture("invalid-request.json"), config);
    expect(loaded.format).toBe("json");
    expect(loaded.problems).toEqual([]);
    expect(loaded.request).toMatchObject({ team: "My-Team", owner: "@octocat", color: "blue" });
  });

  it("reads a YAML mapping (comments allowed)", () => {
    const loaded = loadRequestText(fixture("valid-request.yaml"), config);
    expect(loaded.format).toBe("yaml");
    expect(loaded.request).toMatchObject({ team: "yaml-team", namespaces: ["yaml-dev", "yaml-prod"] });
  });

  it("reads anything else as an issue body", () => {
    const loaded = loadRequestText(fixture("valid-basic.md"), config);
    expect(loaded.format).toBe("issue-body");
    expect(loaded.request).toMatchObject({ team: "data-pipelines", quotaTier: "small" });
  });

  it("reads an issue body with text before the first heading as an issue body", () => {
    const loaded = loadRequestText(`Hello: there\n\n${fixture("valid-basic.md")}`, config);
    expect(loaded.format).toBe("issue-body");
    expect(loaded.request).toMatchObject({ team: "data-pipelines" });
  });

  it("reports JSON that does not parse as a body problem", () => {
    const loaded = loadRequestText('{ "team": ', config);
    expect(loaded.format).toBe("json");
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ field: "body" });
    expect(loaded.problems[0]?.message).toContain("not valid JSON");
  });

  it("refuses text over limits.maxBodyBytes whatever its format", () => {
    const loaded = loadRequestText(`{"description": "${"x".repeat(70_000)}"}`, config);
    expect(loaded.problems.map((p) => p.field)).toEqual(["body"]);
    expect(loaded.problems[0]?.message).toContain("65536");
  });
});
