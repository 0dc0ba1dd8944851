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
/** Repositories measured: namespaces, and how many of them the edited overlays list (all: the overlays grow too). */
const SHAPES: ReadonlyArray<{ namespaces: number; inConfiguredOverlays?: number; label: string }> = [
  { namespaces: SIZES[0], label: "10 existing namespaces" },
  { namespaces: SIZES[1], label: "100,000 existing namespaces" },
  { namespaces: SIZES[1], inConfiguredOverlays: SIZES[0], label: "100,000 existing namespaces, 10 of them on the chosen clusters" },
];

/** What one repository's onboardings measured. */
interface Measured {
  calls: number;
  ms: number;
  /** Of `ms`, the time in the app between GitHub's answers (its CPU), not inside the simulator's calls. */
  appMs: number;
  ops: string[];
  byOp: Map<string, number>;
}

/**
 * Figure 5: one onboarding in a GitOps repository with 10 and with 100,000 existing namespaces (3 clusters; the
 * request targets one): calls and time, median of `runs`, in the steady state (one onboarding first, so the tree
 * around the namespace root is known). The 100,000 are measured twice: spread over the chosen clusters' overlays
 * (the overlay the request edits then lists 33,334 namespaces), and with the chosen clusters' overlays as in the small
 * repository (the others on clusters the configuration does not name), which isolates the repository's size.
 */
export async function repositorySize(runs = 5): Promise<void> {
  const results: Measured[] = [];
  for (const shape of SHAPES) {
    const clusters = clusterNames(3);
    const files = generateGitopsTree({ clusters: 3, namespaces: shape.namespaces, ...(shape.inConfiguredOverlays === undefined ? {} : { inConfiguredOverlays: shape.inConfiguredOverlays }) });
    const world = await startBenchWorld({ clusters, files, latencyMs: LATENCY_MS });
    try {
      const measured: Onboarding[] = [];
      await world.onboard(world.values(1, clusters.slice(0, 1)));
      for (let i = 0; i < runs; i++) measured.push(await world.onboard(world.values(i + 2, clusters.slice(0, 1))));
      if (measured.some((o) => Number.isNaN(o.prOpenedMs))) throw new Error(`bench: ${shape.label}: a request opened no pull request`);
      const byOp = new Map<string, number>();
      for (const op of new Set(measured.flatMap((o) => o.toPr.map((c) => c.operationId ?? "")))) {
        byOp.set(op, median(measured.flatMap((o) => o.toPr.filter((c) => c.operationId === op).map((c) => c.endedAt - c.startedAt))));
      }
      const inCalls = median(measured.map((o) => o.critical.reduce((sum, c) => sum + (c.endedAt - c.startedAt), 0)));
      const ms = median(measured.map((o) => o.prOpenedMs));
      const r: Measured = {
        calls: median(measured.map((o) => o.calls.length)),
        ms,
        appMs: ms - inCalls,
        ops: (measured[0]?.calls ?? []).map((c) => c.graphql?.operationName ?? c.operationId ?? c.path).sort(),
        byOp,
      };
      results.push(r);
      figure(`${shape.label}: calls issue->PR / per onboarding`, `${median(measured.map((o) => o.toPr.length))} / ${r.calls}`, "calls");
      figure(`${shape.label}: latency webhook->PR opened, median of ${runs}`, r.ms, "ms");
      // Where the time on the path went: inside the simulator's calls (incl. its 50 ms), or in the app between them
      // (its CPU, and reading and parsing responses, which the simulator's timing does not include).
      figure(`${shape.label}: critical path split`, `${inCalls.toFixed(0)} ms in GitHub calls, ${(r.ms - inCalls).toFixed(0)} ms in the app between calls`, "");
      if (shape.inConfiguredOverlays === undefined) {
        const octokit = await world.app.octokit(1);
        const [owner, repo] = APPS.split("/") as [string, string];
        const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
        const bytes = Buffer.byteLength(JSON.stringify(data));
        figure(
          `${shape.label}: one recursive tree read (what the bot no longer does)`,
          `${data.tree.length} entries${data.truncated ? " (truncated)" : ""}, ${(bytes / 1024 / 1024).toFixed(2)} MB`,
          "",
          { text: `GitHub truncates beyond ${TREE_LIMIT_ENTRIES.toLocaleString("en-US")} entries or 7 MB`, met: !data.truncated && bytes < TREE_LIMIT_BYTES },
        );
      }
    } finally {
      await world.close();
    }
  }
  const [small, large, isolated] = results;
  if (!small || !large || !isolated) return;
  compare("100,000 vs 10 namespaces", small, large);
  compare("100,000 (10 on the chosen clusters) vs 10 namespaces", small, isolated);
}

/** Prints calls and time of `large` against `small`, and what differs. */
function compare(label: string, small: Measured, large: Measured): void {
  const extra = [...large.ops];
  for (const op of small.ops) if (extra.includes(op)) extra.splice(extra.indexOf(op), 1);
  figure(`${label}: calls per onboarding`, `${large.calls} vs ${small.calls}`, "", { text: "same", met: large.calls === small.calls });
  if (extra.length > 0) note(`${label}: calls only in the larger repository: ${extra.join(", ")}`);
  const growth = [...large.byOp]
    .map(([op, ms]) => [op, ms, small.byOp.get(op) ?? 0] as const)
    .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
    .slice(0, 3)
    .map(([op, ms, before]) => `${op} ${before.toFixed(0)} -> ${ms.toFixed(0)} ms`);
  note(`${label}: calls that grew most (median duration in the simulator): ${growth.join(", ")}`);
  figure(`${label}: time ratio webhook->PR`, large.ms / small.ms, "x", atMost(1.2, "x", large.ms / small.ms));
  // The simulator keeps the repository in memory in JavaScript: its own calls slow down with 100,000 namespaces (a
  // new 100,000-entry directory tree per commit, garbage collection), which GitHub's do not in the same way.
  figure(`${label}: time ratio in the app between calls`, large.appMs / small.appMs, "x", atMost(1.2, "x", large.appMs / small.appMs));
}
