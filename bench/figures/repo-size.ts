import { APPS } from "../../test/helpers/world.js";
import { startBenchWorld, type Onboarding } from "../bench-world.js";
import { clusterNames, generateGitopsTree } from "../gitops-tree.js";
import { atMost, figure, note } from "../report.js";
import { median } from "../stats.js";
import { LATENCY_MS } from "./calls-and-latency.js";

/** GitHub's documented limits of one recursive tree read before `truncated: true`. */
const TREE_LIMIT_ENTRIES = 100_000;
const TREE_LIMIT_BYTES = 7 * 1024 * 1024;
const SIZES = [10, 100_000] as const;

/**
 * Figure 5: one onboarding in a GitOps repository with 10 and with 100,000 existing namespaces (3 clusters, the
 * namespaces spread over their overlays; the request targets one cluster): calls and time, median of `runs`, in the
 * steady state (one onboarding first, so the tree around the namespace root is known).
 */
export async function repositorySize(runs = 5): Promise<void> {
  const result = new Map<number, { calls: number; toPr: number; ms: number; handled: number; ops: string[] }>();
  const durations = new Map<number, Map<string, number>>();
  for (const namespaces of SIZES) {
    const clusters = clusterNames(3);
    const world = await startBenchWorld({ clusters, files: generateGitopsTree({ clusters: 3, namespaces }), latencyMs: LATENCY_MS });
    try {
      const measured: Onboarding[] = [];
      await world.onboard(world.values(1, clusters.slice(0, 1)));
      for (let i = 0; i < runs; i++) measured.push(await world.onboard(world.values(i + 2, clusters.slice(0, 1))));
      if (measured.some((o) => Number.isNaN(o.prOpenedMs))) throw new Error(`bench: repository size ${namespaces}: a request opened no pull request`);
      const r = {
        calls: median(measured.map((o) => o.calls.length)),
        toPr: median(measured.map((o) => o.toPr.length)),
        ms: median(measured.map((o) => o.prOpenedMs)),
        handled: median(measured.map((o) => o.handledMs)),
        ops: (measured[0]?.calls ?? []).map((c) => c.graphql?.operationName ?? c.operationId ?? c.path).sort(),
      };
      result.set(namespaces, r);
      const label = `${namespaces.toLocaleString("en-US")} existing namespaces`;
      figure(`${label}: calls issue->PR / per onboarding`, `${r.toPr} / ${r.calls}`, "calls");
      figure(`${label}: latency webhook->PR opened, median of ${runs}`, r.ms, "ms");
      // Where the time on the path went: inside the simulator's calls (incl. its 50 ms), or in the app between them
      // (its CPU, and reading and parsing responses, which the simulator's timing does not include).
      const inCalls = median(measured.map((o) => o.critical.reduce((sum, c) => sum + (c.endedAt - c.startedAt), 0)));
      figure(`${label}: critical path split`, `${inCalls.toFixed(0)} ms in GitHub calls, ${(r.ms - inCalls).toFixed(0)} ms in the app between calls`, "");
      const byOp = new Map<string, number>();
      for (const op of new Set(measured.flatMap((o) => o.toPr.map((c) => c.operationId ?? "")))) {
        byOp.set(op, median(measured.flatMap((o) => o.toPr.filter((c) => c.operationId === op).map((c) => c.endedAt - c.startedAt))));
      }
      durations.set(namespaces, byOp);
      const octokit = await world.app.octokit(1);
      const [owner, repo] = APPS.split("/") as [string, string];
      const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
      const bytes = Buffer.byteLength(JSON.stringify(data));
      figure(
        `${label}: one recursive tree read (what the bot no longer does)`,
        `${data.tree.length} entries, ${(bytes / 1024 / 1024).toFixed(2)} MB`,
        "",
        { text: `GitHub truncates beyond ${TREE_LIMIT_ENTRIES.toLocaleString("en-US")} entries or 7 MB`, met: data.tree.length < TREE_LIMIT_ENTRIES && bytes < TREE_LIMIT_BYTES },
      );
    } finally {
      await world.close();
    }
  }
  const small = result.get(SIZES[0]);
  const large = result.get(SIZES[1]);
  const smallOps = durations.get(SIZES[0]);
  const largeOps = durations.get(SIZES[1]);
  if (smallOps && largeOps) {
    const growth = [...largeOps]
      .map(([op, ms]) => [op, ms, smallOps.get(op) ?? 0] as const)
      .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
      .slice(0, 3)
      .map(([op, ms, before]) => `${op} ${before.toFixed(0)} -> ${ms.toFixed(0)} ms`);
    note(`calls that grew most with 100,000 namespaces (median duration in the simulator): ${growth.join(", ")}`);
  }
  if (small && large) {
    figure("100,000 vs 10 namespaces: calls per onboarding", `${large.calls} vs ${small.calls}`, "", { text: "same", met: large.calls === small.calls });
    const extra = [...large.ops];
    for (const op of small.ops) extra.splice(extra.indexOf(op), extra.includes(op) ? 1 : 0);
    if (extra.length > 0) note(`calls only with 100,000 namespaces: ${extra.join(", ")}`);
    figure("100,000 vs 10 namespaces: time ratio webhook->PR", large.ms / small.ms, "x", atMost(1.2, "x", large.ms / small.ms));
  }
}
