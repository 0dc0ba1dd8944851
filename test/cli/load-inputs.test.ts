import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliInputError, EXAMPLE_CONFIG_PATH, loadConfigFile, loadGitopsSnapshot } from "../../src/cli/load-inputs.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "onboarding-snapshot-"));
  const files = ["a/kustomization.yaml", "a/b/namespace.yaml", "OWNERS", ".git/HEAD", "c/.git-keep"];
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), `content of ${f}\n`);
  }
  symlinkSync("/etc", join(dir, "escape"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadGitopsSnapshot", () => {
  it("lists every file relative to the root, sorted, skipping .git and symbolic links", async () => {
    const snapshot = await loadGitopsSnapshot("/", dir);
    expect([...snapshot.paths]).toEqual(["OWNERS", "a/b/namespace.yaml", "a/kustomization.yaml", "c/.git-keep"]);
  });

  it("reads the contents of kustomizations and OWNERS files only by default", async () => {
    const snapshot = await loadGitopsSnapshot("/", dir);
    expect([...snapshot.files.keys()]).toEqual(["OWNERS", "a/kustomization.yaml"]);
    expect(snapshot.files.get("a/kustomization.yaml")).toBe("content of a/kustomization.yaml\n");
  });

  it("gives up past maxFiles or maxDepth with a clear error", async () => {
    await expect(loadGitopsSnapshot("/", dir, { maxFiles: 2 })).rejects.toThrow(CliInputError);
    await expect(loadGitopsSnapshot("/", dir, { maxFiles: 2 })).rejects.toThrow(/more than 2 files/);
    await expect(loadGitopsSnapshot("/", dir, { maxDepth: 1 })).rejects.toThrow(/deeper than 1 levels/);
  });
});

describe("loadConfigFile", () => {
  it("loads the example configuration found relative to the package", async () => {
    const result = await loadConfigFile("/nonexistent-cwd", EXAMPLE_CONFIG_PATH);
    expect(result.ok).toBe(true);
  });

  it("reports a missing file as a problem instead of throwing", async () => {
    const result = await loadConfigFile(dir, "missing.yml");
    expect(result).toEqual({ ok: false, problems: [{ key: "(file)", message: "cannot read missing.yml (ENOENT)" }] });
  });
});
