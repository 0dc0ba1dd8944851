import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileChange } from "../../src/types.js";
import { digestFiles } from "../../src/util/digest.js";

const FILES: FileChange[] = [
  { path: "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml", content: "kind: Namespace\n" },
  { path: "cluster-scope/base/core/namespaces/aurora-dev/kustomization.yaml", content: "resources:\n- namespace.yaml\n" },
  { path: "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml", content: "resources: []\n" },
];

/** A Fisher-Yates shuffle driven by fast-check's random values. */
function shuffled<T>(items: readonly T[], randoms: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((randoms[i % randoms.length] ?? 0) * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const fileSet = fc.uniqueArray(fc.record({ path: fc.string({ minLength: 1, maxLength: 30 }), content: fc.string({ maxLength: 60 }) }), {
  selector: (f) => f.path,
  maxLength: 8,
});

describe("digestFiles", () => {
  it("is 20 lower-case hex characters (what the request marker and commit trailer accept)", () => {
    expect(digestFiles(FILES)).toMatch(/^[0-9a-f]{20}$/);
    expect(digestFiles([])).toMatch(/^[0-9a-f]{20}$/);
  });

  it("does not depend on the order of the files", () => {
    fc.assert(
      fc.property(fileSet, fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 8 }), (files, randoms) => {
        expect(digestFiles(shuffled(files, randoms))).toBe(digestFiles(files));
      }),
    );
    expect(digestFiles([...FILES].reverse())).toBe(digestFiles(FILES));
  });

  it("changes when any content changes, even by one character", () => {
    const base = digestFiles(FILES);
    FILES.forEach((file, i) => {
      const changed = FILES.map((f, j) => (j === i ? { ...f, content: `${f.content} ` } : f));
      expect(digestFiles(changed)).not.toBe(base);
    });
  });

  it("changes when a path changes, a file is added or a file is removed", () => {
    const base = digestFiles(FILES);
    expect(digestFiles(FILES.map((f, i) => (i === 0 ? { ...f, path: `${f.path}x` } : f)))).not.toBe(base);
    expect(digestFiles([...FILES, { path: "extra.yaml", content: "" }])).not.toBe(base);
    expect(digestFiles(FILES.slice(1))).not.toBe(base);
  });

  it("does not let content move the boundary between files (NUL bytes included)", () => {
    const one = [{ path: "a", content: "x\0b\0y" }];
    const two = [
      { path: "a", content: "x" },
      { path: "b", content: "y" },
    ];
    expect(digestFiles(one)).not.toBe(digestFiles(two));
    expect(digestFiles([{ path: "ab", content: "c" }])).not.toBe(digestFiles([{ path: "a", content: "bc" }]));
  });

  it("tells different file sets apart (no collisions among random sets)", () => {
    fc.assert(
      fc.property(fileSet, fileSet, (a, b) => {
        const key = (files: FileChange[]) => JSON.stringify([...files].sort((x, y) => (x.path < y.path ? -1 : 1)));
        fc.pre(key(a) !== key(b));
        expect(digestFiles(a)).not.toBe(digestFiles(b));
      }),
    );
  });
});
