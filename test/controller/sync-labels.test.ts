import { describe, expect, it } from "vitest";
import { syncLabels } from "../../src/controller/sync-labels.js";
import { createWriter } from "../../src/github/writer.js";
import { github, testOctokit, useStrictNock } from "../github/test-octokit.js";

const REF = { owner: "acme", repo: "gitops", number: 12 };
const MANAGED = ["onboarding", "lgtm", "approved", "do-not-merge/hold"];
const writer = () => createWriter(testOctokit(), { gitopsRepo: { owner: "acme", repo: "gitops" }, dryRun: false });

useStrictNock();

describe("syncLabels", () => {
  it("adds the missing desired labels in one call and removes managed labels no longer desired", async () => {
    const scope = github()
      .post("/repos/acme/gitops/issues/12/labels", { labels: ["approved"] })
      .reply(200, [])
      .delete("/repos/acme/gitops/issues/12/labels/do-not-merge%2Fhold")
      .reply(200, []);
    await syncLabels(writer(), REF, ["onboarding", "do-not-merge/hold"], new Set(["onboarding", "approved"]), MANAGED);
    expect(scope.isDone()).toBe(true);
  });

  it("makes no call when the labels already match", async () => {
    await syncLabels(writer(), REF, ["onboarding", "lgtm"], new Set(["onboarding", "lgtm"]), MANAGED);
  });

  it("leaves labels the bot does not manage alone", async () => {
    await syncLabels(writer(), REF, ["onboarding", "priority/high", "kind/feature"], new Set(["onboarding"]), MANAGED);
  });

  it("compares names case-insensitively and removes a label by the spelling it has on the issue", async () => {
    // The repository's label is spelt "LGTM": GitHub put that on the issue when the bot added "lgtm".
    await syncLabels(writer(), REF, ["Onboarding", "LGTM"], new Set(["onboarding", "lgtm"]), MANAGED);
    const scope = github().delete("/repos/acme/gitops/issues/12/labels/LGTM").reply(200, []);
    await syncLabels(writer(), REF, ["Onboarding", "LGTM"], new Set(["onboarding"]), MANAGED);
    expect(scope.isDone()).toBe(true);
  });

  it("treats a label removed meanwhile by someone else (404) as done", async () => {
    const scope = github().delete("/repos/acme/gitops/issues/12/labels/lgtm").reply(404, { message: "Label does not exist" });
    await syncLabels(writer(), REF, ["lgtm"], new Set(), MANAGED);
    expect(scope.isDone()).toBe(true);
  });
});
