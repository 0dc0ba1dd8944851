import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README", () => {
  it("links only to files that exist", () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(join(root, link)), link).toBe(true);
  });

  it("names only files and directories of this repository that exist", () => {
    const named = [...readme.matchAll(/`((?:deploy|scripts|bin|templates|schemas|src|test)\/[\w./-]+|\.env\.example|app\.yml|Dockerfile)`/g)]
      .map((m) => m[1]!)
      .filter((p) => !p.includes("mine") && !p.includes("<"));
    expect(named).toContain("deploy/overlays/example");
    for (const path of named) expect(existsSync(join(root, path)), path).toBe(true);
  });

  it("never tells anyone to run the unpublished package through npx, nor probot run", () => {
    expect(readme).not.toMatch(/npx onboarding-bot [a-z]/);
    expect(readme).not.toContain("probot run");
  });
});
