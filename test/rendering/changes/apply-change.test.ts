import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyChange } from "../../../src/rendering/changes/apply-change.js";

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((t) => rmSync(t, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "apply-change-"));
  temps.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("applyChange", () => {
  it("writes, deletes, and removes the directories a deletion leaves empty", async () => {
    const dir = tree({ "ns/a/k.yaml": "a\n", "ns/b/k.yaml": "b\n", "o/k.yaml": "- ns/a\n" });
    const out = await applyChange(dir, [{ path: "o/k.yaml", content: "" }], ["ns/a/k.yaml"], { dryRun: false });
    expect(out).toMatchObject({ written: ["o/k.yaml"], deleted: ["ns/a/k.yaml"] });
    expect(existsSync(path.join(dir, "ns/a"))).toBe(false);
    expect(existsSync(path.join(dir, "ns/b/k.yaml"))).toBe(true);
  });

  it("a dry run shows the deletion as a diff to /dev/null and touches nothing", async () => {
    const dir = tree({ "ns/a/k.yaml": "a\n" });
    const out = await applyChange(dir, [], ["ns/a/k.yaml"], { dryRun: true });
    expect(out.diff).toContain("--- a/ns/a/k.yaml\n+++ /dev/null\n");
    expect(readFileSync(path.join(dir, "ns/a/k.yaml"), "utf8")).toBe("a\n");
  });

  it.each([
    { name: "a path that leaves the checkout", deletion: "../outside.yaml", error: "refusing to delete" },
    { name: "a file that does not exist", deletion: "ns/none.yaml", error: "it does not exist" },
    { name: "a symbolic link", deletion: "link.yaml", error: "it is not a regular file" },
  ])("refuses to delete $name and writes nothing", async ({ deletion, error }) => {
    const dir = tree({ "o/k.yaml": "old\n", "ns/a.yaml": "a\n" });
    symlinkSync(path.join(dir, "ns/a.yaml"), path.join(dir, "link.yaml"));
    await expect(applyChange(dir, [{ path: "o/k.yaml", content: "new\n" }], [deletion], { dryRun: false })).rejects.toThrow(error);
    expect(readFileSync(path.join(dir, "o/k.yaml"), "utf8")).toBe("old\n");
  });
});
