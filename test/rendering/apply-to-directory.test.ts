import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyToDirectory } from "../../src/rendering/apply-to-directory.js";

let root: string;
let outside: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "apply-root-"));
  outside = mkdtempSync(path.join(tmpdir(), "apply-outside-"));
  mkdirSync(path.join(root, "overlays"));
  writeFileSync(path.join(root, "overlays/kustomization.yaml"), "resources:\n  - a\n");
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("applyToDirectory", () => {
  it("writes new and edited files and returns their unified diff", async () => {
    const result = await applyToDirectory(
      root,
      [
        { path: "overlays/kustomization.yaml", content: "resources:\n  - a\n  - b\n" },
        { path: "base/b/namespace.yaml", content: "kind: Namespace\n" },
      ],
      { dryRun: false },
    );
    expect(result.written).toEqual(["base/b/namespace.yaml", "overlays/kustomization.yaml"]);
    expect(readFileSync(path.join(root, "base/b/namespace.yaml"), "utf8")).toBe("kind: Namespace\n");
    expect(result.diff).toContain("--- /dev/null\n+++ b/base/b/namespace.yaml\n");
    expect(result.diff).toContain("--- a/overlays/kustomization.yaml\n+++ b/overlays/kustomization.yaml\n@@ -1,2 +1,3 @@\n resources:\n   - a\n+  - b\n");
  });

  it("writes nothing in a dry run but returns the same diff", async () => {
    const files = [{ path: "overlays/kustomization.yaml", content: "resources:\n  - a\n  - b\n" }];
    const dry = await applyToDirectory(root, files, { dryRun: true });
    expect(dry.written).toEqual([]);
    expect(readFileSync(path.join(root, "overlays/kustomization.yaml"), "utf8")).toBe("resources:\n  - a\n");
    expect(dry.diff).toContain("+  - b\n");
  });

  it("skips files whose content is unchanged", async () => {
    const result = await applyToDirectory(root, [{ path: "overlays/kustomization.yaml", content: "resources:\n  - a\n" }], { dryRun: false });
    expect(result).toEqual({ written: [], diff: "" });
  });

  it.each(["../escape.yaml", "/etc/passwd", "a/../../escape.yaml", "a//b.yaml", "a\\..\\b"])("refuses the path %j and writes nothing at all", async (bad) => {
    const files = [
      { path: "base/ok.yaml", content: "x\n" },
      { path: bad, content: "pwned\n" },
    ];
    await expect(applyToDirectory(root, files, { dryRun: false })).rejects.toThrow(/apply-to-directory: refusing/);
    expect(existsSync(path.join(root, "base/ok.yaml"))).toBe(false);
  });

  it("refuses to write through a symlinked directory that points outside", async () => {
    symlinkSync(outside, path.join(root, "linked"));
    await expect(applyToDirectory(root, [{ path: "linked/evil.yaml", content: "x\n" }], { dryRun: false })).rejects.toThrow(/outside/);
    expect(existsSync(path.join(outside, "evil.yaml"))).toBe(false);
  });

  it("refuses to write over a symlinked file", async () => {
    writeFileSync(path.join(outside, "target.yaml"), "keep\n");
    symlinkSync(path.join(outside, "target.yaml"), path.join(root, "overlays/link.yaml"));
    await expect(applyToDirectory(root, [{ path: "overlays/link.yaml", content: "x\n" }], { dryRun: false })).rejects.toThrow(/symbolic link/);
    expect(readFileSync(path.join(outside, "target.yaml"), "utf8")).toBe("keep\n");
  });
});
