import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { parse } from "yaml";
import type { RenderOutput } from "../../src/rendering/render-tenant.js";
import { FIXTURES, listFiles } from "./fixture-repo.js";

/** Set `UPDATE_GOLDEN=1` to rewrite the golden files from the current output instead of comparing. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

/**
 * Compares a rendering with `test/fixtures/rendering/<name>/`: `files/<path>` holds each rendered file, byte for byte,
 * and `summary.json` the summary. The set of files must match exactly (no missing, no extra).
 */
export function expectGolden(name: string, output: RenderOutput): void {
  if (output.kind !== "rendered") throw new Error(`expected a rendering for golden '${name}', got ${JSON.stringify(output)}`);
  for (const file of output.files) {
    // Every file must mean the same to a YAML 1.1 reader (kubectl, sigs.k8s.io/yaml) and a YAML 1.2 one.
    expect(parse(file.content, { version: "1.1" }), file.path).toEqual(parse(file.content, { version: "1.2" }));
  }
  const dir = path.join(FIXTURES, "rendering", name);
  const summary = `${JSON.stringify(output.summary, null, 2)}\n`;
  if (UPDATE_GOLDEN) {
    rmSync(dir, { recursive: true, force: true });
    for (const file of output.files) {
      const target = path.join(dir, "files", file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    writeFileSync(path.join(dir, "summary.json"), summary);
    return;
  }
  if (!existsSync(dir)) throw new Error(`golden '${name}' is missing: run UPDATE_GOLDEN=1 npx vitest run test/rendering`);
  expect(output.files.map((f) => f.path)).toEqual(listFiles(path.join(dir, "files")));
  for (const file of output.files) {
    expect(file.content, file.path).toBe(readFileSync(path.join(dir, "files", file.path), "utf8"));
  }
  expect(summary).toBe(readFileSync(path.join(dir, "summary.json"), "utf8"));
}
