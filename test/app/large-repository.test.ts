import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { forgetParsedManifests } from "../../src/controller/read-namespace-manifests.js";
import { forgetScannedTrees } from "../../src/github/scan-outside-root.js";
import { deliverAll } from "../harness/index.js";
import { MAX_TREE_ENTRIES } from "../simulator/handlers/git.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { validValues } from "../helpers/issue-body.js";
import { useWorlds } from "../helpers/use-world.js";
import { APPS, INSTALLATION, PEOPLE, SUPPORT, type World } from "../helpers/world.js";

const NAMESPACES_DIR = "cluster-scope/base/core/namespaces";
const STATUS = "<!-- onboarding-bot:status";
/** Every generated namespace directory holds this same file: the layout knows a namespace by its directory's name. */
const TENANT_KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n";

function tenant(i: number): string {
  return `tenant-${String(i).padStart(6, "0")}`;
}

/**
 * The fixture's GitOps repository with `count` more namespaces under the layout, and a Namespace defined elsewhere
 * (`argocd/overlays/x/namespace.yaml`). The generated directories share one subtree, so the simulator hashes it once.
 */
function repositoryWith(count: number): Record<string, string> {
  const files: Record<string, string> = {
    ...readTree(OPF_FIXTURE),
    "argocd/overlays/x/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: comet-elsewhere\n",
  };
  for (let i = 0; i < count; i++) files[`${NAMESPACES_DIR}/${tenant(i)}/kustomization.yaml`] = TENANT_KUSTOMIZATION;
  return files;
}

/** A `tenants/{team}/{namespace}` layout, with `teams` teams of `perTeam` namespaces each. */
function teamLayout(teams: number, perTeam: number): { configText: string; files: Record<string, string> } {
  const flat = new URL("../fixtures/rendering/flat-layout-repo/", import.meta.url).pathname;
  const raw = parse(readFileSync(join(flat, "onboarding-bot.yml"), "utf8")) as Record<string, unknown>;
  (raw.gitops as Record<string, unknown>).repository = APPS;
  raw.approvers = { users: [PEOPLE.approver] };
  const files = readTree(flat);
  for (let t = 0; t < teams; t++) {
    for (let n = 0; n < perTeam; n++) files[`tenants/team-${t}/ns-${t}-${n}/kustomization.yaml`] = TENANT_KUSTOMIZATION;
  }
  return { configText: stringify(raw), files };
}

/** The request's status comment, without the markers that keep GitHub from linking `x-123` (escaping). */
function statusOf(world: World, number: number): string {
  return (world.sim.comments(SUPPORT, number).find((c) => c.body.startsWith(STATUS))?.body ?? "").replaceAll("<!-- -->", "");
}

/** The operations a run called, sorted (GraphQL documents by name), to compare two runs call for call. */
function operations(world: World): string[] {
  return world.sim.calls.map((c) => (c.graphql ? `graphql ${c.graphql.operationName ?? ""}` : `${c.method} ${c.operationId ?? c.path}`)).sort();
}

/** Building a world of 100,000 namespaces takes seconds on a loaded machine; the assertions count calls, not time. */
const LARGE = { timeout: 180_000 };

describe("a GitOps repository of 100,000 namespaces", () => {
  const start = useWorlds();
  // Each world starts as a fresh process would: nothing of the tree outside the namespace root is known yet.
  beforeEach(() => {
    forgetScannedTrees();
    forgetParsedManifests();
  });

  it("onboards with exactly the GitHub calls of a repository of 10 namespaces, first run and steady state", LARGE, async () => {
    const runs = new Map<number, { first: string[]; steady: string[] }>();
    for (const count of [10, 100_000]) {
      forgetScannedTrees();
      forgetParsedManifests();
      const world = await start({ files: repositoryWith(count) });
      const first = world.openRequest();
      await deliverAll(world.sim, world.probot);
      const firstCalls = operations(world);
      if (count === 100_000) await expectNoWholeTreeRead(world);
      world.sim.resetCalls();
      const second = world.openRequest(validValues({ team: "comet-lab", namespaces: "comet-lab", display_name: "Comet Lab" }));
      await deliverAll(world.sim, world.probot);
      expect(world.sim.pulls(APPS).map((p) => (p.body ?? "").includes(`#${first}`) || (p.body ?? "").includes(`#${second}`))).toEqual([true, true]);
      runs.set(count, { first: firstCalls, steady: operations(world) });
    }
    const small = runs.get(10)!;
    const large = runs.get(100_000)!;
    expect(large.first).toEqual(small.first);
    expect(large.steady).toEqual(small.steady);
  });

  /**
   * No read of the whole tree or of the namespace root: the base is read as the paths the request needs, and the
   * first run's scan reads only the directories above the root (one level) and the subtrees around it (by oid).
   */
  async function expectNoWholeTreeRead(world: World): Promise<void> {
    const octokit = await world.probot.auth(INSTALLATION);
    const [owner, repo] = APPS.split("/") as [string, string];
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: "cluster-scope/base/core" });
    const rootOid = (data as Array<{ name: string; sha: string }>).find((e) => e.name === "namespaces")?.sha;
    const commitTree = world.sim.commit(APPS, world.sim.ref(APPS, "main") as string).tree;
    expect(rootOid).toBeDefined();
    const treeReads = world.sim.calls.filter((c) => c.operationId === "git/get-tree");
    expect(treeReads.length).toBeGreaterThan(0);
    const whole = (c: (typeof treeReads)[number]) => c.query.includes("recursive") && (c.path.includes(commitTree) || c.path.endsWith("/main"));
    expect(treeReads.filter((c) => c.path.includes(rootOid as string) || whole(c)).map((c) => `${c.path}?${c.query}`)).toEqual([]);
  }

  it("refuses a name taken in the layout or by a Namespace manifest elsewhere, and writes nothing", LARGE, async () => {
    const world = await start({ files: repositoryWith(100_000) });
    // More than GitHub (and the simulator) returns of a recursive tree read: the bot read the whole tree before.
    expect(world.sim.listFiles(APPS, "main").length).toBeGreaterThan(MAX_TREE_ENTRIES);
    const taken = world.openRequest(validValues({ team: "comet-lab", namespaces: tenant(54_321) }));
    const elsewhere = world.openRequest(validValues({ team: "comet-lab", namespaces: "comet-elsewhere" }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, taken)).toContain(`${NAMESPACES_DIR}/${tenant(54_321)}`);
    expect(statusOf(world, elsewhere)).toContain("argocd/overlays/x/namespace.yaml");
    expect(world.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
  });

  it("refuses a name another team has under a {team} layout of 100,000 namespaces", LARGE, async () => {
    const world = await start(teamLayout(1_000, 100));
    const n = world.openRequest(validValues({ team: "evil", namespaces: "ns-500-42", clusters: "alpha", quota_tier: "small" }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, n)).toContain("tenants/team-500/ns-500-42");
  });
});
