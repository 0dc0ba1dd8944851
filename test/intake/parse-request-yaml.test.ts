import { describe, expect, it } from "vitest";
import { loadRequestText } from "../../src/intake/load-request-file.js";
import { looksLikeYamlMapping, parseRequestYaml, topLevelKeyLines } from "../../src/intake/parse-request-yaml.js";
import { exampleConfig, fixture } from "./support.js";

const config = exampleConfig();

describe("looksLikeYamlMapping", () => {
  it.each([
    ["a request file", fixture("valid-request.yaml")],
    ["a document marker and comments first", "---\n# request\n\nteam: x\n"],
    ["a quoted key", '"team": x'],
  ])("takes %s for a mapping", (_name, text) => {
    expect(looksLikeYamlMapping(text)).toBe(true);
  });

  it.each([
    ["a flow list", "[".repeat(60_000)],
    ["a block list", "- ".repeat(30_000)],
    ["only comments", "#\n".repeat(30_000)],
    ["an issue body", "### Team name\n\nx"],
    ["nothing", ""],
  ])("does not take %s for a mapping", (_name, text) => {
    expect(looksLikeYamlMapping(text)).toBe(false);
  });
});

describe("parseRequestYaml", () => {
  it("reads every key of a huge mapping", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join("\n");
    const value = parseRequestYaml(text) as Record<string, number>;
    expect(Object.keys(value)).toHaveLength(20_000);
    expect(value.k19999).toBe(19_999);
  });

  it("refuses a key given twice, at the top and nested", () => {
    expect(() => parseRequestYaml("team: a\nowner: b\nteam: c\n")).toThrow(/"team" occurs twice/);
    expect(() => parseRequestYaml("customQuota:\n  cpu: 1\n  cpu: 2\n")).toThrow(/"cpu" occurs twice/);
  });

  it("keeps the alias limit", () => {
    const text = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]"].join("\n");
    expect(() => parseRequestYaml(text)).toThrow();
  });
});

describe("loadRequestText on YAML look-alikes", () => {
  it("reads a flow-list flood as an issue body without parsing it as YAML", () => {
    expect(loadRequestText("[".repeat(60_000), config).format).toBe("issue-body");
  });

  it("refuses a mapping of thousands of keys before parsing it, saying how many", () => {
    const text = Array.from({ length: 7000 }, (_, i) => `k${i}: v`).join("\n");
    const loaded = loadRequestText(text, config);
    expect(loaded.format).toBe("yaml");
    expect(loaded.problems).toEqual([expect.objectContaining({ field: "body", message: "the request has 7000 top-level keys, more than the 100 onboarding-bot reads" })]);
  });

  it("counts only unindented key lines as top-level keys", () => {
    expect(topLevelKeyLines("team: a\ncustomQuota:\n  cpu: 1\n  memory: 2\n# c: d\ndescription: |\n  x: y\n")).toBe(3);
  });

  it("still reads a mapping with a repeated key as an issue body, as before", () => {
    expect(loadRequestText("team: a\nteam: b\n", config).format).toBe("issue-body");
  });
});
