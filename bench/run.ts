/**
 * `npm run bench`: drives the real app (Probot's webhook middleware on loopback, signed webhooks) against the GitHub
 * simulator (in its own process) and prints one line per figure, `name: value unit (target: …) PASS|MISS`. It
 * reports; it never fails on a target. Exits non-zero only when the benchmark itself could not run.
 * `npm run bench -- adversarial` prints only the adversarial-input figures (figure 7), in seconds; `-- repo-size` only
 * figure 5 (10 vs 100,000 namespaces); `-- tree-walk` only figure 10 (the whole-tree walk of cluster and offboarding
 * requests, in calls); `-- burst` only figure 4 (500 requests at once, compiled app; `-- burst --tsx` runs the
 * sources under tsx instead); `-- critical-path` only figures 1 and 2 (calls per onboarding, latency); `-- deployed`
 * figure 1 and 2b (Probot's default Octokit: a cold process, the configuration cached, and a new base after a merge).
 */
import { fork } from "node:child_process";
import os from "node:os";
import { callsPerOnboarding, contentsBaseline, deployedLatency, latency } from "./figures/calls-and-latency.js";
import { adversarialWorstCase } from "./figures/adversarial.js";
import { bodyLimitMemory } from "./figures/body-limit.js";
import { cpuPerRequest } from "./figures/cpu.js";
import { buildCompiledBurst, deployedNodeFlags } from "./compiled-app.js";
import { repositorySize } from "./figures/repo-size.js";
import { outsiderCost } from "./figures/outsider.js";
import { treeWalk } from "./figures/tree-walk.js";
import { figure, note, printed } from "./report.js";

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  figure("machine", `node ${process.version}, ${cpus.length} x ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM`, "");
  // Probot reads these at construction; set, it tries to install optional packages (offline here).
  for (const name of ["REDIS_URL", "SENTRY_DSN", "WEBHOOK_PROXY_URL"]) delete process.env[name];
  if (process.argv.includes("outsider")) {
    note("9. an outsider's refused commands: calls per comment, replies");
    await outsiderCost();
    return;
  }
  if (process.argv.includes("repo-size")) {
    note("5. repository size");
    await repositorySize();
    return;
  }
  if (process.argv.includes("tree-walk")) {
    note("10. whole-tree walk of cluster and offboarding requests (calls)");
    await treeWalk();
    return;
  }
  if (process.argv.includes("burst")) {
    note("4. burst: 500 requests at once (fresh process)");
    printed.push(...(await runBurstProcess("tuned", 500)));
    return;
  }
  if (process.argv.includes("adversarial")) {
    note("7. adversarial input: worst case over 64 KiB bodies");
    await adversarialWorstCase();
    return;
  }

  if (process.argv.includes("deployed")) {
    const world = await callsPerOnboarding();
    try {
      note("2b. as deployed: Probot's default Octokit (throttling on)");
      await deployedLatency(world);
    } finally {
      await world.close();
    }
    return;
  }

  note("1. GitHub calls per onboarding (steady state: token cached; simulator adds 50 ms per call)");
  const world = await callsPerOnboarding();
  try {
    note("2. end-to-end latency");
    await latency(world);
    if (process.argv.includes("critical-path")) return;
    note("6. baseline: the Contents API, one commit per file");
    await contentsBaseline(world);
    note("2b. as deployed: Probot's default Octokit (throttling on)");
    await deployedLatency(world);
  } finally {
    await world.close();
  }
  note("9. an outsider's refused commands: calls per comment, replies");
  await outsiderCost();
  note("3. CPU of parse + validate + render");
  cpuPerRequest();
  note("7. adversarial input: worst case over 64 KiB bodies");
  await adversarialWorstCase();
  note("8. webhook body limit: memory under an unsigned 100 MB POST");
  await bodyLimitMemory();
  note("5. repository size");
  await repositorySize();
  note("10. whole-tree walk of cluster and offboarding requests (calls)");
  await treeWalk();
  note("4. burst: 500 requests at once (each in a fresh process)");
  for (const variant of ["tuned", "defaults"]) printed.push(...(await runBurstProcess(variant, 500)));
  figure("bench wall time", (performance.now() - started) / 1000, "s");
  const missed = printed.filter((l) => l.endsWith(" MISS")).length;
  note(`${missed} target(s) missed`);
}

/** The compiled burst harness, built once per bench run (both variants use it). */
let compiledBurst: URL | undefined;

/**
 * Runs the burst in a fresh process (forked, no shell); resolves with the lines it printed. By default the app is
 * the compiled one (`npm run build` → `lib/`) under plain `node` with the Dockerfile's node flags, as deployed (see
 * `compiled-app.ts`); with `--tsx` the sources run under tsx instead (which adds tsx's loader and transpile caches
 * to the measured RSS), with `--node-defaults` without the Dockerfile's flags.
 */
function runBurstProcess(variant: string, count: number): Promise<string[]> {
  const underTsx = process.argv.includes("--tsx");
  const entry = underTsx ? new URL("./burst-process.ts", import.meta.url) : (compiledBurst ??= buildCompiledBurst());
  return new Promise((resolve, reject) => {
    // BENCH_BURST_NODE_FLAGS (diagnosis, e.g. "--trace-gc"): extra flags for the burst process's node.
    const flags = (process.env.BENCH_BURST_NODE_FLAGS ?? "").split(" ").filter((f) => f !== "");
    const deployed = process.argv.includes("--node-defaults") ? [] : deployedNodeFlags();
    const execArgv = [...(underTsx ? ["--import", "tsx"] : []), ...deployed, ...flags];
    const child = fork(entry, [variant, String(count)], { execArgv, stdio: "inherit" });
    let lines: string[] = [];
    child.on("message", (m: { printed?: string[] }) => {
      lines = m.printed ?? [];
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(lines) : reject(new Error(`the burst process (${variant}) exited with ${String(code)}`))));
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
