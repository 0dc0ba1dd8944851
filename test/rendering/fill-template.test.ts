import { describe, expect, it } from "vitest";
import { fillTemplate } from "../../src/rendering/fill-template.js";
import { checkRepoPath, resolveRepoEntry, staticPrefixDir } from "../../src/rendering/safe-path.js";

describe("fillTemplate", () => {
  it("fills every placeholder with its value", () => {
    expect(fillTemplate("tenants/{team}/{namespace}", { team: "aurora", namespace: "aurora-dev" })).toEqual({ ok: true, path: "tenants/aurora/aurora-dev" });
  });

  it.each(["..", "../etc", "a/b", "A", "", "-a", "a-", "a.b", "a\u0000", "x".repeat(64), "%2e%2e"])("refuses the value %j", (value) => {
    const result = fillTemplate("cluster-scope/base/core/namespaces/{namespace}", { namespace: value });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/DNS-1123 label/);
  });

  it("refuses a placeholder without a value", () => {
    const result = fillTemplate("groups/{team}/{owner}", { team: "a" });
    expect(!result.ok && result.error).toMatch(/\{owner\} has no value/);
  });

  it("refuses unbalanced braces", () => {
    expect(fillTemplate("groups/{team", { team: "a" }).ok).toBe(false);
  });

  it.each([
    ["/etc/{team}", "absolute"],
    ["groups/../../{team}", "'\\.\\.'"],
    ["groups/./{team}", "'\\.'"],
    ["groups//{team}", "empty segments"],
    ["groups\\{team}", "backslash"],
  ])("refuses the template %j that could leave the repository (%s)", (template, why) => {
    const result = fillTemplate(template, { team: "aurora" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(new RegExp(why));
  });
});

describe("checkRepoPath", () => {
  it("refuses a path outside the template's static prefix directory", () => {
    expect(checkRepoPath("tenants/{team}", "other/aurora").ok).toBe(false);
    expect(checkRepoPath("tenants/{team}", "tenants").ok).toBe(false);
    expect(checkRepoPath("tenants/{team}", "tenants/aurora")).toEqual({ ok: true, path: "tenants/aurora" });
  });

  it("derives the static prefix from whole segments before the first placeholder", () => {
    expect(staticPrefixDir("cluster-scope/base/core/namespaces/{namespace}")).toBe("cluster-scope/base/core/namespaces");
    expect(staticPrefixDir("tenants/team-{team}/x")).toBe("tenants");
    expect(staticPrefixDir("{team}")).toBe("");
    expect(staticPrefixDir("components/limitrange")).toBe("components/limitrange");
  });
});

describe("resolveRepoEntry", () => {
  it("resolves relative entries and refuses remote ones or ones leaving the repository", () => {
    expect(resolveRepoEntry("a/b/c", "../../d")).toBe("a/d");
    expect(resolveRepoEntry("a", "../..")).toBeUndefined();
    expect(resolveRepoEntry("a", "https://github.com/x/y")).toBeUndefined();
    expect(resolveRepoEntry("a", "github.com/x/y?ref=v1")).toBeUndefined();
    expect(resolveRepoEntry("a", "/etc")).toBeUndefined();
  });
});
