import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.js";
import { captureIO, exampleRaw, FIXTURE_DIR, TIER_PATHS } from "../intake/support.js";

const REQUEST = join(fileURLToPath(FIXTURE_DIR), "valid-basic.md"); // namespaces dp-dev and dp-prod
const CONFIG = fileURLToPath(new URL("../../templates/onboarding-bot.yml", import.meta.url));

async function run(argv: string[]) {
  const cap = captureIO(work);
  const code = await main(argv, cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "onboarding-names-"));
  const files: Record<string, string> = {
    "platform/argocd/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dp-prod\n",
    "platform/other-namespace.yml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dp-dev\n",
  };
  for (const path of TIER_PATHS) files[path] = "kind: Component\n";
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(work, "gitops", path, ".."), { recursive: true });
    writeFileSync(join(work, "gitops", path), content);
  }
  const limited = exampleRaw();
  limited.limits = { maxNamespaceManifests: 1 };
  writeFileSync(join(work, "limited.yml"), stringify(limited));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("onboarding-bot validate --gitops reads the Namespace manifests of the checkout", () => {
  it("refuses a namespace a manifest outside the layout defines, and only that one", async () => {
    const { code, stdout } = await run(["validate", REQUEST, "--config", CONFIG, "--gitops", join(work, "gitops")]);
    expect(code).toBe(1);
    expect(stdout.trim().split("\n")).toEqual([expect.stringContaining("the namespace 'dp-prod' already exists in operate-first/apps (platform/argocd/namespace.yaml)")]);
  });

  it("refuses with a message for maintainers when the checkout has more candidate files than the limit", async () => {
    const { code, stdout } = await run(["validate", REQUEST, "--config", join(work, "limited.yml"), "--gitops", join(work, "gitops")]);
    expect(code).toBe(1);
    expect(stdout).toContain("more than the 1 onboarding-bot reads");
  });
});
