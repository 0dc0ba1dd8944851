import { forgetParsedManifests } from "../../src/controller/read-namespace-manifests.js";
import { forgetScannedTrees } from "../../src/github/scan-outside-root.js";
import { APPS, PEOPLE } from "../../test/helpers/world.js";
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

/** The calls up to the pull request, each with its start and end relative to the first one, GraphQL by operation name. */
function timeline(o: Onboarding): string {
  const t0 = o.calls[0]?.startedAt ?? 0;
  const name = (c: RecordedCall): string => (c.graphql?.operationName ? `graphql ${c.graphql.operationName}` : (c.operationId ?? c.path));
  return o.toPr.map((c) => `${name(c)} ${(c.startedAt - t0).toFixed(0)}-${(c.endedAt - t0).toFixed(0)}`).join(" | ");
}

/** Probot's throttle spaces one installation's writes >= 1 s and PRs/comments >= 3 s: let the previous run's spacing pass. */
const pastThrottle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 3000));

/**
 * The app as `probot run` deploys it (Probot's default Octokit: throttling and retries on), where every GraphQL
 * document of one installation waits >= 1 s for the previous one: (a) a truly cold process (no tree, manifest or
 * scanned base kept from the earlier app instance of this process, configuration not cached), (b) the next request
 * with the configuration cached and the base unchanged, (c) the first request after an earlier onboarding's pull
 * request was merged (the base branch moved the way production's does; the merge's own webhooks are not delivered,
 * so this request is the first run to see the new base). Each with its timeline up to the pull request.
 */
export async function deployedLatency(world: BenchWorld): Promise<void> {
  forgetScannedTrees();
  forgetParsedManifests();
  const deployed = await world.addApp("deployed");
  const cold = await world.onboard(world.values(nextRequest++), deployed);
  requirePr(cold, "deployed Octokit, cold process");
  figure("latency webhook->PR opened, Probot default Octokit (throttling on), cold process", cold.prOpenedMs, "ms", atMost(1500, "ms", cold.prOpenedMs));
  note(`timeline, cold process: ${timeline(cold)}`);
  figure("latency webhook->all handling done, Probot default Octokit (throttling on), cold process", cold.handledMs, "ms");

  await pastThrottle();
  const warm = await world.onboard(world.values(nextRequest++), deployed);
  requirePr(warm, "deployed Octokit, warm");
  figure("latency webhook->PR opened, Probot default Octokit (throttling on), configuration cached, base unchanged", warm.prOpenedMs, "ms", atMost(1500, "ms", warm.prOpenedMs));
  note(`timeline, warm: ${timeline(warm)}`);

  const pull = (await world.sim.pulls(APPS)).find((p) => p.state === "open");
  if (!pull) throw new Error("bench: deployed: no open pull request to merge");
  await world.sim.mergePull(APPS, pull.number, PEOPLE.approver);
  await world.sim.takeEvents();
  await pastThrottle();
  const moved = await world.onboard(world.values(nextRequest++), deployed);
  requirePr(moved, "deployed Octokit, new base");
  figure(`latency webhook->PR opened, Probot default Octokit (throttling on), after merging #${pull.number} (new base)`, moved.prOpenedMs, "ms", atMost(1500, "ms", moved.prOpenedMs));
  note(`timeline, new base: ${timeline(moved)}`);
  const writes = warm.calls.filter((c) => c.method !== "GET" && !(c.operationId ?? "").startsWith("apps/")).length;
  note(
    `with Probot's default throttling every write (and every GraphQL document) of one installation waits >= 1 s for the previous one, and PRs, comments and review requests >= 3 s: ${writes} writes per onboarding`,
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
