import { APPS } from "../../test/helpers/world.js";
import type { RecordedCall } from "../../test/simulator/index.js";
import type { FileChange } from "../../src/types.js";
import { startBenchWorld, type BenchWorld, type Onboarding } from "../bench-world.js";
import { contentsApiOnboarding } from "../contents-baseline.js";
import { criticalPath, describeRounds, rounds } from "../critical-path.js";
import { clusterNames, generateGitopsTree } from "../gitops-tree.js";
import { atMost, figure, note } from "../report.js";
import { median, percentile } from "../stats.js";

export const LATENCY_MS = 50;
const MEASURED_RUNS = 3;

let nextRequest = 1;

/** Onboards `runs` distinct requests one after another. */
async function onboardMany(world: BenchWorld, runs: number): Promise<Onboarding[]> {
  const out: Onboarding[] = [];
  for (let i = 0; i < runs; i++) out.push(await world.onboard(world.values(nextRequest++)));
  return out;
}

function requirePr(o: Onboarding, where: string): void {
  if (Number.isNaN(o.prOpenedMs)) {
    throw new Error(`bench: ${where}: request #${o.number} opened no pull request (${o.deliveries.map((d) => `${d.event}:${d.status}`).join(", ")})`);
  }
}

/**
 * Figure 1: GitHub calls per onboarding, total and on the critical path, for 1, 3 and 10 clusters. Returns the
 * one-cluster world (still running) for the latency and baseline figures.
 */
export async function callsPerOnboarding(): Promise<BenchWorld> {
  let oneCluster: BenchWorld | undefined;
  for (const n of [1, 3, 10]) {
    const clusters = clusterNames(n);
    const world = await startBenchWorld({ clusters, files: generateGitopsTree({ clusters: n, namespaces: 10 }), latencyMs: LATENCY_MS });
    const [cold] = await onboardMany(world, 1);
    const runs = await onboardMany(world, MEASURED_RUNS);
    for (const o of [cold as Onboarding, ...runs]) requirePr(o, `${n} clusters`);
    const label = `${n} cluster${n === 1 ? "" : "s"}`;
    const toPr = median(runs.map((o) => o.toPr.length));
    const critical = Math.max(...runs.map((o) => o.critical.length));
    figure(`calls issue->PR, ${label}`, toPr, "calls");
    // Issue 12's targets: 2 sequential calls with the configuration cached (3 cold), 8 calls in all, whatever the clusters.
    figure(`critical path issue->PR, ${label}`, critical, "sequential calls", atMost(2, "", critical));
    const all = median(runs.map((o) => o.calls.length));
    figure(`calls per onboarding incl. status/labels/reviewers, ${label}`, all, "calls", atMost(8, "", all));
    if (n === 1) {
      const sample = runs[0] as Onboarding;
      note(`rounds issue->PR, 1 cluster: ${describeRounds(rounds(sample.toPr))}`);
      note(`rounds after the PR, 1 cluster: ${describeRounds(rounds(sample.calls.filter((c) => !sample.toPr.includes(c))))}`);
      const first = cold as Onboarding;
      const coldCritical = first.critical.filter((c) => !(c.operationId ?? "").startsWith("apps/")).length;
      note(`rounds issue->PR, cold: ${describeRounds(rounds(first.toPr))} (${first.toPr.map((c) => c.graphql?.operationName ?? "").join(",")})`);
      figure(
        "first onboarding after start (cold: installation token, configuration not cached), 1 cluster: critical path without the app's own token calls",
        coldCritical,
        `sequential calls (${first.toPr.length} calls in all)`,
        atMost(3, "", coldCritical),
      );
      oneCluster = world;
    } else {
      note(`rounds issue->PR, ${label}: ${describeRounds(rounds((runs[0] as Onboarding).toPr))}`);
      await world.close();
    }
  }
  return oneCluster as BenchWorld;
}

/** Figure 2: webhook → PR opened with 50 ms per call, median and p95 over `runs` onboardings. */
export async function latency(world: BenchWorld, runs = 20): Promise<number> {
  const measured = await onboardMany(world, runs);
  for (const o of measured) requirePr(o, "latency");
  const opened = measured.map((o) => o.prOpenedMs);
  const budget = 150;
  const med = median(opened);
  const p95 = percentile(opened, 95);
  figure(`latency webhook->PR opened, median of ${runs} (${LATENCY_MS} ms/call)`, med, "ms", atMost(budget, "ms", med));
  figure(`latency webhook->PR opened, p95 of ${runs} (${LATENCY_MS} ms/call)`, p95, "ms", atMost(budget, "ms", p95));
  figure("latency in round trips (median / 50 ms)", med / LATENCY_MS, "round trips");
  figure(`latency webhook->all handling done (status, labels, reviewers), median`, median(measured.map((o) => o.handledMs)), "ms");
  return med;
}

/**
 * The app as `probot run` deploys it (Probot's default Octokit: throttling and retries on), one cold onboarding:
 * the throttle spaces writes of one installation >= 1 s apart and notification-triggering writes >= 3 s apart.
 */
export async function deployedLatency(world: BenchWorld): Promise<void> {
  const deployed = await world.addApp("deployed");
  const o = await world.onboard(world.values(nextRequest++), deployed);
  requirePr(o, "deployed Octokit");
  figure("latency webhook->PR opened, Probot default Octokit (throttling on), 1 cold run", o.prOpenedMs, "ms", atMost(1500, "ms", o.prOpenedMs));
  figure("latency webhook->all handling done, Probot default Octokit (throttling on), cold", o.handledMs, "ms");
  // The next request of the same installation, once the throttle's spacing from the first one has passed.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const warm = await world.onboard(world.values(nextRequest++), deployed);
  requirePr(warm, "deployed Octokit, warm");
  figure("latency webhook->PR opened, Probot default Octokit (throttling on), configuration cached", warm.prOpenedMs, "ms", atMost(1500, "ms", warm.prOpenedMs));
  const t0 = o.calls[0]?.startedAt ?? 0;
  note(`timeline: ${o.calls.map((c) => `${c.operationId ?? c.path} ${(c.startedAt - t0).toFixed(0)}-${(c.endedAt - t0).toFixed(0)}`).join(" | ")}`);
  const writes = o.calls.filter((c) => c.method !== "GET" && !(c.operationId ?? "").startsWith("apps/")).length;
  note(
    `with Probot's default throttling every write of one installation waits >= 1 s for the previous one, and PRs, comments and review requests >= 3 s: ${writes} writes per onboarding`,
  );
}

/** The files the app's pull request for request `number` wrote, and which of them existed on the base branch. */
async function filesOfPull(world: BenchWorld, branch: string): Promise<{ files: FileChange[]; existing: Set<string> }> {
  const [head, base] = await Promise.all([world.sim.listFiles(APPS, branch), world.sim.listFiles(APPS, "main")]);
  const baseSet = new Set(base);
  const files: FileChange[] = [];
  const existing = new Set<string>();
  for (const path of head) {
    const [after, before] = await Promise.all([world.sim.readFile(APPS, branch, path), world.sim.readFile(APPS, "main", path)]);
    if (after === undefined || after === before) continue;
    files.push({ path, content: after });
    if (baseSet.has(path)) existing.add(path);
  }
  return { files, existing };
}

/** Figure 6: the same request through the hand-written Contents API script, compared with the app. */
export async function contentsBaseline(world: BenchWorld, runs = 5): Promise<void> {
  const octokit = await world.app.octokit(1);
  const [owner, repo] = APPS.split("/") as [string, string];
  const app: Onboarding[] = [];
  const manual: { calls: RecordedCall[]; ms: number; commits: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const values = world.values(nextRequest++);
    const o = await world.onboard(values);
    requirePr(o, "baseline");
    app.push(o);
    const pulls = await world.sim.pulls(APPS);
    const pull = pulls.find((p) => p.body?.includes(`#${o.number}`)) ?? pulls.at(-1);
    if (!pull) throw new Error("bench: baseline: the app's pull request is missing");
    const { files, existing } = await filesOfPull(world, pull.head.ref);
    await world.sim.resetCalls();
    const started = performance.now();
    const run = await contentsApiOnboarding(octokit, { owner, repo }, {
      baseBranch: "main",
      branch: `manual/request-${o.number}`,
      files,
      existing,
      title: pull.title,
      body: pull.body ?? "",
    });
    const ms = performance.now() - started;
    manual.push({ calls: await world.sim.calls(), ms, commits: run.commits });
    await world.sim.takeEvents();
  }
  const appCalls = median(app.map((o) => o.toPr.length));
  const appCritical = median(app.map((o) => o.critical.length));
  const appMs = median(app.map((o) => o.prOpenedMs));
  const manCalls = median(manual.map((m) => m.calls.length));
  const manCritical = median(manual.map((m) => criticalPath(m.calls).length));
  const manMs = median(manual.map((m) => m.ms));
  figure("baseline (Contents API, one commit per file): calls to PR", manCalls, `calls, ${median(manual.map((m) => m.commits))} commits`);
  figure("baseline: critical path to PR", manCritical, "sequential calls");
  figure(`baseline: latency to PR, median of ${runs}`, manMs, "ms");
  figure("ratio app/baseline: calls to PR", appCalls / manCalls, `(${appCalls} vs ${manCalls})`);
  figure("ratio app/baseline: critical path", appCritical / manCritical, `(${appCritical} vs ${manCritical})`);
  figure("ratio app/baseline: latency to PR", appMs / manMs, `(${appMs.toFixed(0)} ms vs ${manMs.toFixed(0)} ms)`);
}
