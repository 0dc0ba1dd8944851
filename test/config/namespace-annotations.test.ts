import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { provenanceAnnotationKeys } from "../../src/config/schema.js";
import { OPERATE_FIRST_ANNOTATIONS } from "../rendering/real-world-tree.js";
import { minimalRaw, withValue } from "./config-samples.js";

function parseWithNamespaces(namespaces: Record<string, unknown>) {
  return parseConfig(withValue(minimalRaw(), ["namespaces"], namespaces));
}

describe("namespaces.annotations", () => {
  it("defaults every provenance annotation key to <annotationPrefix>/<name>", () => {
    const result = parseWithNamespaces({ annotationPrefix: "example.org" });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(provenanceAnnotationKeys(result.config.namespaces)).toEqual({
      requester: "example.org/requester",
      owner: "example.org/owner",
      issue: "example.org/onboarding-issue",
      docs: "example.org/docs",
      displayName: "example.org/display-name",
      description: "example.org/description",
    });
  });

  it("takes each configured key as it is, and leaves out an annotation set to false (Operate First's keys)", () => {
    const result = parseWithNamespaces({ annotations: OPERATE_FIRST_ANNOTATIONS });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(provenanceAnnotationKeys(result.config.namespaces)).toEqual({
      requester: "openshift.io/requester",
      owner: "op1st/project-owner",
      issue: "op1st/onboarding-issue",
      docs: "op1st/docs",
      displayName: "openshift.io/display-name",
    });
  });

  it.each([
    ["a key with a space", { owner: "op1st/project owner" }, "namespaces.annotations.owner", /annotation key such as/],
    ["a prefix that is not a DNS subdomain", { docs: "Op1st_/docs" }, "namespaces.annotations.docs", /annotation key such as/],
    ["an unknown annotation", { team: "op1st/team" }, "namespaces.annotations.team", /expected one of .requester., .owner./],
    ["true instead of a key", { issue: true }, "namespaces.annotations.issue", /\S/],
  ])("refuses %s, naming the key", (_name, annotations, key, message) => {
    const result = parseWithNamespaces({ annotations });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(expect.arrayContaining([expect.objectContaining({ key, message: expect.stringMatching(message) })]));
  });

  it("refuses two annotations with the same key, counting the keys the prefix gives", () => {
    const result = parseWithNamespaces({ annotationPrefix: "op1st", annotations: { requester: "op1st/owner" } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { key: "namespaces.annotations.owner", message: "is the key 'op1st/owner' that 'requester' already has; each annotation needs its own key" },
    ]);
  });
});
