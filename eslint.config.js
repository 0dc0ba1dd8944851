import js from "@eslint/js";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

/**
 * Issue 10 §1: no regular expression may take more than linear time on hostile text. eslint-plugin-regexp analyses
 * every literal (scslre / refa): backtracking that is polynomial or exponential in the input, and patterns that are
 * quadratic because a failing match is retried from each position of a long run (`[ \t]+$` with the g flag).
 * "potential" reports also what is super-linear only for some uses of the pattern. Patterns built at run time
 * (`new RegExp(...)`) cannot be analysed: the code base has none, and user text never reaches one.
 */
const linearRegexps = {
  plugins: { regexp },
  rules: {
    "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
    "regexp/no-super-linear-move": ["error", { report: "potential", ignoreSticky: false, ignorePartial: false }],
    // Exponential backtracking through alternatives that match the same text, e.g. (a|a)* or (\w|\d)*.
    "regexp/no-dupe-disjunctions": ["error", { report: "all" }],
    // Adjacent quantifiers that trade characters (a*\w*): the root of most polynomial backtracking.
    "regexp/optimal-quantifier-concatenation": "error",
    "regexp/no-misleading-capturing-group": "error",
  },
};

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    ...linearRegexps,
    // The simulator (test/simulator) parses only the requests of the app under test, never outsider text.
    ignores: ["test/simulator/**"],
  },
  {
    // Issue 12: the planners decide from plain data; GitHub I/O stays in src/github/ and the controller's shell
    // (test/plan/plan-imports.test.ts checks the whole import graph, type-only imports included).
    files: ["src/plan/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/github/**", "**/controller/reconcile-*"], message: "A planner decides from plain data: no GitHub reader, writer or shell." },
            { group: ["@octokit/*", "octokit", "probot"], message: "A planner makes no GitHub call." },
          ],
        },
      ],
    },
  },
  {
    files: ["bin/**/*.js"],
    languageOptions: { globals: { process: "readonly" } },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-eval": "error",
      "no-new-func": "error",
      "no-implied-eval": "error",
    },
  },
);
