import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { branchFor } from "../../src/publishing/branch-name.js";

function configWith(branchTemplate?: string): Config {
  const result = parseConfig({
    gitops: { repository: "acme/gitops", ...(branchTemplate ? { branchTemplate } : {}) },
    clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug" }],
    quota: { tiers: [{ name: "small" }] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe("branchFor", () => {
  it("puts the request repository's owner and name and the issue number into the default template", () => {
    expect(branchFor(configWith(), { owner: "acme", repo: "requests", number: 5 })).toBe("onboarding/acme/requests/issue-5");
  });

  it("gives the same issue number in two support repositories two branches by default", () => {
    const config = configWith();
    const support = branchFor(config, { owner: "acme", repo: "support", number: 1 });
    expect(branchFor(config, { owner: "acme", repo: "sandbox", number: 1 })).not.toBe(support);
    expect(branchFor(config, { owner: "other-org", repo: "support", number: 1 })).not.toBe(support);
  });

  it("maps one repository spelled in different cases to one branch, as GitHub treats it as one", () => {
    const config = configWith();
    expect(branchFor(config, { owner: "Acme", repo: "Support", number: 1 })).toBe(branchFor(config, { owner: "acme", repo: "support", number: 1 }));
  });

  it("is deterministic: the same request always gets the same branch", () => {
    const config = configWith("onboarding/{repo}-{number}");
    const ref = { owner: "acme", repo: "requests", number: 42 };
    expect(branchFor(config, { ...ref })).toBe(branchFor(config, { ...ref }));
    expect(branchFor(config, ref)).toBe("onboarding/requests-42");
  });

  it("gives different requests different branches", () => {
    const config = configWith("onboarding/{repo}/{number}");
    const a = branchFor(config, { owner: "acme", repo: "requests", number: 1 });
    expect(branchFor(config, { owner: "acme", repo: "requests", number: 2 })).not.toBe(a);
    expect(branchFor(config, { owner: "acme", repo: "other", number: 1 })).not.toBe(a);
  });

  it("replaces every placeholder occurrence", () => {
    expect(branchFor(configWith("x-{number}/y-{number}"), { owner: "o", repo: "r", number: 7 })).toBe("x-7/y-7");
  });

  it("reduces the owner and repository names to letters, digits, '_' and '-' so git can never refuse the branch", () => {
    expect(branchFor(configWith("onboarding/{owner}/{number}"), { owner: "Some.Org", repo: "r", number: 3 })).toBe("onboarding/some-org/3");
    const config = configWith("onboarding/{repo}-{number}");
    expect(branchFor(config, { owner: "o", repo: "weird name~^:?*[\\", number: 3 })).toBe("onboarding/weird-name--------3");
    expect(branchFor(config, { owner: "o", repo: "ok.repo_name-1", number: 3 })).toBe("onboarding/ok-repo_name-1-3");
    expect(branchFor(config, { owner: "o", repo: "x..y.lock", number: 3 })).toBe("onboarding/x--y-lock-3");
  });
});
