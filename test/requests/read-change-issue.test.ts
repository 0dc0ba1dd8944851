import { describe, expect, it } from "vitest";
import { checkChange } from "../../src/requests/check-change.js";
import { readChangeIssue, type ReadChange } from "../../src/requests/read-change-issue.js";
import { changeBody } from "../app/change-world.js";
import { configFrom, exampleRaw } from "../intake/support.js";

const config = configFrom(exampleRaw());

function read(...args: Parameters<typeof changeBody>): ReadChange {
  const result = readChangeIssue(config, args[0], changeBody(...args));
  if ("configProblems" in result) throw new Error(JSON.stringify(result.configProblems));
  return result;
}

describe("reading a change request from its issue body", () => {
  it("reads a members request: logins without @, and only the added ones to look up", () => {
    const r = read("members", { team: "thoth", add: "@Bob, alice", remove: "- fridex" });
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual({ team: "thoth", add: ["Bob", "alice"], remove: ["fridex"] });
    expect(r.logins).toEqual(["Bob", "alice"]);
  });

  it("reports what is not a login by the field it was typed in, never split into words", () => {
    const r = read("members", { team: "thoth", add: "Ada Lovelace\nada@example.org" });
    expect(r.problems.map((p) => [p.label, p.message])).toEqual([
      ["Members to add", "'Ada Lovelace' is several words (a name or a sentence), not a GitHub login"],
      ["Members to add", "'ada@example.org' is an e-mail address, not a GitHub login"],
    ]);
  });

  it("maps cluster and tier options to configured names, and reports a cluster not offered", () => {
    const r = read("cluster", { team: "thoth", namespace: "thoth-station", add: "smaug, balrog" });
    expect(r.value.add).toEqual(["smaug"]);
    expect(r.problems.map((p) => [p.field, p.label, p.message])).toEqual([["clusters", "Clusters to add", "'balrog' is not one of the clusters offered"]]);
    expect(read("quota", { team: "thoth", namespace: "thoth-station", tier: "Custom", custom_cpu: "2", custom_memory: "4Gi", custom_storage: "1Gi" }).value).toEqual({
      team: "thoth",
      namespace: "thoth-station",
      tier: "custom",
      customQuota: { cpu: "2", memory: "4Gi", storage: "1Gi" },
    });
  });

  it("checks the shape with problems named by the form's labels", () => {
    const r = read("quota", { team: "Thoth", namespace: "thoth-station" });
    const checked = checkChange("quota", r.value, r.labels);
    expect("problems" in checked && checked.problems.map((p) => [p.field, p.label, p.message])).toEqual([
      ["team", "Team name", "team must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)"],
      ["quota_tier", "Quota tier", "is missing"],
    ]);
  });

  it("refuses a body over the configured size without parsing it", () => {
    const r = readChangeIssue(config, "members", "x".repeat(config.limits.maxBodyBytes + 1));
    expect("problems" in r && r.problems[0]?.message).toContain("more than the");
  });
});
