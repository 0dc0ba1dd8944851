import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { forgetParsedManifests } from "../../src/controller/read-namespace-manifests.js";
import { baseFromObservation, readBaseSnapshot } from "../../src/github/base-snapshot.js";
import { readPathsAtBranch } from "../../src/github/base-tree.js";
import { pathsToObserve } from "../../src/validation/paths-to-observe.js";
import type { PathObservation } from "../../src/validation/tree-view.js";
import { forgetScannedTrees } from "../../src/github/scan-outside-root.js";
import { namespaceDefinedAt, namespaceIndex } from "../../src/validation/namespace-index.js";
import { useSimulator } from "../harness/index.js";
import { configYaml } from "../helpers/world.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";

const repo = { owner: "acme", repo: "apps" };
const NS = "cluster-scope/base/core/namespaces";

function config(): Config {
  const parsed = parseConfig({ ...(parse(configYaml()) as Record<string, unknown>), gitops: { repository: "acme/apps" } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const request = { team: "astro-lab", namespaces: ["astro-lab"], clusters: ["smaug"], quotaTier: "small" };

describe("reading the base for one request", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo("acme/apps", {
      files: {
        ...readTree(OPF_FIXTURE),
        "argocd/overlays/x/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: astro-lab\n",
        "docs/namespaces.md": "not YAML, not a candidate\n",
      },
    });
  });
  beforeEach(() => {
    forgetScannedTrees();
    forgetParsedManifests();
  });

  it("finds a Namespace defined outside the layout without ever asking for the namespace root", async () => {
    // Every value the code sends to GitHub's GraphQL API: paths and object ids.
    const sent: unknown[] = [];
    const octokit = Object.assign(Object.create(gh.octokit) as typeof gh.octokit, {
      graphql: ((query: string, variables: Record<string, unknown>) => {
        sent.push(...Object.values(variables));
        return gh.octokit.graphql(query, variables);
      }) as typeof gh.octokit.graphql,
    });
    const base = await readBaseSnapshot(octokit, repo, "main", config(), request);
    const index = namespaceIndex(base.snapshot, config());
    expect(index.gap).toBeUndefined();
    expect(namespaceDefinedAt(base.snapshot, config(), index, "astro-lab")).toEqual(["argocd/overlays/x/namespace.yaml"]);
    expect(sent).not.toContain(NS);
    expect(sent).not.toContain(await namespaceRootOid());
    expect(sent).toContain(`${NS}/astro-lab`);
  });

  it("reads nothing more than the request's paths once the tree around the root is known, and only the change (over REST) after a new base", async () => {
    await readBaseSnapshot(gh.octokit, repo, "main", config(), request);
    gh.sim.resetCalls();
    await readBaseSnapshot(gh.octokit, repo, "main", config(), request);
    const called = () => gh.sim.calls.map((c) => c.graphql?.operationName ?? c.operationId);
    expect(called()).toEqual(["ReadBase"]);

    // A new namespace under the root changes no tree around it; a new file in argocd/ is found by one comparison,
    // and its text read over REST: no GraphQL document but the request's own look-up.
    gh.sim.pushCommit("acme/apps", "main", { [`${NS}/new-ns/kustomization.yaml`]: "resources: []\n" }, "someone");
    gh.sim.resetCalls();
    await readBaseSnapshot(gh.octokit, repo, "main", config(), request);
    expect(called()).toEqual(["ReadBase"]);

    gh.sim.pushCommit("acme/apps", "main", { "argocd/overlays/y/namespace.yaml": "kind: Namespace\nmetadata:\n  name: other\n" }, "someone");
    gh.sim.resetCalls();
    const base = await readBaseSnapshot(gh.octokit, repo, "main", config(), request);
    expect(called()).toEqual(["ReadBase", "repos/compare-commits-with-basehead", "git/get-blob"]);
    expect(namespaceIndex(base.snapshot, config()).manifests.get("other")).toEqual(["argocd/overlays/y/namespace.yaml"]);
  });

  it("leaves a binary candidate unread when reading texts over REST, as GraphQL would: the index names it in its gap", async () => {
    gh.sim.pushCommit("acme/apps", "main", { "argocd/overlays/b/namespace.yaml": "kind: Namespace\u0000\n" }, "someone");
    gh.sim.resetCalls();
    const base = await readBaseSnapshot(gh.octokit, repo, "main", config(), request);
    const candidates = (base.snapshot.paths as { manifestCandidates?: string[] }).manifestCandidates ?? [];
    expect(candidates).toContain("argocd/overlays/b/namespace.yaml");
    expect(gh.sim.calls.filter((c) => c.operationId === "git/get-blob")).toHaveLength(candidates.length);
    expect(gh.sim.calls.some((c) => c.graphql?.operationName === "ReadBlobs")).toBe(false);
    expect(namespaceIndex(base.snapshot, config()).gap?.message).toContain("(argocd/overlays/b/namespace.yaml)");
  });

  it("builds the same snapshot from an observation whose directory entries carry no oids (the observe step's)", async () => {
    const paths = pathsToObserve(config(), request);
    const head = await readPathsAtBranch(gh.octokit, repo, "main", paths);
    if (!head) throw new Error("no base");
    const found = new Map(
      [...head.found].map(([path, o]): [string, PathObservation] => [path, o.kind === "tree" ? { ...o, entries: o.entries.map(({ name, type }) => ({ name, type })) } : o]),
    );
    const base = await baseFromObservation(gh.octokit, repo, config(), { commitOid: head.commitOid, treeOid: head.treeOid, found });
    const index = namespaceIndex(base.snapshot, config());
    expect(namespaceDefinedAt(base.snapshot, config(), index, "astro-lab")).toEqual(["argocd/overlays/x/namespace.yaml"]);
  });

  /** The namespace root's tree oid, read here (not by the code under test) to check it was never asked for. */
  async function namespaceRootOid(): Promise<string> {
    const { data } = await gh.octokit.rest.git.getTree({ ...repo, tree_sha: "main", recursive: "1" });
    const oid = data.tree.find((e) => e.path === NS)?.sha;
    if (!oid) throw new Error("the fixture has no namespace root");
    return oid;
  }
});
