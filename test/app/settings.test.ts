import { describe, expect, it } from "vitest";
import { assertTrustRoots, settingsFromEnv } from "../../src/app/settings.js";

/** The error message of a failing `settingsFromEnv` call (fails the test when it does not throw). */
function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    settingsFromEnv(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected settingsFromEnv(${Object.keys(env).join(", ")}) to throw`);
}

describe("settingsFromEnv", () => {
  it("applies the defaults when nothing is set", () => {
    expect(settingsFromEnv({})).toEqual({
      dryRun: false,
      sweepIntervalSeconds: 300,
      sweepConcurrency: 4,
      maxConcurrentRequests: 8,
      sweepMaxWrites: 500,
      reconcileSecret: undefined,
      supportRepositories: [],
      gitopsRepository: undefined,
    });
  });

  it("reads every variable", () => {
    expect(
      settingsFromEnv({
        DRY_RUN: "true",
        SWEEP_INTERVAL_SECONDS: "600",
        SWEEP_CONCURRENCY: "8",
        SWEEP_MAX_WRITES: "1000",
        MAX_CONCURRENT_REQUESTS: "16",
        RECONCILE_SECRET: "0123456789abcdef-long-enough",
        SUPPORT_REPOSITORIES: "acme/support, acme/sandbox,",
        GITOPS_REPOSITORY: "acme/apps",
      }),
    ).toEqual({
      dryRun: true,
      sweepIntervalSeconds: 600,
      sweepConcurrency: 8,
      maxConcurrentRequests: 16,
      sweepMaxWrites: 1000,
      reconcileSecret: "0123456789abcdef-long-enough",
      supportRepositories: [
        { owner: "acme", repo: "support" },
        { owner: "acme", repo: "sandbox" },
      ],
      gitopsRepository: { owner: "acme", repo: "apps" },
    });
  });

  it("refuses a trust root that is not 'owner/repo', naming the variable and what would be right", () => {
    expect(errorOf({ SUPPORT_REPOSITORIES: "acme/support,acme" })).toMatch(
      /SUPPORT_REPOSITORIES has 'acme', which is not a repository; expected 'owner\/repo'/,
    );
    expect(errorOf({ GITOPS_REPOSITORY: "https://github.com/acme/apps" })).toMatch(/GITOPS_REPOSITORY .* expected 'owner\/repo'/);
  });

  it("refuses to start outside tests without both trust roots, naming each missing variable", () => {
    const none = settingsFromEnv({});
    expect(() => assertTrustRoots(none, { NODE_ENV: "production" })).toThrow(/SUPPORT_REPOSITORIES .* and GITOPS_REPOSITORY/);
    const onlySupport = settingsFromEnv({ SUPPORT_REPOSITORIES: "acme/support" });
    expect(() => assertTrustRoots(onlySupport, {})).toThrow(/refuses to start without its trust roots: set GITOPS_REPOSITORY/);
    expect(() => assertTrustRoots(settingsFromEnv({ SUPPORT_REPOSITORIES: "a/b", GITOPS_REPOSITORY: "a/c" }), {})).not.toThrow();
    expect(() => assertTrustRoots(none, { NODE_ENV: "test" })).not.toThrow();
  });

  it("reads DRY_RUN as a flag: true/1 on, false/0/empty off", () => {
    for (const [value, expected] of [["true", true], ["1", true], ["false", false], ["0", false], ["", false]] as const) {
      expect(settingsFromEnv({ DRY_RUN: value }).dryRun, value).toBe(expected);
    }
  });

  it("treats empty variables as unset, not as 0", () => {
    expect(settingsFromEnv({ SWEEP_INTERVAL_SECONDS: "", SWEEP_CONCURRENCY: "", SWEEP_MAX_WRITES: "", RECONCILE_SECRET: "" })).toEqual(
      settingsFromEnv({}),
    );
  });

  it("names the variable in a parse error and never echoes its value", () => {
    const cases: Array<[string, string]> = [
      ["DRY_RUN", "yes-please-s3cr3t"],
      ["SWEEP_INTERVAL_SECONDS", "every-hour-s3cr3t"],
      ["SWEEP_INTERVAL_SECONDS", "999999"],
      ["SWEEP_CONCURRENCY", "33"],
      ["SWEEP_CONCURRENCY", "2.5"],
      ["SWEEP_MAX_WRITES", "-7"],
      ["RECONCILE_SECRET", "short-s3cr3t"],
    ];
    for (const [name, value] of cases) {
      const message = errorOf({ [name]: value });
      expect(message, `${name}=${value}`).toContain(`environment variable ${name} is invalid`);
      expect(message, `${name}=${value}`).not.toContain(value);
    }
  });

  it("says what would be right in the error", () => {
    expect(errorOf({ SWEEP_CONCURRENCY: "0" })).toMatch(/>=\s*1/);
    expect(errorOf({ RECONCILE_SECRET: "too-short" })).toMatch(/16/);
  });
});
