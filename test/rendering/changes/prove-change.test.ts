import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { emptySummary } from "../../../src/rendering/changes/change-types.js";
import { proveChange } from "../../../src/rendering/changes/prove-change.js";
import { kubectlAvailable } from "../../../src/rendering/kustomize-build.js";
import { OVERLAYS, baseFiles, treeConfig } from "./change-tree.js";

const HAVE_KUBECTL = await kubectlAvailable();
if (!HAVE_KUBECTL) console.warn("prove-change.test.ts: skipped: kubectl is not on the PATH");

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((t) => rmSync(t, { recursive: true, force: true })));

function checkout(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "prove-change-"));
  temps.push(dir);
  for (const [file, content] of Object.entries(baseFiles())) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const SMAUG = `${OVERLAYS.smaug}/kustomization.yaml`;

describe.skipIf(!HAVE_KUBECTL)("proveChange", () => {
  it("proves a change and names the overlays whose build changed", async () => {
    const summary = { ...emptySummary(), editedPaths: [SMAUG], expect: [{ cluster: "smaug", kind: "Namespace", name: "aurora-dev", present: false }] };
    const content = (baseFiles()[SMAUG] as string).replace("  - ../../../../base/core/namespaces/aurora-dev\n", "");
    const proof = await proveChange(checkout(), treeConfig(), [{ path: SMAUG, content }], [], summary);
    expect(proof).toMatchObject({ kind: "proven", changed: [OVERLAYS.smaug] });
  });

  it("fails when a cluster does not build what the change expects", async () => {
    const summary = { ...emptySummary(), expect: [{ cluster: "smaug", kind: "Namespace", name: "aurora-dev", present: false }] };
    const proof = await proveChange(checkout(), treeConfig(), [], [], summary);
    expect(proof.kind === "failed" && proof.problems[0]?.message).toBe(`after this change cluster 'smaug' (${OVERLAYS.smaug}) still builds Namespace 'aurora-dev'`);
  });

  it("fails with kubectl's own error when the change breaks an overlay", async () => {
    const summary = { ...emptySummary(), deletedPaths: ["cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml"] };
    const proof = await proveChange(checkout(), treeConfig(), [], ["cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml"], summary);
    expect(proof.kind === "failed" && proof.problems[0]?.message).toMatch(/^this change would break the overlay 'cluster-scope\/overlays\/prod\/moc\/smaug': .*namespace\.yaml/);
  });
});
