import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(new URL("../../", import.meta.url).pathname);
const SRC = join(ROOT, "src");
const PLAN = join(SRC, "plan");

/** Every specifier a module imports or re-exports, type-only imports included (they still tie it to the module). */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/**
 * Every module the planners reach, following imports (type-only ones too) through the rest of src/: local files by
 * their path under src/, packages by name, each with the chain of imports that reaches it.
 */
function reached(roots: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = roots.map((f) => [f, [relative(SRC, f)]]);
  for (const [file, chain] of queue) {
    const key = relative(SRC, file);
    if (seen.has(key)) continue;
    seen.set(key, chain);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) {
        if (!seen.has(spec)) seen.set(spec, [...chain, spec]);
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      queue.push([target, [...chain, relative(SRC, target)]]);
    }
  }
  return seen;
}

/** The import chains that reach GitHub I/O: a module under src/github/, Octokit, Probot or the controller's shell. */
function ioChains(modules: ReadonlyMap<string, string[]>): string[] {
  return [...modules]
    .filter(([name]) => name.startsWith("github/") || /^(?:@octokit\/|octokit$|probot$)/.test(name) || name.startsWith("controller/reconcile-"))
    .map(([, chain]) => chain.join(" -> "));
}

describe("the planners are pure", () => {
  it("reach no GitHub client, reader, writer or controller shell, not even for a type", () => {
    const modules = reached(filesUnder(PLAN));
    expect(modules.has("plan/pull/plan-pull.ts")).toBe(true);
    expect(ioChains(modules)).toEqual([]);
  });

  it("names the chain when a module does reach GitHub I/O (the shell does, through the reader)", () => {
    expect(ioChains(reached([join(SRC, "controller/reconcile-pull.ts")]))).toContain("controller/reconcile-pull.ts -> github/reader.ts");
  });
});

describe("the controller calls GitHub only through the port", () => {
  /** Modules that make GitHub calls when their functions run: the controller may import their types, never values. */
  const CALLERS = ["github/octokit.ts", "github/reader.ts", "github/writer.ts", "github/base-snapshot.ts", "github/base-tree.ts", "github/tree-walk.ts", "publishing/publish-request.ts"];

  /** `file: specifier` for each value import (not `import type`) of src/controller that reaches a calling module or a client package. */
  function valueImportsOfCallers(): string[] {
    const found: string[] = [];
    for (const file of filesUnder(join(SRC, "controller"))) {
      const statements = readFileSync(file, "utf8").split(";").map((s) => s.trim());
      for (const statement of statements) {
        if (!statement.startsWith("import ") || statement.startsWith("import type ")) continue;
        const spec = statement.slice(statement.lastIndexOf(" from ") + 6).replace(/"/g, "");
        const target = spec.startsWith(".") ? relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, ".ts"))) : spec;
        if (CALLERS.includes(target) || /^(?:@octokit\/|octokit$|probot$)/.test(target)) found.push(`${relative(SRC, file)}: ${spec}`);
      }
    }
    return found;
  }

  it("imports no Octokit, reader, writer or publisher as a value: every call goes through src/github/port.ts", () => {
    expect(valueImportsOfCallers()).toEqual([]);
  });
});
