import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { APPS, createWorld, type World } from "../helpers/world.js";
import { postWebhook, SECRET, labeledEvent } from "./server-harness.js";

const FIXTURE = new URL("./fixtures/serve-child.ts", import.meta.url).pathname;

interface Child {
  process: ChildProcess;
  url: string;
  /** The next JSON line the child prints on stdout. */
  next: () => Promise<Record<string, unknown>>;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
  stderr: string[];
}

async function spawnServer(simUrl: string, graceMs: number): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      WEBHOOK_SECRET: SECRET,
      SIM_URL: simUrl,
      GRACE_MS: String(graceMs),
      LOG_LEVEL: "info",
      // The trust roots the app requires outside tests.
      SUPPORT_REPOSITORIES: "operate-first/support",
      GITOPS_REPOSITORY: APPS,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exit = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const stderr: string[] = [];
  child.stderr!.on("data", (c: Buffer) => stderr.push(c.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the server process printed nothing more; stderr:\n${stderr.join("")}`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  const { url } = (await next()) as { url: string };
  return { process: child, url, next, exit, stderr };
}

describe("SIGTERM to a real server process in the middle of a run", () => {
  let world: World | undefined;
  let child: Child | undefined;
  afterEach(async () => {
    if (child && child.process.exitCode === null) child.process.kill("SIGKILL");
    await world?.close();
    world = undefined;
    child = undefined;
  });

  it("stops taking webhooks, finishes the run in flight within the grace period and exits 0", async () => {
    // Every GitHub call takes 150 ms, so the run is still going when the signal arrives.
    world = await createWorld({ latencyMs: 150 });
    child = await spawnServer(world.sim.url, 20_000);
    world.openRequest();
    const event = labeledEvent(world);
    const callsBefore = world.sim.calls.length;
    const delivery = postWebhook(child.url, event);
    await expect.poll(() => world!.sim.calls.length, { timeout: 10_000 }).toBeGreaterThan(callsBefore + 1);
    expect(world.sim.pulls(APPS)).toHaveLength(0);

    child.process.kill("SIGTERM");
    await expect.poll(() => child!.stderr.join(""), { timeout: 10_000 }).toContain("stop signal received");
    // A new delivery after the signal is refused (503 on an open connection, or no listener at all).
    world.openRequest();
    const late = await postWebhook(child.url, labeledEvent(world)).then((r) => r.status, () => "refused");
    expect([503, "refused"]).toContain(late);

    expect((await delivery).status).toBe(200);
    expect(await child.next()).toEqual({ report: { abandoned: 0 } });
    expect(await child.exit).toEqual([0, null]);
    expect(world.sim.pulls(APPS)).toHaveLength(1);
    expect(child.stderr.join("")).toContain('"msg":"shut down"');
  });

  it("abandons a run that outlasts the grace period, still exits 0, and the sweep repairs the request", async () => {
    world = await createWorld({ latencyMs: 150 });
    child = await spawnServer(world.sim.url, 200);
    world.openRequest();
    const event = labeledEvent(world);
    const callsBefore = world.sim.calls.length;
    void postWebhook(child.url, event).catch(() => undefined);
    await expect.poll(() => world!.sim.calls.length, { timeout: 10_000 }).toBeGreaterThan(callsBefore + 1);

    child.process.kill("SIGTERM");
    expect(await child.next()).toEqual({ report: { abandoned: 1 } });
    expect(await child.exit).toEqual([0, null]);
    expect(child.stderr.join("")).toContain("runs abandoned after the grace period");
    expect(world.sim.pulls(APPS)).toHaveLength(0);

    // The request's state is in GitHub: the next sweep (here the in-process app's) finishes it.
    const report = await world.handles.sweep();
    expect(report).toMatchObject({ requests: 1, failed: 0 });
    expect(world.sim.pulls(APPS)).toHaveLength(1);
  });
});
