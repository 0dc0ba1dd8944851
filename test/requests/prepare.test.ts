import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { prepare, type PrepareInput } from "../../src/requests/prepare.js";
import { readChangeIssue } from "../../src/requests/read-change-issue.js";
import type { ChangeKind } from "../../src/rendering/changes/change-request.js";
import { tenantDigest } from "../../src/publishing/tenant-digest.js";
import { digestFiles } from "../../src/util/digest.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { REAL_WORLD_DIR } from "../intake/real-world.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { changeBody } from "../app/change-world.js";

const TREE = readTree(OPF_FIXTURE);

function configOf(extra: Record<string, unknown> = {}): Config {
  const raw = parse(readFileSync(join(OPF_FIXTURE, "onboarding-bot.yml"), "utf8")) as Record<string, unknown>;
  const result = parseConfig({ ...raw, approvers: { users: ["carol"] }, ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

async function run(kind: ChangeKind, body: string, requester: string, config = configOf(), formText?: string, teamApprovers?: () => Promise<readonly string[]>) {
  const read = readChangeIssue(config, kind, body, formText);
  if ("configProblems" in read) throw new Error(JSON.stringify(read.configProblems));
  const input: PrepareInput = {
    read,
    config,
    snapshot: { paths: new Set(Object.keys(TREE)), files: new Map() },
    reader: async (paths) => new Map(paths.map((p) => [p, TREE[p]])),
    users: new Map(read.logins.map((l) => [l.toLowerCase(), l === "ghost" ? null : l])),
    requester,
    provenance: { requestRepo: "operate-first/support", issueNumber: 7, issueUrl: "https://github.com/operate-first/support/issues/7", requester },
    ref: { owner: "operate-first", repo: "support", number: 7 },
    requestUrl: "https://github.com/operate-first/support/issues/7",
    baseSha: "0".repeat(40),
    ...(teamApprovers ? { teamApprovers } : {}),
  };
  return prepare(kind, input);
}

describe("prepare: a change request's parse → validate → render seam", () => {
  it("returns the edits, the pull request's title, body and commit message, and the added members as beneficiaries", async () => {
    const prepared = await run("members", changeBody("members", { team: "thoth", add: "carol" }), "goern");
    if ("problems" in prepared) throw new Error(JSON.stringify(prepared.problems));
    expect(prepared.files.map((f) => f.path)).toEqual(["cluster-scope/base/user.openshift.io/groups/thoth/group.yaml"]);
    expect(prepared.beneficiaries).toEqual(["carol"]);
    expect(prepared.title).toBe("Members of thoth: add carol");
    expect(prepared.body).toContain('<!-- onboarding-bot:request {"owner":"operate-first","repo":"support","number":7');
    expect(prepared.commitMessage).toContain("Onboarding-Request: operate-first/support#7");
    expect(Object.keys(prepared.fields).sort()).toEqual(["members", "team"]);
  });

  it("refuses a requester outside the team before rendering anything, with that one problem", async () => {
    const prepared = await run("members", changeBody("members", { team: "thoth", remove: "nobody" }), "dave");
    expect("problems" in prepared && prepared.problems.map((p) => p.message)).toEqual([expect.stringContaining("'dave' may not ask for changes to team 'thoth'")]);
  });

  it("lets a member of an approver team (approvers.teams) ask, reading the teams only when nothing else lets the requester ask", async () => {
    const config = configOf({ approvers: { users: ["carol"], teams: ["operate-first/sre"] } });
    let reads = 0;
    const teams = async () => (reads++, ["Dave"]);
    const byTeamApprover = await run("members", changeBody("members", { team: "thoth", add: "carol" }), "dave", config, undefined, teams);
    expect("problems" in byTeamApprover ? byTeamApprover.problems : []).toEqual([]);
    expect(reads).toBe(1);
    const byMember = await run("members", changeBody("members", { team: "thoth", add: "carol" }), "goern", config, undefined, teams);
    expect("problems" in byMember ? byMember.problems : []).toEqual([]);
    expect(reads).toBe(1);
    const byOutsider = await run("members", changeBody("members", { team: "thoth", add: "carol" }), "mallory", config, undefined, teams);
    expect("problems" in byOutsider && byOutsider.problems.map((p) => p.message)).toEqual([expect.stringContaining("'mallory' may not ask for changes to team 'thoth'")]);
  });

  it("refuses a login GitHub does not know", async () => {
    const prepared = await run("members", changeBody("members", { team: "thoth", add: "ghost" }), "goern");
    expect("problems" in prepared && prepared.problems.map((p) => p.message)).toEqual(["'ghost' is not a GitHub user"]);
  });

  it("refuses a change the repository already holds", async () => {
    const prepared = await run("members", changeBody("members", { team: "thoth", add: "goern" }), "goern");
    expect("problems" in prepared && prepared.problems.map((p) => p.message)).toEqual(["the GitOps repository already holds this change, so there is nothing to do"]);
  });

  it("gives offboarding's deletions to the digest, and a different set of deletions a different digest", async () => {
    const all = await run("offboard", changeBody("offboard", { team: "thoth", namespace: "thoth-station", clusters: "smaug, osc-cl1" }), "goern");
    const some = await run("offboard", changeBody("offboard", { team: "thoth", namespace: "thoth-station", clusters: "smaug" }), "goern");
    if ("problems" in all || "problems" in some) throw new Error("expected both to prepare");
    expect(all.deletions.length).toBeGreaterThan(0);
    expect(some.deletions).toEqual([]);
    expect(all.digest).not.toBe(some.digest);
    expect(all.beneficiaries).toEqual([]);
  });
});

describe("the tenant digest of a change", () => {
  const before = "users:\n  - a\n  - b\n";
  it("changes when a different line is removed", () => {
    const removeA = tenantDigest([{ path: "g.yaml", content: "users:\n  - b\n" }], new Map([["g.yaml", before]]));
    const removeB = tenantDigest([{ path: "g.yaml", content: "users:\n  - a\n" }], new Map([["g.yaml", before]]));
    expect(removeA).not.toBe(removeB);

  });

  it("is unchanged for an edit that only adds lines (onboarding's digests stay what they were)", () => {
    const added = [{ path: "o.yaml", content: `${before}  - c\n` }];
    expect(tenantDigest(added, new Map([["o.yaml", before]]))).toBe(digestFiles([{ path: "o.yaml", content: "edit\n  - c" }]));
  });
});

describe.skipIf(!REAL_WORLD_DIR)("Operate First's own offboarding forms", () => {
  const dir = REAL_WORLD_DIR ?? "";
  const aliases = { clusters: [
    { name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug", groupOverlays: ["cluster-scope/overlays/prod/common"], aliases: ["MOC/Smaug", "Smaug"] },
    { name: "infra", overlay: "cluster-scope/overlays/prod/moc/infra", groupOverlays: ["cluster-scope/overlays/prod/common"], aliases: ["MOC/Infra", "Infra"] },
    { name: "osc-cl1", overlay: "cluster-scope/overlays/prod/osc/osc-cl1", aliases: ["OSC/osc-cl1"] },
  ] };

  it("maps 5_offboarding_from_a_cluster.yaml (cluster, team-name, project-name) to an offboarding request", async () => {
    const form = readFileSync(join(dir, "operate-first-support-d2dc1a2-5_offboarding_from_a_cluster.yaml"), "utf8");
    const config = configOf({ ...aliases, requests: { offboard: { label: "kind/offboarding", form: ".github/ISSUE_TEMPLATE/5_offboarding_from_a_cluster.yaml", fields: { clusters: "cluster", team: "team-name", namespace: "project-name" } } } });
    const body = "### Target cluster\n\nMOC/Smaug\n\n### Team name\n\nthoth\n\n### Desired project names\n\nthoth-station";
    const prepared = await run("offboard", body, "goern", config, form);
    if ("problems" in prepared) throw new Error(JSON.stringify(prepared.problems));
    expect(prepared.change).toEqual({ kind: "offboard", request: { team: "thoth", namespace: "thoth-station", clusters: ["smaug"] } });
  });

  it("maps 7_remove_namespace.yaml (cluster, namespace; no team) to an offboarding request, the team read from the namespace", async () => {
    const form = readFileSync(join(dir, "operate-first-support-d2dc1a2-7_remove_namespace.yaml"), "utf8");
    const config = configOf({ ...aliases, requests: { offboard: { label: "kind/remove-namespace", form: ".github/ISSUE_TEMPLATE/7_remove_namespace.yaml", fields: { clusters: "cluster", namespace: "namespace" } } } });
    const body = "### Target cluster\n\nSmaug\n\n### Target namespace\n\nthoth-station\n\n### Admin of the namespace\n\n- [X] I am admin of this namespace";
    const prepared = await run("offboard", body, "goern", config, form);
    if ("problems" in prepared) throw new Error(JSON.stringify(prepared.problems));
    expect(prepared.change.request.team).toBe("thoth");
  });
});
