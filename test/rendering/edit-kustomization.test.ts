import { readFileSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addEntries, addEntry, readEntries } from "../../src/rendering/edit-kustomization.js";
import { OPF } from "./fixture-repo.js";

const overlay = (dir: string): string => readFileSync(path.join(OPF, "cluster-scope/overlays/prod", dir, "kustomization.yaml"), "utf8");

/** The unified diff between two texts with one line of context, without the file header lines. */
function hunks(before: string, after: string): string {
  return createTwoFilesPatch("a", "b", before, after, undefined, undefined, { context: 1 }).split("\n").slice(3).join("\n");
}

function edited(source: string, key: "resources" | "components", entry: string): string {
  const result = addEntry(source, key, entry);
  if ("error" in result) throw new Error(result.error);
  expect(result.changed).toBe(true);
  return result.content;
}

describe("addEntry", () => {
  it("adds a namespace to a 4-space indented overlay as one line under the '# tenants' comment, keeping the '---' marker", () => {
    const before = overlay("moc/smaug");
    const after = edited(before, "resources", "../../../../base/core/namespaces/aurora-dev");
    expect(hunks(before, after)).toBe(
      ["@@ -6,2 +6,3 @@", "     # tenants", "+    - ../../../../base/core/namespaces/aurora-dev", "     - ../../../../base/core/namespaces/ds-ml-workflows", ""].join("\n"),
    );
    expect(after.startsWith("---\n")).toBe(true);
  });

  it("adds an entry in sorted position in the middle of a sorted list", () => {
    const before = overlay("moc/smaug");
    const after = edited(before, "resources", "../../../../base/core/namespaces/opf-x");
    expect(hunks(before, after)).toBe(
      [
        "@@ -9,2 +9,3 @@",
        "     - ../../../../base/core/namespaces/opf-monitoring",
        "+    - ../../../../base/core/namespaces/opf-x",
        "     - ../../../../base/core/namespaces/thoth-station",
        "",
      ].join("\n"),
    );
  });

  it("adds an entry after the last sibling when it sorts last, before the next key", () => {
    const before = overlay("moc/smaug");
    const after = edited(before, "resources", "../../../../base/core/namespaces/zeta");
    expect(hunks(before, after)).toBe(
      ["@@ -10,2 +10,3 @@", "     - ../../../../base/core/namespaces/thoth-station", "+    - ../../../../base/core/namespaces/zeta", " patchesStrategicMerge:", ""].join("\n"),
    );
  });

  it("keeps flush sequences flush in a 2-space file and inserts before the first entry sorting after it in an unsorted list", () => {
    const before = overlay("osc/osc-cl1");
    const after = edited(before, "resources", "../../../../base/user.openshift.io/groups/aurora");
    expect(hunks(before, after)).toBe(
      ["@@ -6,2 +6,3 @@", " # groups", "+- ../../../../base/user.openshift.io/groups/aurora", " - ../../../../base/user.openshift.io/groups/thoth", ""].join("\n"),
    );
    const ns = edited(before, "resources", "../../../../base/core/namespaces/rhino");
    expect(hunks(before, ns)).toBe(
      ["@@ -9,2 +9,3 @@", " # tenants", "+- ../../../../base/core/namespaces/rhino", " - ../../../../base/core/namespaces/thoth-station", ""].join("\n"),
    );
    const last = edited(before, "resources", "../../../../base/core/namespaces/tz");
    expect(hunks(before, last)).toBe(
      ["@@ -12,2 +12,3 @@", " - ../../../../base/core/namespaces/ds-pipelines", "+- ../../../../base/core/namespaces/tz", " labels:", ""].join("\n"),
    );
  });

  it("is a one-line diff in a file with a trailing comment, blank lines and an end-of-line comment", () => {
    const before = overlay("moc/infra");
    const after = edited(before, "resources", "../../../../base/core/namespaces/zz-last");
    expect(hunks(before, after)).toBe(
      ["@@ -11,2 +11,3 @@", "   - ../../../../base/core/namespaces/opf-monitoring", "+  - ../../../../base/core/namespaces/zz-last", " ", ""].join("\n"),
    );
    expect(after.endsWith("# end of infra overlay\n")).toBe(true);
  });

  it("keeps CRLF line endings and changes one line", () => {
    const before = overlay("moc/smaug").replace(/\n/g, "\r\n");
    const after = edited(before, "resources", "../../../../base/core/namespaces/p-new");
    expect(after.split("\r\n").length).toBe(before.split("\r\n").length + 1);
    expect(after.replace("    - ../../../../base/core/namespaces/p-new\r\n", "")).toBe(before);
    expect(after.replace(/\r\n/g, "").includes("\n")).toBe(false);
  });

  it("creates a missing key as an indented or flush list following the file's style", () => {
    const indented = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n    - a\n";
    expect(edited(indented, "components", "../c")).toBe(`${indented}components:\n    - ../c\n`);
    const flush = "kind: Kustomization\nresources:\n- a\n";
    expect(edited(flush, "components", "../c")).toBe(`${flush}components:\n- ../c\n`);
    const bare = "kind: Kustomization\n";
    expect(edited(bare, "resources", "x")).toBe(`${bare}resources:\n  - x\n`);
  });

  it("fills a key that is present but empty", () => {
    expect(edited("resources:\nkind: Kustomization\n", "resources", "b")).toBe("resources:\n  - b\nkind: Kustomization\n");
  });

  it("falls back to the Document API for an item line it cannot splice (an anchor) and keeps the anchor", () => {
    expect(edited("resources:\n  - &first a\n  - c\n", "resources", "b")).toBe("resources:\n  - &first a\n  - b\n  - c\n");
  });

  it("extends a flow list on its own line", () => {
    expect(edited("resources: [a, c]\n", "resources", "b")).toBe("resources: [a, b, c]\n");
  });

  it("is a no-op returning the source unchanged when the entry is already listed", () => {
    const before = overlay("prod/../common");
    const result = addEntry(before, "resources", "../../../base/user.openshift.io/groups/thoth");
    expect(result).toEqual({ content: before, changed: false });
  });

  it("quotes an entry that YAML would read as something other than a string", () => {
    const after = edited("resources:\n  - a\n", "resources", "yes");
    expect(after).toBe('resources:\n  - a\n  - "yes"\n');
    expect(parse(after, { version: "1.1" })).toEqual({ resources: ["a", "yes"] });
  });

  it.each([
    ["malformed YAML", "resources: [a,\n", /not valid YAML/],
    ["a top-level list", "- a\n- b\n", /not a block mapping/],
    ["an empty file", "", /not a block mapping/],
    ["a scalar value", "resources: nope\n", /'resources' is not a list/],
    ["several documents", "a: 1\n---\nb: 2\n", /not valid YAML/],
    ["duplicate keys", "resources: []\nresources: []\n", /not valid YAML/],
    ["mappings in the list", "resources:\n  - path: x\n", /not plain paths/],
  ])("reports %s as an error instead of throwing", (_name, source, message) => {
    const result = addEntry(source, "resources", "x");
    expect("error" in result && result.error).toMatch(message);
  });
});

describe("addEntries", () => {
  function added(source: string, entries: string[]): string {
    const result = addEntries(source, "resources", entries);
    if ("error" in result) throw new Error(result.error);
    return result.content;
  }

  it("adds several entries in one edit, each as one added line in its place", () => {
    const before = overlay("osc/osc-cl1");
    const after = added(before, ["../../../../base/core/namespaces/tz", "../../../../base/user.openshift.io/groups/aurora", "../../../../base/core/namespaces/rhino"]);
    expect(hunks(before, after)).toBe(
      [
        "@@ -6,2 +6,3 @@",
        " # groups",
        "+- ../../../../base/user.openshift.io/groups/aurora",
        " - ../../../../base/user.openshift.io/groups/thoth",
        "@@ -9,2 +10,3 @@",
        " # tenants",
        "+- ../../../../base/core/namespaces/rhino",
        " - ../../../../base/core/namespaces/thoth-station",
        "@@ -12,2 +14,3 @@",
        " - ../../../../base/core/namespaces/ds-pipelines",
        "+- ../../../../base/core/namespaces/tz",
        " labels:",
        "",
      ].join("\n"),
    );
  });

  it("splices several entries into a file the stringifier would reformat (trailing comment), changing no other line", () => {
    const before = overlay("moc/infra");
    const after = added(before, ["../../../../base/core/namespaces/zz", "../../../../base/core/namespaces/aa", "../../../../base/core/namespaces/ds-qq"]);
    expect(hunks(before, after)).toBe(
      [
        "@@ -9,4 +9,7 @@",
        "   # tenants",
        "+  - ../../../../base/core/namespaces/aa",
        "   - ../../../../base/core/namespaces/ds-pipelines",
        "+  - ../../../../base/core/namespaces/ds-qq",
        "   - ../../../../base/core/namespaces/opf-monitoring",
        "+  - ../../../../base/core/namespaces/zz",
        " ",
        "",
      ].join("\n"),
    );
  });

  it("splices above the comment of a non-sibling entry it is inserted before", () => {
    const before = "resources:\n  - a/x\n  # later\n  - c/z\n# end\n";
    const after = added(before, ["b"]);
    expect(after).toBe("resources:\n  - a/x\n  - b\n  # later\n  - c/z\n# end\n");
  });

  it("skips entries already present and reports only the ones added", () => {
    const before = overlay("prod/../common");
    const result = addEntries(before, "resources", ["../../../base/user.openshift.io/groups/thoth", "../../../base/user.openshift.io/groups/aurora"]);
    expect("added" in result && result.added).toEqual(["../../../base/user.openshift.io/groups/aurora"]);
  });
});

describe("readEntries", () => {
  it("returns the string entries of resources and components", () => {
    expect(readEntries("resources:\n  - a\n  - b\ncomponents: [c]\n")).toEqual({ resources: ["a", "b"], components: ["c"] });
  });

  it("reports a document that is not a mapping", () => {
    expect(readEntries("- a\n")).toHaveProperty("error");
  });
});
