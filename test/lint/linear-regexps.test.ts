import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);

/** Lints `code` as if it were a file in src/ with the project's own eslint.config.js; the rule ids it reports. */
async function rulesReported(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT.pathname });
  const [result] = await eslint.lintText(code, { filePath: new URL("src/example.ts", ROOT).pathname });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("lint blocks super-linear regular expressions", () => {
  it.each([
    ["the old trimAscii", String.raw`export const t = (s: string) => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");`, "regexp/no-super-linear-move"],
    ["the old heading pattern", String.raw`export const h = /^### *(.*?)[ \t]*$/;`, "regexp/no-super-linear-backtracking"],
    ["the old line-break collapse", String.raw`export const c = (s: string) => s.replace(/\s*\n\s*/g, " ");`, "regexp/no-super-linear-move"],
    ["exponential alternatives", String.raw`export const e = /^(a|a)*$/;`, "regexp/no-dupe-disjunctions"],
  ])("%s", async (_name, code, rule) => {
    expect(await rulesReported(code)).toContain(rule);
  });

  it("lets linear patterns through", async () => {
    expect(await rulesReported(String.raw`export const ok = (s: string) => s.replace(/\r\n?/g, "\n").split(/[ \t,;]+/);`)).toEqual([]);
  });
});
