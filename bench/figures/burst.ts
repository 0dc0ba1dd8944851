import { renderIssueBody } from "../../test/helpers/issue-body.js";
import { APPS, PEOPLE, SUPPORT } from "../../test/helpers/world.js";
import { opensPull, settle, startBenchWorld } from "../bench-world.js";
import { clusterNames, generateGitopsTree } from "../gitops-tree.js";
import { below, figure, note } from "../report.js";
import { LATENCY_MS } from "./calls-and-latency.js";

const MB = 1024 * 1024;
/** GitHub's documented limits: concurrent requests (secondary limit) and an installation's base hourly quota. */
const GITHUB_MAX_CONCURRENT = 100;
const INSTALLATION_LIMIT_PER_HOUR = 5000;

/** How the simulator's HTTP server is set up for a burst. */
export interface BurstServer {
  /** Printed in every line of the variant. */
  label: string;
  keepAliveTimeoutMs?: number;
  backlog?: number;
}

/**
 * Figure 4: `count` distinct requests opened at once; the simulator POSTs their webhooks (and then the follow-up
 * ones) to one app instance all at once. Peak RSS is this process's: the app and its webhook server (the simulator
 * and the webhook sender run in their own process), sampled every 10 ms; the idle RSS before the burst is printed
 * for comparison. Run it in a fresh process (see `burst-process.ts`) so earlier figures leave no garbage behind.
 */
export async function burst(count: number, server: BurstServer): Promise<void> {
  const clusters = clusterNames(1);
  const world = await startBenchWorld({
    clusters,
    files: generateGitopsTree({ clusters: 1, namespaces: 10 }),
    latencyMs: LATENCY_MS,
    server: {
      ...(server.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeoutMs: server.keepAliveTimeoutMs }),
      ...(server.backlog === undefined ? {} : { backlog: server.backlog }),
    },
  });
  const tag = `burst of ${count}, ${server.label}`;
  try {
    // Warm-up: the installation token and the simulator's validators, as in any running deployment.
    await world.onboard(world.values(9000));
    const pullsBefore = (await world.sim.pulls(APPS)).length;
    const branchesBefore = (await world.sim.branches(APPS)).length;
    for (let i = 0; i < count; i++) {
      const values = world.values(i + 1);
      await world.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: `Onboarding ${i}`, body: renderIssueBody(values), labels: ["onboarding"] });
    }
    await world.sim.resetCalls();
    const idleRss = process.memoryUsage().rss;
    let peakRss = idleRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 10);
    const cpuBefore = process.cpuUsage();
    const simBefore = (await world.sim.usage()).cpu;
    let deliveries;
    try {
      deliveries = await settle(world.sim, world.app);
    } finally {
      clearInterval(sampler);
    }
    const appCpu = process.cpuUsage(cpuBefore);
    const simAfter = (await world.sim.usage()).cpu;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const calls = await world.sim.calls();
    const started = Math.min(...deliveries.map((d) => d.startedAt));
    const handledMs = Math.max(...deliveries.map((d) => d.endedAt), ...calls.map((c) => c.endedAt)) - started;
    const created = calls.filter(opensPull);
    const lastPr = created.length > 0 ? Math.max(...created.map((c) => c.endedAt)) - started : Number.NaN;
    const pulls = (await world.sim.pulls(APPS)).length - pullsBefore;
    const branches = (await world.sim.branches(APPS)).length - branchesBefore;
    const badDeliveries = deliveries.filter((d) => d.status !== 200 && d.status !== 202);
    const late = deliveries.filter((d) => d.status === 202).length;
    const failedCalls = calls.filter((c) => c.status >= 500 || c.status === 0);
    const violations = await world.sim.violations();
    const failures = badDeliveries.length + world.app.errors.length + violations.length + failedCalls.length;
    const seconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

    figure(`${tag}: time to all PRs open (${LATENCY_MS} ms/call)`, lastPr, "ms");
    figure(`${tag}: time until all handling done (every webhook and follow-up)`, handledMs, "ms");
    figure(`${tag}: peak RSS of the app process`, peakRss / MB, "MB", below(200, "MB", peakRss / MB));
    figure(`${tag}: RSS before the burst (idle app under tsx)`, idleRss / MB, "MB");
    figure(`${tag}: peak V8 heap used`, peakHeap / MB, "MB");
    figure(`${tag}: CPU used, app process / simulator process`, `${seconds(appCpu).toFixed(1)} s / ${(seconds(simAfter) - seconds(simBefore)).toFixed(1)} s`, "");
    const concurrent = await world.sim.maxConcurrentCalls();
    figure(`${tag}: max concurrent GitHub calls`, concurrent, "calls", {
      text: `GitHub's secondary limit: ${GITHUB_MAX_CONCURRENT} concurrent requests`,
      met: concurrent <= GITHUB_MAX_CONCURRENT,
    });
    figure(`${tag}: GitHub calls`, calls.length, `(${(calls.length / count).toFixed(1)} per request)`);
    figure(
      `${tag}: the same calls on github.com at an installation's primary limit of ${INSTALLATION_LIMIT_PER_HOUR}/h`,
      calls.length / INSTALLATION_LIMIT_PER_HOUR,
      "h at least",
    );
    figure(`${tag}: webhooks delivered`, deliveries.length, `(${late} answered 202 after Probot's 9 s webhook timeout)`);
    figure(`${tag}: failures`, failures, "", { text: "0", met: failures === 0 });
    figure(`${tag}: PRs, branches opened`, `${pulls} PRs, ${branches} branches`, "", {
      text: `${count} and ${count}, no duplicates`,
      met: pulls === count && branches === count,
    });
    if (failures > 0) {
      const samples = [
        ...badDeliveries.slice(0, 2).map((d) => `webhook ${d.event} answered ${d.status}`),
        ...world.app.errors.slice(0, 2).map((e) => `app error "${e.msg}": ${JSON.stringify(e.err ?? "").slice(0, 160)}`),
        ...violations.slice(0, 2),
        ...failedCalls.slice(0, 2).map((c) => `call ${c.method} ${c.path} answered ${c.status}`),
      ];
      note(`${tag}: ${world.app.errors.length} app errors, ${badDeliveries.length} failed webhooks; first: ${samples.join(" | ")}`);
    }
  } finally {
    await world.close();
  }
}
