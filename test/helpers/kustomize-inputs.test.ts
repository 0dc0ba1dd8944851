import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { kustomizeInputDigest } from "./kustomize-inputs.js";

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((t) => rmSync(t, { recursive: true, force: true })));

/** A small GitOps tree: an overlay over a base that uses a component and a patch file; `unrelated/` is not used. */
function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), "kustomize-inputs-"));
  temps.push(root);
  const files: Record<string, string> = {
    "overlay/kustomization.yaml": "resources:\n- ../base\npatches:\n- path: patch.yaml\n",
    "overlay/patch.yaml": "kind: Namespace\n",
    "base/kustomization.yaml": "resources:\n- namespace.yaml\ncomponents:\n- ../components/quota\n",
    "base/namespace.yaml": "kind: Namespace\nmetadata:\n  name: a\n",
    "base/nested/ignored.yaml": "kind: ConfigMap\n",
    "components/quota/kustomization.yaml": "kind: Component\nresources:\n- quota.yaml\n",
    "components/quota/quota.yaml": "kind: ResourceQuota\n",
    "unrelated/kustomization.yaml": "resources:\n- x.yaml\n",
    "unrelated/x.yaml": "kind: ConfigMap\n",
  };
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe("kustomizeInputDigest", () => {
  it("is the same for a byte-identical copy of the tree elsewhere, and differs per overlay", () => {
    const a = tree();
    const b = mkdtempSync(path.join(tmpdir(), "kustomize-inputs-"));
    temps.push(b);
    cpSync(a, b, { recursive: true });
    expect(kustomizeInputDigest(b, "overlay")).toBe(kustomizeInputDigest(a, "overlay"));
    expect(kustomizeInputDigest(a, "base")).not.toBe(kustomizeInputDigest(a, "overlay"));
  });

  it("ignores files the overlay cannot reach: other directories and subdirectories no kustomization names", () => {
    const root = tree();
    const before = kustomizeInputDigest(root, "overlay");
    write(root, "unrelated/x.yaml", "kind: Secret\n");
    write(root, "base/nested/ignored.yaml", "kind: Secret\n");
    expect(kustomizeInputDigest(root, "overlay")).toBe(before);
  });

  it.each([
    ["a resource of the base", "base/namespace.yaml"],
    ["a component's resource, two references away", "components/quota/quota.yaml"],
    ["a patch file named under patches[].path", "overlay/patch.yaml"],
    ["a kustomization", "base/kustomization.yaml"],
  ])("changes when %s changes", (_what, file) => {
    const root = tree();
    const before = kustomizeInputDigest(root, "overlay");
    write(root, file, "kind: Changed\n");
    expect(kustomizeInputDigest(root, "overlay")).not.toBe(before);
  });

  it("changes when a file appears in a directory it reaches, or a path a kustomization names starts to exist", () => {
    const root = tree();
    write(root, "base/kustomization.yaml", "resources:\n- namespace.yaml\n- ../extra\ncomponents:\n- ../components/quota\n");
    const missing = kustomizeInputDigest(root, "overlay");
    write(root, "extra/kustomization.yaml", "resources: []\n");
    const created = kustomizeInputDigest(root, "overlay");
    expect(created).not.toBe(missing);
    write(root, "components/quota/new.yaml", "kind: LimitRange\n");
    expect(kustomizeInputDigest(root, "overlay")).not.toBe(created);
  });
});
