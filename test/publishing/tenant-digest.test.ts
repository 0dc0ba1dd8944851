import { describe, expect, it } from "vitest";
import { tenantDigest, withDeletions } from "../../src/publishing/tenant-digest.js";

const FILES = [{ path: "ns/a/namespace.yaml", content: "kind: Namespace\n" }];

describe("withDeletions (what a change deletes is part of the tenant digest)", () => {
  const digest = tenantDigest(FILES, new Map());

  it("leaves the digest unchanged without deletions, so approvals on pull requests from before deletions survive", () => {
    expect(withDeletions(digest, [])).toBe(digest);
  });

  it("changes the digest when something is deleted, and again when what is deleted changes", () => {
    const one = withDeletions(digest, ["ns/old/namespace.yaml"]);
    const two = withDeletions(digest, ["ns/old/namespace.yaml", "ns/old/rolebinding.yaml"]);
    const other = withDeletions(digest, ["ns/other/namespace.yaml"]);
    expect(new Set([digest, one, two, other]).size).toBe(4);
  });

  it("depends on the deleted paths, not on their order or repetition", () => {
    expect(withDeletions(digest, ["b.yaml", "a.yaml", "b.yaml"])).toBe(withDeletions(digest, ["a.yaml", "b.yaml"]));
  });

  it("depends on the written content too: the same deletions with other files give another digest", () => {
    const otherFiles = tenantDigest([{ path: "ns/a/namespace.yaml", content: "kind: Namespace # changed\n" }], new Map());
    expect(withDeletions(otherFiles, ["a.yaml"])).not.toBe(withDeletions(digest, ["a.yaml"]));
  });
});
