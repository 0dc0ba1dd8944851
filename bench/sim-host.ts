/**
 * The GitHub simulator in its own process, driven by the benchmark over IPC. Keeping it out of the benchmark's
 * process means the app's memory (`process.memoryUsage().rss`) and event loop are measured without the simulator's
 * (the REST description alone is ~50 MB of heap), and the two share the machine's cores as a bot and GitHub would.
 */
import { sign } from "@octokit/webhooks-methods";
import { GitHubSimulator, type SimEvent } from "../test/simulator/index.js";
import type { DeliveryResult, HostReply, HostRequest } from "./remote-sim.js";

/** Methods of {@link GitHubSimulator} the benchmark may call; anything else is refused. */
const METHODS = new Set([
  "addInstallation",
  "addUser",
  "addTeam",
  "addRepo",
  "openIssue",
  "comment",
  "comments",
  "takeEvents",
  "resetCalls",
  "pulls",
  "branches",
  "listFiles",
  "readFile",
  "ref",
  "mergePull",
]);
/** Properties the benchmark may read or set. */
const PROPERTIES = new Set(["calls", "violations", "maxConcurrentCalls", "latencyMs", "url"]);

let sim: GitHubSimulator | undefined;

/** POSTs one webhook the way GitHub does: JSON body, event name, delivery id, HMAC-SHA256 signature. */
async function post(url: string, secret: string, event: SimEvent): Promise<DeliveryResult> {
  const body = JSON.stringify(event.payload);
  const signature = await sign(secret, body);
  const name = `${event.name}.${String(event.payload.action ?? "")}`;
  const startedAt = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": event.name, "x-github-delivery": event.id, "x-hub-signature-256": signature },
      body,
    });
    await res.text();
    return { event: name, status: res.status, startedAt, endedAt: performance.now() };
  } catch {
    return { event: name, status: 0, startedAt, endedAt: performance.now() };
  }
}

/**
 * Delivers every queued webhook to the app at once, then whatever the app's requests queued, round after round,
 * until the simulator is quiet (like `deliverAll` in the test harness, but over HTTP).
 */
async function deliverPending(url: string, secret: string, maxRounds: number): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (let round = 0; ; round++) {
    const events = requireSim().takeEvents();
    if (events.length === 0) return results;
    if (round >= maxRounds) throw new Error(`sim-host: webhooks still queued after ${maxRounds} rounds; is the app looping?`);
    results.push(...(await Promise.all(events.map((e) => post(url, secret, e)))));
  }
}

function requireSim(): GitHubSimulator {
  if (!sim) throw new Error("sim-host: call 'start' first");
  return sim;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.kind) {
    case "start":
      sim = await GitHubSimulator.start({
        latencyMs: request.latencyMs,
        ...(request.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeoutMs: request.keepAliveTimeoutMs }),
        ...(request.backlog === undefined ? {} : { backlog: request.backlog }),
      });
      return { url: sim.url, timeOrigin: performance.timeOrigin };
    case "close":
      await sim?.close();
      sim = undefined;
      return null;
    case "call": {
      if (!METHODS.has(request.name)) throw new Error(`sim-host: method '${request.name}' is not allowed`);
      const target = requireSim() as unknown as Record<string, (...args: unknown[]) => unknown>;
      return target[request.name]?.(...request.args);
    }
    case "get": {
      if (!PROPERTIES.has(request.name)) throw new Error(`sim-host: property '${request.name}' is not allowed`);
      return (requireSim() as unknown as Record<string, unknown>)[request.name];
    }
    case "set": {
      if (!PROPERTIES.has(request.name)) throw new Error(`sim-host: property '${request.name}' is not allowed`);
      (requireSim() as unknown as Record<string, unknown>)[request.name] = request.value;
      return null;
    }
    case "calls-since":
      return requireSim().calls.slice(request.from);
    case "usage":
      return { cpu: process.cpuUsage(), rss: process.memoryUsage().rss };
    case "deliver":
      return deliverPending(request.url, request.secret, request.maxRounds);
  }
}

process.on("message", (message: HostRequest & { id: number }) => {
  handle(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value } satisfies HostReply),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies HostReply),
  );
});
process.on("disconnect", () => {
  void sim?.close().finally(() => process.exit(0));
  if (!sim) process.exit(0);
});
