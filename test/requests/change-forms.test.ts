import { readFileSync } from "node:fs";
import { parseIssue } from "@github/issue-parser";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { CHANGE_KINDS } from "../../src/rendering/changes/change-request.js";
import { buildChangeForm, renderChangeForm } from "../../src/requests/change-forms.js";
import { requestKindOf } from "../../src/requests/request-kinds.js";
import { changeBody } from "../app/change-world.js";
import { configFrom, exampleConfig, exampleRaw, ROOT } from "../intake/support.js";

describe("the generated forms of the change kinds", () => {
  it.each(CHANGE_KINDS)("%s matches the committed templates/issue-forms/<kind>.yml (regenerate with `onboarding-bot form --kind`)", (kind) => {
    expect(readFileSync(new URL(`templates/issue-forms/${kind}.yml`, ROOT), "utf8")).toBe(renderChangeForm(exampleConfig(), kind));
  });

  it("sets the kind's configured label, and offers the configured clusters and tiers", () => {
    const raw = exampleRaw();
    raw.requests = { offboard: { label: "kind/offboarding" } };
    const form = buildChangeForm(configFrom(raw), "offboard");
    expect(form.labels).toEqual(["kind/offboarding"]);
    const clusters = form.body.find((e) => "id" in e && e.id === "clusters");
    expect(clusters?.type === "dropdown" && clusters.attributes.options).toEqual(["smaug", "infra", "osc-cl1"]);
    const quota = buildChangeForm(exampleConfig(), "quota").body.find((e) => "id" in e && e.id === "tier");
    expect(quota?.type === "dropdown" && quota.attributes.options).toContain("Custom");
  });

  it("leaves the Custom fields out when custom quotas are not offered", () => {
    const raw = exampleRaw();
    (raw.quota as Record<string, unknown>).custom = { enabled: false };
    const ids = buildChangeForm(configFrom(raw), "quota").body.flatMap((e) => ("id" in e ? [e.id] : []));
    expect(ids).toEqual(["team", "namespace", "tier"]);
  });

  it("is a template @github/issue-parser reads answers back from", () => {
    const parsed = parseIssue(changeBody("cluster", { team: "thoth", namespace: "thoth-station", add: "smaug, infra" }), renderChangeForm(exampleConfig(), "cluster"));
    expect(parsed).toMatchObject({ team: "thoth", namespace: "thoth-station", add: ["smaug", "infra"] });
  });

  it("is printed by `onboarding-bot form --kind`, and an unknown kind is a usage error", async () => {
    let stdout = "";
    let stderr = "";
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: new URL(".", ROOT).pathname };
    expect(await main(["form", "--config", "templates/onboarding-bot.yml", "--kind", "members"], io)).toBe(0);
    expect(stdout).toBe(renderChangeForm(exampleConfig(), "members"));
    expect(await main(["form", "--config", "templates/onboarding-bot.yml", "--kind", "rename"], io)).toBe(2);
    expect(stderr).toContain("unknown kind 'rename'");
  });
});

describe("which kind of request an issue is", () => {
  const config = exampleConfig();
  it("is onboarding whenever the onboarding label is there, else the change kind whose label it carries", () => {
    expect(requestKindOf(config, ["onboarding", "tenant/members"])).toBe("onboarding");
    expect(requestKindOf(config, ["tenant/offboarding"])).toBe("offboard");
    expect(requestKindOf(config, ["bug"])).toBeUndefined();
  });
});

describe("the change kinds' labels in the configuration", () => {
  it("refuses two kinds with one label, naming the key", () => {
    const raw = exampleRaw();
    raw.requests = { quota: { label: "tenant/x" }, cluster: { label: "tenant/x" } };
    const result = parseConfig(raw);
    expect(!result.ok && result.problems.map((p) => p.key)).toEqual(["requests.cluster.label"]);
  });

  it("refuses a kind with the onboarding label (such issues are always read as onboarding)", () => {
    const raw = exampleRaw();
    raw.requests = { members: { label: (raw.labels as { request?: string } | undefined)?.request ?? "onboarding" } };
    const result = parseConfig(raw);
    expect(!result.ok && result.problems.map((p) => p.key)).toEqual(["requests.members.label"]);
  });
});

describe("the README's table of request kinds", () => {
  const readme = readFileSync(new URL("README.md", ROOT), "utf8");
  it.each(CHANGE_KINDS)("lists %s with its form, its label key and its default label", (kind) => {
    const row = readme.split("\n").find((l) => l.includes(`templates/issue-forms/${kind}.yml`));
    expect(row).toContain(`requests.${kind}.label\` (\`${exampleConfig().requests[kind].label}\`)`);
  });
});
