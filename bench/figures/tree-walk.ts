import { readTreePaths } from "../../src/github/reader.js";
import type { Octokit } from "../../src/github/octokit.js";
import { forgetTrees, walkBounds } from "../../src/github/tree-walk.js";
import { createTestProbot } from "../../test/harness/create-test-probot.js";
import { GitHubSimulator } from "../../test/simulator/index.js";
import { generateGitopsTree } from "../gitops-tree.js";
import { atMost, figure } from "../report.js";

const NAMESPACES_DIR = "cluster-scope/base/core/namespaces";
const repo = { owner: "acme", repo: "apps" };

/**
 * Figure 10: the whole-tree walk of cluster and offboarding requests (`readTreePaths`), in calls, for 10 and 10,000
 * existing namespaces: a process's first walk, the same base again (steady state), and a new base commit that changes
 * one namespace. Calls only (each is one GraphQL document); the in-process simulator adds no latency.
 */
export async function treeWalk(): Promise<void> {
  for (const namespaces of [10, 10_000]) {
    const sim = await GitHubSimulator.start();
    try {
      sim.addInstallation(1, "acme");
      sim.addRepo("acme/apps", { files: generateGitopsTree({ clusters: 3, namespaces }) });
      const octokit = (await createTestProbot(sim, () => undefined).auth(1)) as unknown as Octokit;
      const treeOf = async (): Promise<{ sha: string; entries: number; first?: string }> => {
        const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: "main", recursive: "1" });
        const first = data.tree.find((e) => e.type === "tree" && e.path?.startsWith(`${NAMESPACES_DIR}/`))?.path;
        return { sha: data.sha, entries: data.tree.length, ...(first === undefined ? {} : { first }) };
      };
      const bounds = walkBounds({ maxTreeEntries: 1_000_000 });
      const walk = async (sha: string): Promise<number> => {
        sim.resetCalls();
        await readTreePaths(octokit, repo, sha, bounds);
        return sim.calls.length;
      };
      forgetTrees();
      const base = await treeOf();
      const label = `tree walk, ${namespaces.toLocaleString("en-US")} namespaces (${base.entries.toLocaleString("en-US")} entries)`;
      figure(`${label}: first walk`, await walk(base.sha), "calls");
      const steady = await walk(base.sha);
      figure(`${label}: same base again`, steady, "calls", atMost(0, "calls", steady));
      sim.pushCommit("acme/apps", "main", { [`${base.first ?? NAMESPACES_DIR}/kustomization.yaml`]: "resources: []\n" }, "someone");
      const changed = await walk((await treeOf()).sha);
      figure(`${label}: new base changing one namespace`, changed, "calls", atMost(6, "calls", changed));
    } finally {
      await sim.close();
    }
  }
}
